// Our client library (apogee_client) against ali-ons, through the real
// `apogee dev`: our producer -> ali-ons push consumer, ali-ons producer -> our
// pull consumer. docs/interop.md lists what each test checks.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "apogee/default_mq_producer.h"
#include "apogee/default_mq_pull_consumer.h"
#include "interop/interop_fixture.h"

namespace apogee::interop {
namespace {

using namespace std::chrono_literals;

// User properties both directions carry: plain, with spaces and non-ASCII
// UTF-8 (the properties string is bytes on the wire, UTF-8 in JSON).
const std::map<std::string, std::string> kUserProps = {
    {"orderId", "A-1001"},
    {"region", "eu west"},
    {"note", "h\xC3\xA9llo w\xC3\xB6rld"},
};

std::string propsArg() {
  std::string out;
  for (const auto& [k, v] : kUserProps) out += (out.empty() ? "" : ",") + k + "=" + v;
  return out;
}

// A text body of exactly `size` bytes, different for each `key`.
std::string bigBody(const std::string& key, std::size_t size) {
  std::string body = key + "-big";
  for (int n = 0; body.size() < size; ++n) body += " " + std::to_string(n);
  body.resize(size);
  return body;
}

using OurClientInteropTest = AliOnsInteropTest;

TEST_F(OurClientInteropTest, OurProducerMessagesReachAnAliOnsConsumerIntact) {
  const std::string topic = "InteropOurProducer";
  const std::string group = "interop_our_producer_group";
  createTopic(topic);
  auto consumer = startConsumer(group, topic);
  ASSERT_TRUE(consumer);

  DefaultMQProducer producer("interop_our_producer");
  producer.setNamesrvAddr(namesrvAddr());
  producer.start();
  struct Sent {
    Message msg;
    SendResult result;
  };
  std::map<std::string, Sent> sent;  // by key
  const std::vector<std::string> tags = {"TagA", "TagB"};
  for (int i = 0; i < 20; ++i) {
    const std::string key = "ours-" + std::to_string(i);
    // Every fifth message is over compressMsgBodyOverHowmuch (4 KiB).
    const std::string body = i % 5 == 4 ? bigBody(key, 64 * 1024) : key + "-body";
    Message msg(topic, tags[i % 2], key + " second-key", body);
    for (const auto& [k, v] : kUserProps) msg.putUserProperty(k, v + "-" + std::to_string(i));
    SendResult r;
    ASSERT_NO_THROW(r = producer.send(msg)) << key;
    EXPECT_EQ(r.getSendStatus(), SendStatus::SEND_OK) << key;
    sent[key] = Sent{msg, r};
  }
  producer.shutdown();

  std::vector<std::string> keys;
  for (const auto& [key, s] : sent) keys.push_back(s.msg.getKeys());
  EXPECT_TRUE(waitForKeys(*consumer, keys, 30s)) << "not every message arrived in 30 s";
  ASSERT_NO_FATAL_FAILURE(closeConsumer(*consumer));

  std::set<std::string> received;
  for (const auto& m : eventsOf(consumer->lines(), "msg")) {
    // ali-ons' `keys` is the KEYS property as is: both keys, space-separated.
    const std::string key = m.keys.substr(0, m.keys.find(' '));
    auto it = sent.find(key);
    ASSERT_NE(it, sent.end()) << "unexpected keys " << m.keys;
    const Message& msg = it->second.msg;
    const SendResult& r = it->second.result;
    received.insert(key);
    EXPECT_EQ(m.topic, topic);
    EXPECT_EQ(m.keys, msg.getKeys());
    EXPECT_EQ(m.tags, msg.getTags()) << key;
    EXPECT_EQ(m.body.size(), msg.getBody().size()) << key;
    EXPECT_TRUE(m.body == msg.getBody()) << key << ": the body differs";
    const bool big = msg.getBody().size() >= 4096;
    EXPECT_EQ(m.sysFlag & 0x1, big ? 1 : 0) << key << " sysFlag " << m.sysFlag;
    for (const auto& [k, v] : kUserProps) {
      auto p = m.properties.find(k);
      ASSERT_NE(p, m.properties.end()) << key << " has no property " << k;
      EXPECT_EQ(p->second, msg.getUserProperty(k)) << key << " " << k;
    }
    // ali-ons computes msgId from store host and commit-log offset: it is
    // our SendResult's offsetMsgId; our msgId travels as UNIQ_KEY.
    EXPECT_EQ(m.msgId, r.getOffsetMsgId()) << key;
    auto uniq = m.properties.find("UNIQ_KEY");
    ASSERT_NE(uniq, m.properties.end()) << key;
    EXPECT_EQ(uniq->second, r.getMsgId()) << key;
    EXPECT_EQ(m.queueId, r.getMessageQueue().getQueueId()) << key;
    EXPECT_EQ(m.queueOffset, r.getQueueOffset()) << key;
  }
  EXPECT_EQ(received.size(), sent.size());
}

TEST_F(OurClientInteropTest, AliOnsMessagesReachOurPullConsumerIntact) {
  const std::string topic = "InteropOurPull";
  createTopic(topic);
  auto small = produce(topic, 12, "TagA,TagB,TagC", "ons", {"--props", propsArg()});
  auto big = produce(topic, 3, "TagD", "onsbig", {"--props", propsArg(), "--body-size", "65536"});
  ASSERT_EQ(small.size(), 12u);
  ASSERT_EQ(big.size(), 3u);
  std::map<std::string, Event> by_key;
  for (const auto& s : small) by_key[s.keys] = s;
  for (const auto& s : big) by_key[s.keys] = s;

  DefaultMQPullConsumer consumer("interop_our_pull_group");
  consumer.setNamesrvAddr(namesrvAddr());
  consumer.start();
  std::set<MessageQueue> queues;
  ASSERT_NO_THROW(queues = consumer.fetchSubscribeMessageQueues(topic));
  ASSERT_EQ(queues.size(), 4u);

  // Every queue is read to its end, again until every sent message came: an
  // acknowledged message becomes pullable once the broker dispatched it to
  // its consume queue, which a loaded machine may do a little later.
  std::map<std::string, MessageExt> received;
  std::map<MessageQueue, std::int64_t> offsets;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (received.size() < by_key.size() && std::chrono::steady_clock::now() < deadline) {
    for (const auto& mq : queues) {
      std::int64_t& offset = offsets[mq];
      for (;;) {
        PullResult r;
        ASSERT_NO_THROW(r = consumer.pull(mq, "*", offset, 32)) << mq.toString();
        if (r.getPullStatus() != PullStatus::FOUND) {
          EXPECT_EQ(r.getPullStatus(), PullStatus::NO_NEW_MSG) << mq.toString();
          break;
        }
        for (const auto& m : r.getMsgFoundList()) {
          EXPECT_TRUE(received.emplace(m.getKeys(), m).second) << "duplicate " << m.getKeys();
        }
        offset = r.getNextBeginOffset();
      }
    }
  }
  consumer.shutdown();

  EXPECT_EQ(received.size(), by_key.size());
  for (const auto& [key, s] : by_key) {
    auto it = received.find(key);
    if (it == received.end()) {
      ADD_FAILURE() << key << " was not pulled";
      continue;
    }
    const MessageExt& m = it->second;
    EXPECT_EQ(m.getTopic(), topic);
    EXPECT_EQ(m.getTags(), s.tags) << key;
    EXPECT_EQ(m.getBody().size(), s.body.size()) << key;
    EXPECT_TRUE(m.getBody() == s.body) << key << ": the body differs";
    // The big bodies were compressed by ali-ons (at 4 KiB and over); our
    // decoder inflated them and cleared the flag.
    EXPECT_EQ(m.getSysFlag() & 0x1, 0) << key;
    for (const auto& [k, v] : kUserProps) EXPECT_EQ(m.getUserProperty(k), v) << key << " " << k;
    // ali-ons ends the properties string with a separator; Java reads no
    // empty property from it, and neither may we.
    EXPECT_FALSE(m.hasProperty("")) << key;
    EXPECT_EQ(m.getOffsetMsgId(), s.msgId) << key;
    EXPECT_EQ(m.getQueueId(), s.queueId) << key;
    EXPECT_EQ(m.getQueueOffset(), s.queueOffset) << key;
  }
}

}  // namespace
}  // namespace apogee::interop
