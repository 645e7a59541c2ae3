// Issue 7: an ali-ons producer sends keyed messages with its `shardingKey`
// (ali-ons puts all messages of one sharding key on one queue: md5 of the
// key modulo the queue count) and our orderly push consumer
// (MessageListenerOrderly) gets each key's messages in the order sent, all
// from that one queue. docs/interop.md lists what each test checks.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "apogee/default_mq_push_consumer.h"
#include "interop/interop_fixture.h"
#include "support/wait.h"

namespace apogee::interop {
namespace {

using namespace std::chrono_literals;

constexpr int kQueues = 8;
constexpr int kKeys = 20;
constexpr int kSteps = 50;

using OrderlyInteropTest = AliOnsInteropTest;

TEST_F(OrderlyInteropTest, ShardingKeyMessagesArriveInOrderKeyByKeyFromOneQueue) {
  const std::string topic = "InteropOrderly";
  createTopic(topic, kQueues);

  // produce.js --sharding-keys: message i has key "ord-<i>" and the
  // (i % kKeys)-th sharding key, so it is step i / kKeys of that key.
  std::mutex mutex;
  std::map<int, std::vector<int>> steps;          // sharding key -> steps as consumed
  std::map<int, std::set<int>> queues;            // sharding key -> queue ids consumed from
  std::map<int, std::set<std::string>> sharding;  // key index -> __SHARDING_KEY seen
  std::vector<std::string> garbled;               // messages not as produce.js sent them
  int batches = 0;
  DefaultMQPushConsumer ours("interop_orderly_group");
  ours.setNamesrvAddr(namesrvAddr());
  ours.setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
  ours.setConsumeMessageBatchMaxSize(4);
  ours.subscribe(topic, "*");
  ours.registerMessageListener(
      [&](const std::vector<MessageExt>& msgs, ConsumeOrderlyContext& ctx) {
        std::lock_guard lock(mutex);
        ++batches;
        for (const auto& m : msgs) {
          const std::string key = m.getKeys();
          const int i = key.starts_with("ord-") ? std::stoi(key.substr(4)) : -1;
          if (i < 0 || m.getBody() != "ord-body-" + std::to_string(i) ||
              m.getQueueId() != ctx.getMessageQueue().getQueueId()) {
            garbled.push_back(key + " " + m.getBody());
            continue;
          }
          steps[i % kKeys].push_back(i / kKeys);
          queues[i % kKeys].insert(m.getQueueId());
          sharding[i % kKeys].insert(m.getProperty("__SHARDING_KEY"));
        }
        return ConsumeOrderlyStatus::SUCCESS;
      });
  ours.start();

  const auto sent =
      produce(topic, kKeys * kSteps, "", "ord",
              {"--sharding-keys", std::to_string(kKeys), "--queues", std::to_string(kQueues)});
  ASSERT_EQ(sent.size(), static_cast<std::size_t>(kKeys * kSteps));
  // What ali-ons did with the sharding key: one queue per key.
  std::map<int, std::set<int>> sent_queues;
  std::map<int, std::string> sent_trace;  // sharding key -> "step:queue ..."
  for (std::size_t i = 0; i < sent.size(); ++i) {
    EXPECT_EQ(sent[i].keys, "ord-" + std::to_string(i));
    sent_queues[static_cast<int>(i) % kKeys].insert(sent[i].queueId);
    sent_trace[static_cast<int>(i) % kKeys] +=
        " " + std::to_string(i / kKeys) + ":" + std::to_string(sent[i].queueId);
  }
  std::set<int> used;
  for (const auto& [k, q] : sent_queues) {
    EXPECT_EQ(q.size(), 1u) << "ali-ons sent sharding key " << k
                            << " to several queues:" << sent_trace[k];
    used.insert(q.begin(), q.end());
  }
  EXPECT_GT(used.size(), 1u) << "all sharding keys on one queue: the test would prove little";

  const auto consumed = [&] {
    std::lock_guard lock(mutex);
    std::size_t n = garbled.size();
    for (const auto& [k, s] : steps) n += s.size();
    return n;
  };
  ASSERT_TRUE(testing::waitUntil([&] { return consumed() >= sent.size(); }, 30s, 10ms))
      << consumed() << " of " << sent.size() << " consumed";
  ours.shutdown(5000ms);

  std::lock_guard lock(mutex);
  EXPECT_TRUE(garbled.empty()) << garbled.size() << " garbled, first: " << garbled.front();
  std::vector<int> in_order(kSteps);
  for (int s = 0; s < kSteps; ++s) in_order[s] = s;
  std::set<std::string> distinct;
  for (int k = 0; k < kKeys; ++k) {
    // ali-ons put the sharding key in the __SHARDING_KEY property.
    EXPECT_EQ(sharding[k].size(), 1u) << "key index " << k;
    if (!sharding[k].empty()) distinct.insert(*sharding[k].begin());
    // One consumer that never failed: each step exactly once, in order.
    EXPECT_EQ(steps[k], in_order) << "sharding key " << k;
    EXPECT_EQ(queues[k], sent_queues[k]) << "sharding key " << k;
  }
  EXPECT_EQ(distinct.size(), static_cast<std::size_t>(kKeys));
  std::printf(
      "[ orderly  ] %d sharding keys x %d steps over %zu of %d queues, %d listener batches\n",
      kKeys, kSteps, used.size(), kQueues, batches);
}

}  // namespace
}  // namespace apogee::interop
