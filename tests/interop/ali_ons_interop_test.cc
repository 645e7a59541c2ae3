// ali-ons (npm ali-ons@3.12.0) producer and push consumer against the real
// `apogee dev`. docs/interop.md says what each test covers and how to run them.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "interop/interop_fixture.h"
#include "support/wait.h"

namespace apogee::interop {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> keysOf(const std::vector<Event>& events) {
  std::vector<std::string> keys;
  for (const auto& e : events) keys.push_back(e.keys);
  return keys;
}

std::set<std::int32_t> queuesOf(const std::vector<Event>& events) {
  std::set<std::int32_t> queues;
  for (const auto& e : events) queues.insert(e.queueId);
  return queues;
}

TEST_F(AliOnsInteropTest, ThousandMessagesWithTagsAndKeysReachAConsumerGroup) {
  const std::string topic = "InteropBulk";
  const std::string group = "interop_bulk_group";
  createTopic(topic);
  auto consumer = startConsumer(group, topic);
  ASSERT_TRUE(consumer);

  auto sent = produce(topic, 1000, "TagA,TagB,TagC", "bulk");
  ASSERT_EQ(sent.size(), 1000u);
  EXPECT_TRUE(waitForKeys(*consumer, keysOf(sent), 90s)) << "not every message arrived in 90 s";
  ASSERT_NO_FATAL_FAILURE(closeConsumer(*consumer));

  std::map<std::string, Event> by_key;
  for (const auto& s : sent) by_key[s.keys] = s;
  std::map<std::string, int> deliveries;
  for (const auto& m : eventsOf(consumer->lines(), "msg")) {
    ++deliveries[m.keys];
    auto it = by_key.find(m.keys);
    ASSERT_NE(it, by_key.end()) << "unexpected key " << m.keys;
    EXPECT_EQ(m.topic, topic);
    EXPECT_EQ(m.body, it->second.body) << m.keys;
    EXPECT_EQ(m.tags, it->second.tags) << m.keys;
    // ali-ons computes the id from store host and commit-log offset on both
    // sides: the send response's msgId must be the same offset message id.
    EXPECT_EQ(m.msgId, it->second.msgId) << m.keys;
    EXPECT_EQ(m.queueId, it->second.queueId) << m.keys;
    EXPECT_EQ(m.queueOffset, it->second.queueOffset) << m.keys;
    EXPECT_EQ(m.reconsumeTimes, 0) << m.keys;
  }
  int duplicates = 0;
  for (const auto& [key, n] : deliveries) duplicates += n - 1;
  EXPECT_EQ(deliveries.size(), 1000u);
  RecordProperty("duplicates", duplicates);
  std::cout << "distinct messages received: " << deliveries.size()
            << ", duplicate deliveries: " << duplicates << "\n";

  // Our side: the offsets ali-ons committed on close are the queues' ends.
  std::int64_t total = 0;
  for (int q = 0; q < 4; ++q) {
    const std::int64_t end = maxOffset(topic, q);
    total += end;
    EXPECT_EQ(consumerOffset(group, topic, q), end) << "queue " << q;
  }
  EXPECT_EQ(total, 1000);
}

TEST_F(AliOnsInteropTest, RestartedConsumerResumesAfterItsCommittedOffset) {
  const std::string topic = "InteropResume";
  const std::string group = "interop_resume_group";
  createTopic(topic);

  // Two messages: two of the four queues stay empty, and ali-ons commits
  // their offset 0 as -1, which the broker must not take as a position.
  auto first = startConsumer(group, topic);
  ASSERT_TRUE(first);
  auto before = produce(topic, 2, "TagA", "before");
  ASSERT_EQ(before.size(), 2u);
  ASSERT_TRUE(waitForKeys(*first, keysOf(before), 60s));
  ASSERT_NO_FATAL_FAILURE(closeConsumer(*first));
  for (int q = 0; q < 4; ++q) {
    EXPECT_EQ(consumerOffset(group, topic, q), maxOffset(topic, q))
        << "queue " << q << ": close() did not commit the consumed offset";
  }

  // Sent while the group has no consumer; covers every queue, so a consumer
  // that started below its committed offset would get "before" messages
  // ahead of these (one queue is delivered in order).
  auto after = produce(topic, 40, "TagA", "after");
  ASSERT_EQ(after.size(), 40u);
  ASSERT_EQ(queuesOf(after).size(), 4u);

  auto second = startConsumer(group, topic);
  ASSERT_TRUE(second);
  EXPECT_TRUE(waitForKeys(*second, keysOf(after), 60s));
  ASSERT_NO_FATAL_FAILURE(closeConsumer(*second));
  std::set<std::string> old_keys;
  for (const auto& s : before) old_keys.insert(s.keys);
  int redelivered = 0;
  const auto pulled = eventsOf(second->lines(), "pulled");
  EXPECT_GE(pulled.size(), after.size());
  for (const auto& m : pulled) redelivered += static_cast<int>(old_keys.count(m.keys));
  EXPECT_EQ(redelivered, 0) << "the restarted consumer got messages it had committed";
  for (int q = 0; q < 4; ++q) EXPECT_EQ(consumerOffset(group, topic, q), maxOffset(topic, q));
}

TEST_F(AliOnsInteropTest, FailedMessageComesBackThroughTheRetryTopic) {
  const std::string topic = "InteropRetry";
  const std::string group = "interop_retry_group";
  const std::string retry_topic = "%RETRY%" + group;
  const std::string failing = "retry-3";
  createTopic(topic);
  ConsumerSpec spec;
  spec.fail_keys = failing;
  auto consumer = startConsumer(group, topic, spec);
  ASSERT_TRUE(consumer);

  auto sent = produce(topic, 8, "TagA", "retry");
  ASSERT_EQ(sent.size(), 8u);
  // The broker picks delay level 3 + reconsumeTimes for the first retry
  // (500 ms on the fixture's ladder).
  EXPECT_TRUE(waitForKeys(*consumer, keysOf(sent), 60s));
  ASSERT_NO_FATAL_FAILURE(closeConsumer(*consumer));

  const auto lines = consumer->lines();
  std::vector<Event> attempts;
  for (const auto& m : eventsOf(lines, "msg")) {
    if (m.keys == failing) attempts.push_back(m);
  }
  ASSERT_GE(attempts.size(), 2u);
  const Event& original = attempts[0];
  const Event& retried = attempts[1];
  EXPECT_TRUE(original.failed);
  EXPECT_EQ(original.reconsumeTimes, 0);
  EXPECT_FALSE(retried.failed);
  EXPECT_EQ(retried.reconsumeTimes, 1);
  EXPECT_EQ(retried.topic, topic) << "ali-ons maps a retried message back via RETRY_TOPIC";
  EXPECT_EQ(retried.retryTopic, topic);
  EXPECT_EQ(retried.body, original.body);
  EXPECT_EQ(retried.tags, original.tags);
  EXPECT_EQ(retried.originMsgId, original.msgId);

  // It came back through the group's retry topic.
  int pulled_from_retry = 0;
  for (const auto& p : eventsOf(lines, "pulled")) {
    if (p.keys == failing && p.topic == retry_topic) ++pulled_from_retry;
  }
  EXPECT_EQ(pulled_from_retry, 1);
  // The other messages were consumed once, without retries.
  for (const auto& m : eventsOf(lines, "msg")) {
    if (m.keys != failing) {
      EXPECT_EQ(m.reconsumeTimes, 0) << m.keys;
    }
  }
  // Our side: the retry topic holds the one message and the group committed it.
  EXPECT_EQ(maxOffset(retry_topic, 0), 1);
  EXPECT_EQ(consumerOffset(group, retry_topic, 0), 1);
}

TEST_F(AliOnsInteropTest, TwoConsumersOfOneGroupSplitTheQueues) {
  const std::string topic = "InteropSplit";
  const std::string group = "interop_split_group";
  createTopic(topic);
  auto first = startConsumer(group, topic);
  ASSERT_TRUE(first);
  // The second process finds both members through GET_CONSUMER_LIST_BY_GROUP
  // and takes half; the first gives that half up on its next rebalance
  // (ali-ons ignores NOTIFY_CONSUMER_IDS_CHANGED and rebalances every 2 s here).
  // One of them owns the retry topic's single queue.
  ConsumerSpec half;
  half.queues = 2;
  half.retry_queue = false;
  auto second = startConsumer(group, topic, half);
  ASSERT_TRUE(second);
  const bool halved = first->waitUntil(
      [&](const std::vector<std::string>& lines) {
        auto assigned = eventsOf(lines, "assigned");
        for (auto it = assigned.rbegin(); it != assigned.rend(); ++it) {
          if (it->topic == topic) return it->queues.size() == 2;
        }
        return false;
      },
      30s);
  ASSERT_TRUE(halved) << "the first consumer kept all queues";

  auto sent = produce(topic, 100, "TagA", "split");
  ASSERT_EQ(sent.size(), 100u);
  std::vector<std::string> keys = keysOf(sent);
  ASSERT_TRUE(testing::waitUntil(
      [&] {
        std::set<std::string> seen;
        for (const ChildProcess* c : {first.get(), second.get()}) {
          for (const auto& m : eventsOf(c->lines(), "msg")) seen.insert(m.keys);
        }
        return seen.size() == keys.size();
      },
      60s, 50ms))
      << "the two consumers together did not get all 100 messages";
  ASSERT_NO_FATAL_FAILURE(closeConsumer(*second));
  ASSERT_NO_FATAL_FAILURE(closeConsumer(*first));

  // Each got the messages of its own two queues.
  const auto from_first = queuesOf(eventsOf(first->lines(), "msg"));
  const auto from_second = queuesOf(eventsOf(second->lines(), "msg"));
  EXPECT_EQ(from_first.size(), 2u);
  EXPECT_EQ(from_second.size(), 2u);
  for (auto q : from_first) EXPECT_EQ(from_second.count(q), 0u) << "both consumed queue " << q;
  for (int q = 0; q < 4; ++q) EXPECT_EQ(consumerOffset(group, topic, q), maxOffset(topic, q));
}

TEST_F(AliOnsInteropTest, TagSubscriptionReceivesOnlyItsTags) {
  const std::string topic = "InteropTags";
  const std::string group = "interop_tags_group";
  createTopic(topic);
  ConsumerSpec spec;
  spec.expression = "TagA || TagB";
  auto consumer = startConsumer(group, topic, spec);
  ASSERT_TRUE(consumer);

  auto sent = produce(topic, 30, "TagA,TagB,TagC", "tag");
  ASSERT_EQ(sent.size(), 30u);
  // A TagA tail on every queue: once it is in, every TagC before it in its
  // queue has been filtered or delivered.
  auto tail = produce(topic, 8, "TagA", "tail");
  ASSERT_EQ(tail.size(), 8u);
  ASSERT_EQ(queuesOf(tail).size(), 4u);

  std::vector<std::string> wanted = keysOf(tail);
  for (const auto& s : sent) {
    if (s.tags != "TagC") wanted.push_back(s.keys);
  }
  ASSERT_EQ(wanted.size(), 28u);
  EXPECT_TRUE(waitForKeys(*consumer, wanted, 60s));
  ASSERT_NO_FATAL_FAILURE(closeConsumer(*consumer));

  for (const auto& m : eventsOf(consumer->lines(), "msg")) {
    EXPECT_TRUE(m.tags == "TagA" || m.tags == "TagB") << m.keys << " has tag " << m.tags;
  }
  // ali-ons filters by tag again on its side; the broker must already have.
  const auto pulled = eventsOf(consumer->lines(), "pulled");
  EXPECT_GE(pulled.size(), wanted.size());
  for (const auto& p : pulled) {
    EXPECT_NE(p.tags, "TagC") << "the broker returned " << p.keys << " to a TagA || TagB pull";
  }
}

}  // namespace
}  // namespace apogee::interop
