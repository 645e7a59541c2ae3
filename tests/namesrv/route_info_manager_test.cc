// RouteInfoManager against RocketMQ 4.9.8's route-table semantics
// (rocketmq-protocol.md 6.1): registration of masters and slaves, the
// DataVersion gate on queue-data updates, unregistration, expiry, topic
// deletion, cluster info and answer ordering.

#include "namesrv/route_info_manager.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "namesrv_test_util.h"

namespace apogee::namesrv {
namespace {

using namespace std::chrono_literals;
using remoting::QueueData;
using testing::FakeClock;
using testing::registration;

std::vector<std::string> queueBrokers(const remoting::TopicRouteData& route) {
  std::vector<std::string> names;
  for (const auto& q : route.queueDatas) names.push_back(q.brokerName);
  return names;
}

TEST(RouteInfoManagerTest, MasterRegistrationCreatesRoutesAndClusterEntries) {
  RouteInfoManager routes;
  auto result = routes.registerBroker(
      registration("broker-a", "10.0.0.1:10911", 0, 1, {{"T1", 6, 4}, {"T2", 7, 8}}));
  EXPECT_FALSE(result.masterAddr.has_value());
  EXPECT_FALSE(result.haServerAddr.has_value());

  auto route = routes.pickupTopicRouteData("T2");
  ASSERT_TRUE(route.has_value());
  ASSERT_EQ(route->queueDatas.size(), 1u);
  EXPECT_EQ(route->queueDatas[0], (QueueData{"broker-a", 7, 8, 0, 8}));
  ASSERT_EQ(route->brokerDatas.size(), 1u);
  EXPECT_EQ(route->brokerDatas[0].cluster, "DefaultCluster");
  EXPECT_EQ(route->brokerDatas[0].brokerName, "broker-a");
  EXPECT_EQ(route->brokerDatas[0].brokerAddrs, (std::map<std::int64_t, std::string>{{0, "10.0.0.1:10911"}}));
  EXPECT_TRUE(route->filterServerTable.empty());
  EXPECT_FALSE(route->orderTopicConf.has_value());
  EXPECT_FALSE(routes.pickupTopicRouteData("T3").has_value());

  auto cluster = routes.getAllClusterInfo();
  EXPECT_EQ(cluster.clusterAddrTable["DefaultCluster"], std::vector<std::string>{"broker-a"});
  EXPECT_EQ(cluster.brokerAddrTable.at("broker-a").brokerAddrs.at(0), "10.0.0.1:10911");
  EXPECT_EQ(routes.liveBrokerAddrs(), std::vector<std::string>{"10.0.0.1:10911"});
}

TEST(RouteInfoManagerTest, SlaveLearnsMasterAddressesAndDoesNotChangeQueueData) {
  RouteInfoManager routes;
  // A slave before its master learns nothing.
  auto early = routes.registerBroker(registration("broker-a", "10.0.0.2:10911", 1, 1, {{"T", 6, 4}}));
  EXPECT_FALSE(early.masterAddr.has_value());
  EXPECT_FALSE(routes.pickupTopicRouteData("T").has_value()) << "a slave's topics make no route";

  routes.registerBroker(registration("broker-a", "10.0.0.1:10911", 0, 1, {{"T", 6, 4}}));
  auto slave = routes.registerBroker(registration("broker-a", "10.0.0.2:10911", 1, 2, {{"T", 2, 16}}));
  EXPECT_EQ(slave.masterAddr, "10.0.0.1:10911");
  EXPECT_EQ(slave.haServerAddr, "10.0.0.1:10911-ha");

  auto route = routes.pickupTopicRouteData("T");
  ASSERT_TRUE(route.has_value());
  EXPECT_EQ(route->queueDatas[0], (QueueData{"broker-a", 6, 4, 0, 4}));
  EXPECT_EQ(route->brokerDatas[0].brokerAddrs,
            (std::map<std::int64_t, std::string>{{0, "10.0.0.1:10911"}, {1, "10.0.0.2:10911"}}));
}

TEST(RouteInfoManagerTest, UnchangedDataVersionLeavesQueueDataAlone) {
  RouteInfoManager routes;
  routes.registerBroker(registration("broker-a", "10.0.0.1:10911", 0, 5, {{"T", 6, 4}}));
  // Same DataVersion, different content: Java trusts the version and skips.
  routes.registerBroker(registration("broker-a", "10.0.0.1:10911", 0, 5, {{"T", 2, 16}, {"U", 6, 1}}));
  EXPECT_EQ(routes.pickupTopicRouteData("T")->queueDatas[0].perm, 6);
  EXPECT_FALSE(routes.pickupTopicRouteData("U").has_value());

  // A new version applies the table.
  routes.registerBroker(registration("broker-a", "10.0.0.1:10911", 0, 6, {{"T", 2, 16}, {"U", 6, 1}}));
  EXPECT_EQ(routes.pickupTopicRouteData("T")->queueDatas[0], (QueueData{"broker-a", 2, 16, 0, 16}));
  EXPECT_TRUE(routes.pickupTopicRouteData("U").has_value());
  EXPECT_EQ(routes.queryBrokerTopicConfig("10.0.0.1:10911")->counter, 6);
  EXPECT_FALSE(routes.isBrokerTopicConfigChanged("10.0.0.1:10911",
                                                 *routes.queryBrokerTopicConfig("10.0.0.1:10911")));
  EXPECT_TRUE(routes.isBrokerTopicConfigChanged("10.0.0.9:10911", remoting::DataVersion{}));
}

TEST(RouteInfoManagerTest, FirstRegistrationOfAnAddressAppliesTopicsWhateverTheVersion) {
  RouteInfoManager routes;
  routes.registerBroker(registration("broker-a", "10.0.0.1:10911", 0, 5, {{"T", 6, 4}}));
  routes.unregisterBroker("DefaultCluster", "10.0.0.1:10911", "broker-a", 0);
  ASSERT_FALSE(routes.pickupTopicRouteData("T").has_value());
  // Same version as before the unregistration, but the address is new again.
  routes.registerBroker(registration("broker-a", "10.0.0.1:10911", 0, 5, {{"T", 6, 4}}));
  EXPECT_TRUE(routes.pickupTopicRouteData("T").has_value());
}

TEST(RouteInfoManagerTest, AnAddressHasOneBrokerId) {
  RouteInfoManager routes;
  routes.registerBroker(registration("broker-a", "10.0.0.2:10911", 1, 1, {}));
  routes.registerBroker(registration("broker-a", "10.0.0.2:10911", 0, 1, {{"T", 6, 4}}));
  auto route = routes.pickupTopicRouteData("T");
  ASSERT_TRUE(route.has_value());
  EXPECT_EQ(route->brokerDatas[0].brokerAddrs,
            (std::map<std::int64_t, std::string>{{0, "10.0.0.2:10911"}}));
}

TEST(RouteInfoManagerTest, UnregisterRemovesAddressThenBrokerNameAndOrphanTopics) {
  RouteInfoManager routes;
  routes.registerBroker(registration("broker-a", "10.0.0.1:10911", 0, 1, {{"T", 6, 4}, {"OnlyA", 6, 1}}));
  routes.registerBroker(registration("broker-a", "10.0.0.2:10911", 1, 1, {}));
  routes.registerBroker(registration("broker-b", "10.0.0.3:10911", 0, 1, {{"T", 6, 2}}));

  routes.unregisterBroker("DefaultCluster", "10.0.0.2:10911", "broker-a", 1);
  auto route = routes.pickupTopicRouteData("OnlyA");
  ASSERT_TRUE(route.has_value()) << "broker-a still has its master";
  EXPECT_EQ(route->brokerDatas[0].brokerAddrs.size(), 1u);

  routes.unregisterBroker("DefaultCluster", "10.0.0.1:10911", "broker-a", 0);
  EXPECT_FALSE(routes.pickupTopicRouteData("OnlyA").has_value());
  auto shared = routes.pickupTopicRouteData("T");
  ASSERT_TRUE(shared.has_value());
  EXPECT_EQ(queueBrokers(*shared), std::vector<std::string>{"broker-b"});
  EXPECT_EQ(routes.getAllTopicList().topicList, std::vector<std::string>{"T"});
  auto cluster = routes.getAllClusterInfo();
  EXPECT_FALSE(cluster.brokerAddrTable.contains("broker-a"));
  EXPECT_EQ(cluster.clusterAddrTable["DefaultCluster"], std::vector<std::string>{"broker-b"});

  routes.unregisterBroker("DefaultCluster", "10.0.0.3:10911", "broker-b", 0);
  EXPECT_TRUE(routes.getAllTopicList().topicList.empty());
  EXPECT_TRUE(routes.getAllClusterInfo().clusterAddrTable.empty());
  EXPECT_TRUE(routes.liveBrokerAddrs().empty());
}

TEST(RouteInfoManagerTest, ExpiryDropsOnlySilentBrokersWithTheirRoutes) {
  FakeClock clock;
  RouteInfoManager routes(120s, clock.fn());
  routes.registerBroker(registration("broker-a", "10.0.0.1:10911", 0, 1, {{"A", 6, 4}, {"Both", 6, 4}}));
  clock.now += 60s;
  routes.registerBroker(registration("broker-b", "10.0.0.2:10911", 0, 1, {{"B", 6, 4}, {"Both", 6, 4}}));

  clock.now += 60s;  // a: exactly 120 s, not yet older than the expiry
  EXPECT_EQ(routes.scanNotActiveBroker(), 0);
  clock.now += 1ms;
  EXPECT_EQ(routes.scanNotActiveBroker(), 1);
  EXPECT_FALSE(routes.pickupTopicRouteData("A").has_value());
  EXPECT_EQ(queueBrokers(*routes.pickupTopicRouteData("Both")), std::vector<std::string>{"broker-b"});
  EXPECT_EQ(routes.liveBrokerAddrs(), std::vector<std::string>{"10.0.0.2:10911"});

  // QUERY_DATA_VERSION without a change counts as being heard from.
  clock.now += 100s;
  routes.updateBrokerInfoUpdateTimestamp("10.0.0.2:10911");
  clock.now += 100s;
  EXPECT_EQ(routes.scanNotActiveBroker(), 0);
  clock.now += 21s;
  EXPECT_EQ(routes.scanNotActiveBroker(), 1);
  EXPECT_TRUE(routes.getAllTopicList().topicList.empty());
  EXPECT_TRUE(routes.getAllClusterInfo().brokerAddrTable.empty());
}

TEST(RouteInfoManagerTest, ChannelDestroyByAddressRemovesTheBroker) {
  RouteInfoManager routes;
  routes.registerBroker(registration("broker-a", "10.0.0.1:10911", 0, 1, {{"T", 6, 4}}));
  routes.onChannelDestroy("10.0.0.7:50000", nullptr);  // some client: nothing happens
  EXPECT_TRUE(routes.pickupTopicRouteData("T").has_value());
  routes.onChannelDestroy("10.0.0.1:10911", nullptr);
  EXPECT_FALSE(routes.pickupTopicRouteData("T").has_value());
  EXPECT_TRUE(routes.liveBrokerAddrs().empty());
}

TEST(RouteInfoManagerTest, DeleteTopicEverywhereOrForOneCluster) {
  RouteInfoManager routes;
  routes.registerBroker(registration("broker-a", "10.0.0.1:10911", 0, 1, {{"T", 6, 4}, {"U", 6, 4}}, "c1"));
  routes.registerBroker(registration("broker-b", "10.0.0.2:10911", 0, 1, {{"T", 6, 4}, {"U", 6, 4}}, "c2"));

  routes.deleteTopic("T", "c1");
  EXPECT_EQ(queueBrokers(*routes.pickupTopicRouteData("T")), std::vector<std::string>{"broker-b"});
  routes.deleteTopic("T", "no-such-cluster");
  EXPECT_TRUE(routes.pickupTopicRouteData("T").has_value());
  routes.deleteTopic("T", "c2");
  EXPECT_FALSE(routes.pickupTopicRouteData("T").has_value());

  routes.deleteTopic("U");
  EXPECT_FALSE(routes.pickupTopicRouteData("U").has_value());
  EXPECT_TRUE(routes.getAllTopicList().topicList.empty());
  // The brokers stay; only their queue data went.
  EXPECT_EQ(routes.getAllClusterInfo().brokerAddrTable.size(), 2u);
}

TEST(RouteInfoManagerTest, TopicsByCluster) {
  RouteInfoManager routes;
  routes.registerBroker(registration("broker-a", "10.0.0.1:10911", 0, 1, {{"T", 6, 4}, {"A", 6, 4}}, "c1"));
  routes.registerBroker(registration("broker-b", "10.0.0.2:10911", 0, 1, {{"T", 6, 4}, {"B", 6, 4}}, "c2"));
  auto c1 = routes.getTopicsByCluster("c1").topicList;
  std::sort(c1.begin(), c1.end());
  EXPECT_EQ(c1, (std::vector<std::string>{"A", "T"}));
  EXPECT_TRUE(routes.getTopicsByCluster("nope").topicList.empty());
}

TEST(RouteInfoManagerTest, FilterServersFollowTheLatestRegistration) {
  RouteInfoManager routes;
  auto reg = registration("broker-a", "10.0.0.1:10911", 0, 1, {{"T", 6, 4}});
  reg.filterServerList = std::vector<std::string>{"10.0.0.1:30000"};
  routes.registerBroker(reg);
  EXPECT_EQ(routes.pickupTopicRouteData("T")->filterServerTable,
            (std::map<std::string, std::vector<std::string>>{{"10.0.0.1:10911", {"10.0.0.1:30000"}}}));
  reg.filterServerList = std::nullopt;  // an old broker's registration: no change
  routes.registerBroker(reg);
  EXPECT_EQ(routes.pickupTopicRouteData("T")->filterServerTable.size(), 1u);
  reg.filterServerList.emplace();
  routes.registerBroker(reg);
  EXPECT_TRUE(routes.pickupTopicRouteData("T")->filterServerTable.empty());
}

TEST(RouteInfoManagerTest, RouteListsBrokersInJavaHashOrder) {
  // Java's HashMap<String, QueueData> of a topic iterates broker-b (bucket 8),
  // broker-c (9), broker-a (11): String.hashCode spread over 16 buckets,
  // worked out by hand.
  RouteInfoManager routes;
  for (const char* name : {"broker-a", "broker-b", "broker-c"}) {
    routes.registerBroker(registration(name, std::string(name) + ":10911", 0, 1, {{"T", 6, 4}}));
  }
  auto route = routes.pickupTopicRouteData("T");
  ASSERT_TRUE(route.has_value());
  const std::vector<std::string> expected{"broker-b", "broker-c", "broker-a"};
  EXPECT_EQ(queueBrokers(*route), expected);
  std::vector<std::string> broker_order;
  for (const auto& b : route->brokerDatas) broker_order.push_back(b.brokerName);
  EXPECT_EQ(broker_order, expected);
  EXPECT_EQ(routes.getAllClusterInfo().clusterAddrTable["DefaultCluster"], expected);
}

}  // namespace
}  // namespace apogee::namesrv
