#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <set>

#include "client/client_scheduler.h"
#include "client/producer/mq_fault_strategy.h"
#include "client/topic_publish_info.h"
#include "client/topic_route_table.h"
#include "support/wait.h"

namespace apogee::client {
namespace {

remoting::TopicRouteData twoBrokerRoute() {
  remoting::TopicRouteData route;
  // Listed out of order on purpose: publish info sorts by broker name.
  route.queueDatas.push_back({.brokerName = "broker-b",
                              .perm = 6,
                              .readQueueNums = 2,
                              .topicSysFlag = 0,
                              .writeQueueNums = 2});
  route.queueDatas.push_back({.brokerName = "broker-a",
                              .perm = 6,
                              .readQueueNums = 3,
                              .topicSysFlag = 0,
                              .writeQueueNums = 3});
  route.queueDatas.push_back({.brokerName = "broker-c",
                              .perm = 4,
                              .readQueueNums = 1,
                              .topicSysFlag = 0,
                              .writeQueueNums = 1});
  route.queueDatas.push_back({.brokerName = "broker-d",
                              .perm = 6,
                              .readQueueNums = 1,
                              .topicSysFlag = 0,
                              .writeQueueNums = 1});
  remoting::BrokerData a;
  a.brokerName = "broker-a";
  a.brokerAddrs = {{0, "10.0.0.1:10911"}, {1, "10.0.0.11:10911"}};
  remoting::BrokerData b;
  b.brokerName = "broker-b";
  b.brokerAddrs = {{0, "10.0.0.2:10911"}};
  remoting::BrokerData c;
  c.brokerName = "broker-c";
  c.brokerAddrs = {{0, "10.0.0.3:10911"}};
  remoting::BrokerData d;  // a slave only: no master, no publish queues
  d.brokerName = "broker-d";
  d.brokerAddrs = {{1, "10.0.0.4:10911"}};
  route.brokerDatas = {a, b, c, d};
  return route;
}

TEST(TopicPublishInfoTest, WritableQueuesOfMastersSortedByBroker) {
  auto info = toTopicPublishInfo("T", twoBrokerRoute());
  ASSERT_TRUE(info->ok());
  EXPECT_FALSE(info->isOrderTopic());
  const std::vector<MessageQueue> expected{{"T", "broker-a", 0},
                                           {"T", "broker-a", 1},
                                           {"T", "broker-a", 2},
                                           {"T", "broker-b", 0},
                                           {"T", "broker-b", 1}};
  EXPECT_EQ(info->getMessageQueueList(), expected);
  EXPECT_EQ(info->getQueueIdByBroker("broker-b"), 2);
  EXPECT_EQ(info->getQueueIdByBroker("nope"), -1);
}

TEST(TopicPublishInfoTest, OrderTopicConfDefinesTheQueues) {
  auto route = twoBrokerRoute();
  route.orderTopicConf = "broker-b:2;broker-a:1";
  auto info = toTopicPublishInfo("T", route);
  EXPECT_TRUE(info->isOrderTopic());
  const std::vector<MessageQueue> expected{
      {"T", "broker-b", 0}, {"T", "broker-b", 1}, {"T", "broker-a", 0}};
  EXPECT_EQ(info->getMessageQueueList(), expected);
}

TEST(TopicPublishInfoTest, SubscribeInfoIsEveryReadableQueue) {
  const auto queues = toTopicSubscribeInfo("T", twoBrokerRoute());
  EXPECT_EQ(queues.size(), 3u + 2u + 1u + 1u);
  EXPECT_TRUE(queues.contains(MessageQueue("T", "broker-c", 0)));
  EXPECT_TRUE(queues.contains(MessageQueue("T", "broker-d", 0)));
}

TEST(TopicPublishInfoTest, RoundRobinAvoidsTheLastBroker) {
  auto info = toTopicPublishInfo("T", twoBrokerRoute());
  std::map<MessageQueue, int> hits;
  for (int i = 0; i < 50; ++i) hits[info->selectOneMessageQueue()]++;
  EXPECT_EQ(hits.size(), 5u);
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(info->selectOneMessageQueue("broker-a").getBrokerName(), "broker-b");
}

TEST(TopicRouteTableTest, FindsAddressesAndDropsOfflineBrokers) {
  TopicRouteTable table;
  EXPECT_TRUE(table.update("T", twoBrokerRoute()));
  EXPECT_FALSE(table.update("T", twoBrokerRoute()));
  EXPECT_EQ(table.findBrokerAddressInPublish("broker-a"), "10.0.0.1:10911");
  EXPECT_EQ(table.findBrokerAddressInPublish("broker-d"), "");
  auto slave = table.findBrokerAddressInSubscribe("broker-a", 1, true);
  ASSERT_TRUE(slave);
  EXPECT_TRUE(slave->slave);
  EXPECT_FALSE(table.findBrokerAddressInSubscribe("broker-b", 1, true));
  EXPECT_EQ(table.findBrokerAddressInSubscribe("broker-b", 1, false)->brokerAddr, "10.0.0.2:10911");
  EXPECT_EQ(table.findBrokerAddressInAdmin("broker-d")->brokerAddr, "10.0.0.4:10911");
  EXPECT_EQ(table.masterAddresses().size(), 3u);
  EXPECT_EQ(table.brokerNameOf("10.0.0.11:10911"), "broker-a");
  // broker-b leaves the route: its address goes with the next clean-up.
  auto route = twoBrokerRoute();
  route.brokerDatas.erase(route.brokerDatas.begin() + 1);
  route.queueDatas.erase(route.queueDatas.begin());
  EXPECT_TRUE(table.update("T", route));
  EXPECT_EQ(table.cleanOfflineBrokers(), std::vector<std::string>{"10.0.0.2:10911"});
  EXPECT_EQ(table.findBrokerAddressInPublish("broker-b"), "");
}

TEST(FaultStrategyTest, NotAvailableDurationFollowsTheLatencyTable) {
  MQFaultStrategy s;
  EXPECT_EQ(s.computeNotAvailableDuration(10), 0);
  EXPECT_EQ(s.computeNotAvailableDuration(100), 0);
  EXPECT_EQ(s.computeNotAvailableDuration(550), 30000);
  EXPECT_EQ(s.computeNotAvailableDuration(2500), 120000);
  EXPECT_EQ(s.computeNotAvailableDuration(30000), 600000);
}

TEST(FaultStrategyTest, DisabledMeansPlainRoundRobinAndNoRecords) {
  MQFaultStrategy s;
  s.updateFaultItem("broker-a", 5000, true);
  EXPECT_TRUE(s.latencyFaultTolerance().isAvailable("broker-a"));
  auto info = toTopicPublishInfo("T", twoBrokerRoute());
  EXPECT_EQ(s.selectOneMessageQueue(*info, "broker-a").getBrokerName(), "broker-b");
}

TEST(FaultStrategyTest, EnabledAvoidsAFailedBrokerUntilItsPenaltyEnds) {
  MQFaultStrategy s;
  s.setSendLatencyFaultEnable(true);
  s.setNotAvailableDuration({0, 0, 100, 100, 100, 100, 100});
  s.updateFaultItem("broker-a", 0, true);  // a failure: penalised as 30 s latency
  EXPECT_FALSE(s.latencyFaultTolerance().isAvailable("broker-a"));
  auto info = toTopicPublishInfo("T", twoBrokerRoute());
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(s.selectOneMessageQueue(*info, {}).getBrokerName(), "broker-b");
  EXPECT_TRUE(::apogee::testing::waitUntil(
      [&] { return s.latencyFaultTolerance().isAvailable("broker-a"); }));
  std::set<std::string> brokers;
  for (int i = 0; i < 20; ++i) brokers.insert(s.selectOneMessageQueue(*info, {}).getBrokerName());
  EXPECT_EQ(brokers.size(), 2u);
}

TEST(FaultStrategyTest, AllBrokersDownStillPicksOne) {
  MQFaultStrategy s;
  s.setSendLatencyFaultEnable(true);
  s.updateFaultItem("broker-a", 0, true);
  s.updateFaultItem("broker-b", 0, true);
  auto info = toTopicPublishInfo("T", twoBrokerRoute());
  const MessageQueue mq = s.selectOneMessageQueue(*info, {});
  EXPECT_TRUE(mq.getBrokerName() == "broker-a" || mq.getBrokerName() == "broker-b");
  EXPECT_LT(mq.getQueueId(), info->getQueueIdByBroker(mq.getBrokerName()));
}

TEST(ClientSchedulerTest, RunsPeriodicallyAndOnDemand) {
  ClientScheduler scheduler("test");
  std::atomic<int> fast{0};
  std::atomic<int> slow{0};
  scheduler.schedule("fast", std::chrono::milliseconds(0), std::chrono::milliseconds(5),
                     [&] { ++fast; });
  scheduler.schedule("slow", std::chrono::hours(1), std::chrono::hours(1), [&] { ++slow; });
  scheduler.start();
  EXPECT_TRUE(::apogee::testing::waitUntil([&] { return fast >= 3; }));
  scheduler.runNow("slow");
  EXPECT_TRUE(::apogee::testing::waitUntil([&] { return slow == 1; }));
  // runIn brings an hour-away task forward to a short delay.
  const auto asked = std::chrono::steady_clock::now();
  scheduler.runIn("slow", std::chrono::milliseconds(50));
  EXPECT_TRUE(::apogee::testing::waitUntil([&] { return slow == 2; }));
  EXPECT_GE(std::chrono::steady_clock::now() - asked, std::chrono::milliseconds(50));
  scheduler.shutdown();
  const int after = fast;
  EXPECT_EQ(fast, after);
}

}  // namespace
}  // namespace apogee::client
