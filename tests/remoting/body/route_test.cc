#include "remoting/body/route.h"

#include <gtest/gtest.h>

namespace apogee::remoting {
namespace {

TopicRouteData twoBrokerRoute() {
  TopicRouteData r;
  BrokerData a;
  a.brokerName = "broker-a";
  a.cluster = "DefaultCluster";
  a.brokerAddrs = {{1, "10.0.0.2:10911"}, {0, "10.0.0.1:10911"}};
  BrokerData b;
  b.brokerName = "broker-b";
  b.cluster = "DefaultCluster";
  b.brokerAddrs = {{0, "10.0.0.3:10911"}};
  r.brokerDatas = {a, b};
  r.queueDatas = {{"broker-a", 6, 4, 0, 4}, {"broker-b", 6, 4, 0, 4}};
  return r;
}

TEST(TopicRouteData, DefaultFormHasBareBrokerIds) {
  // The shape of rocketmq-protocol.md 3.6.1's verified example (4.9.x: no
  // enableActingMaster).
  EXPECT_EQ(
      twoBrokerRoute().toJson(false),
      R"({"brokerDatas":[{"brokerAddrs":{0:"10.0.0.1:10911",1:"10.0.0.2:10911"},)"
      R"("brokerName":"broker-a","cluster":"DefaultCluster"},)"
      R"({"brokerAddrs":{0:"10.0.0.3:10911"},"brokerName":"broker-b","cluster":"DefaultCluster"}],)"
      R"("filterServerTable":{},"queueDatas":[)"
      R"({"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4},)"
      R"({"brokerName":"broker-b","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]})");
}

TEST(TopicRouteData, StandardFormQuotesAndSortsKeys) {
  TopicRouteData r = twoBrokerRoute();
  r.brokerDatas.resize(1);
  r.brokerDatas[0].brokerAddrs = {{10, "h10"}, {2, "h2"}, {0, "h0"}};
  r.brokerDatas[0].enableActingMaster = false;
  r.queueDatas.resize(1);
  r.filterServerTable = {{"10.0.0.1:10911", {"fs2", "fs1"}}};
  r.orderTopicConf = "broker-a:4";
  // Broker ids sort as numbers (a TreeMap<Long,...>), and '/' is escaped.
  r.brokerDatas[0].cluster = "c/1";
  EXPECT_EQ(
      r.toJson(true),
      R"({"brokerDatas":[{"brokerAddrs":{"0":"h0","2":"h2","10":"h10"},"brokerName":"broker-a",)"
      R"("cluster":"c\/1","enableActingMaster":false}],)"
      R"("filterServerTable":{"10.0.0.1:10911":["fs2","fs1"]},"orderTopicConf":"broker-a:4",)"
      R"("queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]})");
}

TEST(TopicRouteData, StandardFormEscapesNonAsciiDefaultFormKeepsIt) {
  TopicRouteData r;
  r.orderTopicConf = "\xE4\xB8\xAD:1";
  EXPECT_EQ(
      r.toJson(true),
      R"({"brokerDatas":[],"filterServerTable":{},"orderTopicConf":"\u4E2D:1","queueDatas":[]})");
  EXPECT_EQ(r.toJson(false),
            "{\"brokerDatas\":[],\"filterServerTable\":{},\"orderTopicConf\":\"\xE4\xB8\xAD:1\","
            "\"queueDatas\":[]}");
}

TEST(TopicRouteData, BothFormsRoundTrip) {
  TopicRouteData r = twoBrokerRoute();
  r.filterServerTable = {{"10.0.0.1:10911", {"fs"}}};
  r.brokerDatas[1].zoneName = "zone-\xC3\xA9";
  for (bool standard : {false, true}) {
    auto back = TopicRouteData::fromJson(r.toJson(standard));
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(*back, r) << standard;
  }
}

TEST(TopicRouteData, WhichFormARequestGets) {
  EXPECT_FALSE(useStandardRouteJson(121, std::nullopt));  // ali-ons
  EXPECT_FALSE(useStandardRouteJson(400, false));
  EXPECT_TRUE(useStandardRouteJson(400, true));
  EXPECT_TRUE(useStandardRouteJson(401, std::nullopt));
  EXPECT_TRUE(useStandardRouteJson(409, false));
}

TEST(TopicRouteData, DecodingErrorsNameTheField) {
  auto r = TopicRouteData::fromJson(R"({"brokerDatas":[{"brokerAddrs":{0:5}}]})");
  ASSERT_TRUE(r.ok()) << r.status();  // a number where a string is due is read as its text
  EXPECT_EQ(r->brokerDatas[0].brokerAddrs.at(0), "5");
  auto bad = TopicRouteData::fromJson(R"({"queueDatas":[{"perm":"rw"}]})");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("queueDatas[0].perm"), std::string::npos) << bad.status();
  EXPECT_FALSE(TopicRouteData::fromJson(R"({"brokerDatas":{}})").ok());
  EXPECT_FALSE(TopicRouteData::fromJson(R"({"brokerDatas":[{"brokerAddrs":{x:"a"}}]})").ok());
  EXPECT_FALSE(TopicRouteData::fromJson("").ok());
}

TEST(ClusterInfo, MatchesJavaBodyByteForByte) {
  // GET_BROKER_CLUSTER_INFO response of the corpus (a-producer.json.jsonl).
  ClusterInfo c;
  BrokerData b;
  b.brokerName = "broker-a";
  b.cluster = "DefaultCluster";
  b.brokerAddrs = {{0, "127.0.0.1:20911"}};
  c.brokerAddrTable = {{"broker-a", b}};
  c.clusterAddrTable = {{"DefaultCluster", {"broker-a"}}};
  const std::string java =
      R"({"brokerAddrTable":{"broker-a":{"brokerAddrs":{0:"127.0.0.1:20911"},"brokerName":"broker-a",)"
      R"("cluster":"DefaultCluster"}},"clusterAddrTable":{"DefaultCluster":["broker-a"]}})";
  EXPECT_EQ(c.toJson(), java);
  auto back = ClusterInfo::fromJson(java);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, c);
}

TEST(ClusterInfo, SeveralBrokersComeOutInJavaHashMapOrder) {
  ClusterInfo c;
  for (const char* name : {"broker-a", "broker-b", "broker-c"}) {
    c.brokerAddrTable[name].brokerName = name;
  }
  const std::string json = c.toJson();
  // "broker-a".."broker-c" hash to consecutive values; their buckets in 16
  // are 11, 8 and 9 (h ^ h >>> 16), so Java writes b, c, a.
  EXPECT_LT(json.find("\"broker-b\":"), json.find("\"broker-c\":"));
  EXPECT_LT(json.find("\"broker-c\":"), json.find("\"broker-a\":"));
}

}  // namespace
}  // namespace apogee::remoting
