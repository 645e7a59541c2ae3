#include <gtest/gtest.h>

#include "broker/consumer_offset_manager.h"
#include "broker/json_file.h"
#include "broker/rebalance_lock_manager.h"
#include "broker/subscription_group_manager.h"
#include "broker_test_util.h"
#include "support/wait.h"

namespace apogee::broker {
namespace {

using testing::BrokerTempDir;

TEST(ConsumerOffsetManagerTest, CommitQueryAndJavaFileForm) {
  BrokerTempDir dir;
  const auto file = dir.path() / "consumerOffset.json";
  {
    ConsumerOffsetManager m(file);
    ASSERT_TRUE(m.load().ok());
    EXPECT_EQ(m.queryOffset("g1", "TopicTest", 0), -1);
    m.commitOffset("g1", "TopicTest", 0, 12);
    m.commitOffset("g1", "TopicTest", 1, 7);
    m.commitOffset("g1", "TopicTest", 1, 5);  // commits overwrite, also downwards
    EXPECT_EQ(m.queryOffset("g1", "TopicTest", 1), 5);
    EXPECT_EQ(m.queryOffset("g2", "TopicTest", 1), -1);
    ASSERT_TRUE(m.persist().ok());
  }
  auto text = readFileIfExists(file);
  ASSERT_TRUE(text.ok() && text->has_value());
  // fastjson writes the queue ids as bare numbers.
  EXPECT_EQ(**text, "{\"offsetTable\":{\"TopicTest@g1\":{0:12,1:5}}}");
  ConsumerOffsetManager again(file);
  ASSERT_TRUE(again.load().ok());
  EXPECT_EQ(again.queryOffset("g1", "TopicTest", 0), 12);
  EXPECT_EQ(again.queryOffset("g1", "TopicTest", 1), 5);
}

TEST(ConsumerOffsetManagerTest, ReadsJavaPrettyFileAndCleansTopic) {
  BrokerTempDir dir;
  const auto file = dir.path() / "consumerOffset.json";
  ASSERT_TRUE(writeFileAtomically(file, "{\n\t\"offsetTable\":{\n\t\t\"TopicTest@g1\":{0:12,1:7},"
                                        "\n\t\t\"%RETRY%g1@g1\":{0:3}\n\t}\n}")
                  .ok());
  ConsumerOffsetManager m(file);
  ASSERT_TRUE(m.load().ok());
  EXPECT_EQ(m.queryOffset("g1", "TopicTest", 1), 7);
  EXPECT_EQ(m.queryOffset("g1", "%RETRY%g1", 0), 3);
  m.cleanOffsetByTopic("TopicTest");
  EXPECT_EQ(m.queryOffset("g1", "TopicTest", 1), -1);
  EXPECT_EQ(m.queryOffset("g1", "%RETRY%g1", 0), 3);
}

TEST(ConsumerOffsetManagerTest, GarbageFileFailsLoad) {
  BrokerTempDir dir;
  const auto file = dir.path() / "consumerOffset.json";
  ASSERT_TRUE(writeFileAtomically(file, "{\"offsetTable\":{\"a@b\":{0:\"x\"").ok());
  ConsumerOffsetManager m(file);
  EXPECT_FALSE(m.load().ok());
}

TEST(SubscriptionGroupManagerTest, AutoCreatesPersistsAndReloads) {
  BrokerTempDir dir;
  const auto file = dir.path() / "subscriptionGroup.json";
  BrokerConfig config;
  {
    SubscriptionGroupManager m(config, file);
    ASSERT_TRUE(m.load().ok());
    EXPECT_FALSE(m.selectConfig("g1").has_value());
    auto g = m.findSubscriptionGroupConfig("g1");
    ASSERT_TRUE(g.has_value());
    EXPECT_EQ(g->retryQueueNums, 1);
    EXPECT_EQ(g->retryMaxTimes, 16);
    EXPECT_TRUE(g->consumeEnable);
    SubscriptionGroupConfig custom;
    custom.groupName = "g2";
    custom.retryMaxTimes = 3;
    custom.consumeEnable = false;
    ASSERT_TRUE(m.updateSubscriptionGroupConfig(custom).ok());
  }
  SubscriptionGroupManager m(config, file);
  ASSERT_TRUE(m.load().ok());
  ASSERT_TRUE(m.selectConfig("g1").has_value());
  auto g2 = m.selectConfig("g2");
  ASSERT_TRUE(g2.has_value());
  EXPECT_EQ(g2->retryMaxTimes, 3);
  EXPECT_FALSE(g2->consumeEnable);
  EXPECT_TRUE(m.selectConfig("TOOLS_CONSUMER").has_value());
}

TEST(SubscriptionGroupManagerTest, NoAutoCreateWhenDisabled) {
  BrokerTempDir dir;
  BrokerConfig config;
  config.autoCreateSubscriptionGroup = false;
  SubscriptionGroupManager m(config, dir.path() / "subscriptionGroup.json");
  ASSERT_TRUE(m.load().ok());
  EXPECT_FALSE(m.findSubscriptionGroupConfig("g1").has_value());
}

remoting::MessageQueueKey mq(int q) { return {"T", "broker-a", q}; }

TEST(RebalanceLockManagerTest, OneClientPerQueueUntilUnlockOrExpiry) {
  RebalanceLockManager locks(std::chrono::milliseconds(60000));
  auto a = locks.tryLockBatch("g", {mq(0), mq(1)}, "client-a");
  EXPECT_EQ(a.size(), 2u);
  auto b = locks.tryLockBatch("g", {mq(1), mq(2)}, "client-b");
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0], mq(2));
  // Another group is independent.
  EXPECT_EQ(locks.tryLockBatch("other", {mq(1)}, "client-b").size(), 1u);
  // Renewal by the holder succeeds.
  EXPECT_EQ(locks.tryLockBatch("g", {mq(1)}, "client-a").size(), 1u);
  // Unlock by a non-holder changes nothing; by the holder frees the queue.
  locks.unlockBatch("g", {mq(1)}, "client-b");
  EXPECT_TRUE(locks.isLocked("g", mq(1), "client-a"));
  locks.unlockBatch("g", {mq(1)}, "client-a");
  EXPECT_EQ(locks.tryLockBatch("g", {mq(1)}, "client-b").size(), 1u);
}

TEST(RebalanceLockManagerTest, ExpiredLockGoesToAnotherClient) {
  RebalanceLockManager locks(std::chrono::milliseconds(20));
  ASSERT_EQ(locks.tryLockBatch("g", {mq(0)}, "client-a").size(), 1u);
  EXPECT_TRUE(apogee::testing::waitUntil(
      [&] { return locks.tryLockBatch("g", {mq(0)}, "client-b").size() == 1; }));
  EXPECT_FALSE(locks.isLocked("g", mq(0), "client-a"));
  EXPECT_TRUE(locks.isLocked("g", mq(0), "client-b"));
}

TEST(RebalanceLockManagerTest, ReleaseClientFreesOnlyThatClientsLocksInThatGroup) {
  RebalanceLockManager locks(std::chrono::milliseconds(60000));
  ASSERT_EQ(locks.tryLockBatch("g", {mq(0), mq(1)}, "client-a").size(), 2u);
  ASSERT_EQ(locks.tryLockBatch("g", {mq(2)}, "client-b").size(), 1u);
  ASSERT_EQ(locks.tryLockBatch("other", {mq(0)}, "client-a").size(), 1u);
  EXPECT_EQ(locks.releaseClient("g", "client-a"), 2u);
  EXPECT_EQ(locks.tryLockBatch("g", {mq(0), mq(1)}, "client-b").size(), 2u);
  EXPECT_TRUE(locks.isLocked("other", mq(0), "client-a"));
  EXPECT_EQ(locks.releaseClient("nope", "client-a"), 0u);
}

}  // namespace
}  // namespace apogee::broker
