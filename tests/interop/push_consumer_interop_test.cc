// Our push consumer and ali-ons push consumers in one consumer group, fed by
// an ali-ons producer, through the real `apogee dev` (issue 6): the queues
// are split exactly as AllocateMessageQueueAveragely says over the broker's
// sorted client ids, and once the group is stable every message is consumed
// exactly once. docs/interop.md lists what each test checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "apogee/default_mq_push_consumer.h"
#include "client/consumer/default_mq_push_consumer_impl.h"
#include "client/consumer/process_queue.h"
#include "interop/interop_fixture.h"
#include "support/wait.h"

namespace apogee::interop {
namespace {

using namespace std::chrono_literals;

constexpr int kQueues = 8;

// AllocateMessageQueueAveragely over queues 0..n-1 of one broker: the queue
// ids client `index` of `clients` (sorted ids) owns.
std::set<int> averagely(int n, int clients, int index) {
  const int mod = n % clients;
  const int size = n <= clients ? 1 : (mod > 0 && index < mod ? n / clients + 1 : n / clients);
  const int start = mod > 0 && index < mod ? index * size : index * size + mod;
  std::set<int> out;
  for (int i = 0; i < std::min(size, n - start); ++i) out.insert((start + i) % n);
  return out;
}

// The queues of `topic` in consume.js's most recent "assigned" event.
std::set<int> lastAssigned(const ChildProcess& c, const std::string& topic) {
  auto assigned = eventsOf(c.lines(), "assigned");
  for (auto it = assigned.rbegin(); it != assigned.rend(); ++it) {
    if (it->topic == topic) return std::set<int>(it->queues.begin(), it->queues.end());
  }
  return {};
}

using PushConsumerInteropTest = AliOnsInteropTest;

TEST_F(PushConsumerInteropTest, OneGroupWithAliOnsSplitsAveragelyAndConsumesEachMessageOnce) {
  const std::string topic = "InteropMixedGroup";
  const std::string group = "interop_mixed_group";
  createTopic(topic, kQueues);

  ConsumerSpec every_queue;
  every_queue.queues = kQueues;
  auto ali1 = startConsumer(group, topic, every_queue);
  ASSERT_TRUE(ali1);

  std::mutex mutex;
  std::map<std::string, int> ours_by_key;  // key -> deliveries to our consumer
  std::set<int> ours_queues;
  int ours_garbled = 0;  // body or tag not what produce.js sent with that key
  DefaultMQPushConsumer ours(group);
  ours.setNamesrvAddr(namesrvAddr());
  ours.setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
  ours.setPollNameServerInterval(2000ms);
  ours.subscribe(topic, "*");
  ours.registerMessageListener(
      [&](const std::vector<MessageExt>& msgs, ConsumeConcurrentlyContext&) {
        std::lock_guard lock(mutex);
        for (const auto& m : msgs) {
          ++ours_by_key[m.getKeys()];
          ours_queues.insert(m.getQueueId());
          // produce.js: key "mixed-<i>", body "mixed-body-<i>", tags cycled.
          const std::string key = m.getKeys();
          const bool intact = key.starts_with("mixed-") &&
                              m.getBody() == "mixed-body-" + key.substr(6) &&
                              (m.getTags() == "TagA" || m.getTags() == "TagB");
          if (!intact) ++ours_garbled;
        }
        return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
      });
  ours.start();

  ConsumerSpec any;
  any.queues = -1;
  auto ali2 = startConsumer(group, topic, any);
  ASSERT_TRUE(ali2);

  // Stable: three members at the broker, and each holds exactly its
  // averagely share of the sorted ids. ali-ons' ids are ip@pid; it
  // rebalances every 2 s (consume.js) and ignores the broker's notice.
  auto oursHeld = [&] {
    std::set<int> held;
    for (const auto& [mq, pq] : ours.getDefaultMQPushConsumerImpl()->processQueueTable()) {
      if (mq.getTopic() == topic && !pq->isDropped()) held.insert(mq.getQueueId());
    }
    return held;
  };
  const std::string our_id = ours.buildMQClientId();
  std::map<std::string, std::set<int>> expected;  // client id -> queues
  std::string ali1_id, ali2_id;
  const bool stable = testing::waitUntil(
      [&] {
        auto ids = consumerIds(group);
        if (ids.size() != 3) return false;
        std::sort(ids.begin(), ids.end());
        expected.clear();
        ali1_id.clear();
        ali2_id.clear();
        for (int i = 0; i < 3; ++i) {
          const std::string& id = ids[static_cast<std::size_t>(i)];
          expected[id] = averagely(kQueues, 3, i);
          if (id.ends_with("@" + std::to_string(ali1->pid()))) ali1_id = id;
          if (id.ends_with("@" + std::to_string(ali2->pid()))) ali2_id = id;
        }
        if (ali1_id.empty() || ali2_id.empty() || !expected.contains(our_id)) return false;
        return lastAssigned(*ali1, topic) == expected[ali1_id] &&
               lastAssigned(*ali2, topic) == expected[ali2_id] && oursHeld() == expected[our_id];
      },
      20s, 50ms);
  ASSERT_TRUE(stable) << "the group never split the queues averagely; ids "
                      << consumerIds(group).size() << ", ours holds " << oursHeld().size()
                      << ", ali-ons " << lastAssigned(*ali1, topic).size() << " + "
                      << lastAssigned(*ali2, topic).size();

  constexpr int kMessages = 400;
  auto sent = produce(topic, kMessages, "TagA,TagB", "mixed");
  ASSERT_EQ(sent.size(), static_cast<std::size_t>(kMessages));
  // Every delivery, by key, over the three consumers.
  auto tally = [&] {
    std::map<std::string, int> all;
    {
      std::lock_guard lock(mutex);
      all = ours_by_key;
    }
    for (const ChildProcess* c : {ali1.get(), ali2.get()}) {
      for (const auto& m : eventsOf(c->lines(), "msg")) ++all[m.keys];
    }
    return all;
  };
  ASSERT_TRUE(testing::waitUntil([&] { return tally().size() == sent.size(); }, 30s, 50ms))
      << "the group got " << tally().size() << " of " << kMessages << " messages";
  const auto at_end = tally();

  // Each consumer got only the messages of its own queues.
  auto queuesOf = [](const ChildProcess& c) {
    std::set<int> q;
    for (const auto& m : eventsOf(c.lines(), "msg")) q.insert(m.queueId);
    return q;
  };
  EXPECT_EQ(queuesOf(*ali1), expected[ali1_id]);
  EXPECT_EQ(queuesOf(*ali2), expected[ali2_id]);
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(ours_queues, expected[our_id]);
    EXPECT_EQ(ours_garbled, 0);
  }
  int duplicates = 0;
  for (const auto& [key, n] : at_end) duplicates += n - 1;
  EXPECT_EQ(duplicates, 0) << "messages delivered more than once in a stable group";

  ours.shutdown(5000ms);
  ASSERT_NO_FATAL_FAILURE(closeConsumer(*ali2));
  ASSERT_NO_FATAL_FAILURE(closeConsumer(*ali1));
  // Nothing came again while the members left (each committed on the way out).
  EXPECT_EQ(tally(), at_end);
  for (int q = 0; q < kQueues; ++q) EXPECT_EQ(consumerOffset(group, topic, q), maxOffset(topic, q));
  std::printf("[ mixed    ] ours %s holds %zu queues, ali-ons %zu + %zu; %d messages, %d duplicates\n",
              our_id.c_str(), expected[our_id].size(), expected[ali1_id].size(),
              expected[ali2_id].size(), kMessages, duplicates);
}

}  // namespace
}  // namespace apogee::interop
