// The name server over loopback through our RemotingClient: error answers,
// the register variants (crc, compressed, slave), route JSON forms, data
// versions, topic admin, and the two ways a broker disappears.

#include "namesrv/name_server.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "name_server_fixture.h"
#include "namesrv/route_processor.h"
#include "support/wait.h"

namespace apogee::namesrv {
namespace {

using namespace std::chrono_literals;
using remoting::RemotingCommand;
using remoting::SerializeType;
using testing::registerRequest;
using testing::registration;
using testing::routeRequest;
namespace RequestCode = remoting::RequestCode;
namespace ResponseCode = remoting::ResponseCode;

class NameServerIntegrationTest : public testing::NameServerTest {
 protected:
  void SetUp() override { startServer(); }

  void registerOk(const BrokerRegistration& reg) {
    RemotingCommand response = call(registerRequest(reg));
    ASSERT_EQ(response.code(), ResponseCode::kSuccess) << response.describe();
  }
};

TEST_F(NameServerIntegrationTest, UnknownTopicIsTopicNotExistWithJavasRemark) {
  for (SerializeType type : {SerializeType::kJson, SerializeType::kRocketMQ}) {
    RemotingCommand response = call(routeRequest("NoSuchTopic"), type);
    EXPECT_EQ(response.code(), ResponseCode::kTopicNotExist);
    EXPECT_EQ(response.remark(),
              "No topic route info in name server for the topic: NoSuchTopic"
              "\nSee http://rocketmq.apache.org/docs/faq/ for further details.");
    EXPECT_TRUE(response.body().empty());
    EXPECT_EQ(response.serializeType(), type);
  }
}

TEST_F(NameServerIntegrationTest, MissingHeaderFieldIsAnErrorNamingItAndServingGoesOn) {
  auto no_topic = RemotingCommand::createRequest(RequestCode::kGetRouteInfoByTopic);
  RemotingCommand response = call(std::move(no_topic));
  EXPECT_EQ(response.code(), ResponseCode::kSystemError);
  ASSERT_TRUE(response.remark().has_value());
  EXPECT_NE(response.remark()->find("'topic'"), std::string::npos) << *response.remark();

  auto reg = registerRequest(registration("broker-a", "10.0.0.1:10911", 0, 1, {{"T", 6, 4}}));
  reg.mutableExtFields().erase("brokerAddr");
  response = call(std::move(reg), SerializeType::kRocketMQ);
  EXPECT_EQ(response.code(), ResponseCode::kSystemError);
  EXPECT_NE(response.remark().value_or("").find("'brokerAddr'"), std::string::npos);
  EXPECT_TRUE(routes().liveBrokerAddrs().empty());

  // Same connections, still answered.
  registerOk(registration("broker-a", "10.0.0.1:10911", 0, 1, {{"T", 6, 4}}));
  EXPECT_EQ(call(routeRequest("T"), SerializeType::kRocketMQ).code(), ResponseCode::kSuccess);
}

TEST_F(NameServerIntegrationTest, UnsupportedCodeIsAnsweredByTheTransport) {
  RemotingCommand response = call(RemotingCommand::createRequest(RequestCode::kWipeWritePermOfBroker));
  EXPECT_EQ(response.code(), ResponseCode::kRequestCodeNotSupported);
}

TEST_F(NameServerIntegrationTest, BodyCrcMismatchIsRejected) {
  auto request = registerRequest(registration("broker-a", "10.0.0.1:10911", 0, 1, {{"T", 6, 4}}));
  request.addExtField("bodyCrc32", "12345");
  RemotingCommand response = call(std::move(request));
  EXPECT_EQ(response.code(), ResponseCode::kSystemError);
  EXPECT_EQ(response.remark(), "crc32 not match");
  EXPECT_TRUE(routes().liveBrokerAddrs().empty());

  // 0 means "not checked".
  request = registerRequest(registration("broker-a", "10.0.0.1:10911", 0, 1, {{"T", 6, 4}}));
  request.addExtField("bodyCrc32", "0");
  EXPECT_EQ(call(std::move(request)).code(), ResponseCode::kSuccess);
}

TEST_F(NameServerIntegrationTest, CompressedRegisterBody) {
  auto reg = registration("broker-a", "10.0.0.1:10911", 0, 3, {{"T", 6, 8}, {"U", 4, 2}});
  remoting::RegisterBrokerBody body;
  body.topicConfigSerializeWrapper = reg.topicConfig;
  const std::string compressed = body.toCompressed(remoting::kCurrentVersion);
  auto request = registerRequest(reg);
  request.addExtField("compressed", "true");
  request.addExtField("bodyCrc32", std::to_string(bodyCrc32(compressed)));
  request.setBody(compressed);
  ASSERT_EQ(call(std::move(request)).code(), ResponseCode::kSuccess);

  auto route = routes().pickupTopicRouteData("U");
  ASSERT_TRUE(route.has_value());
  EXPECT_EQ(route->queueDatas.at(0), (remoting::QueueData{"broker-a", 4, 2, 0, 2}));
  EXPECT_EQ(routes().queryBrokerTopicConfig("10.0.0.1:10911")->counter, 3);

  // A body that does not inflate is an error, not a crash.
  auto bad = registerRequest(reg);
  bad.addExtField("compressed", "true");
  bad.addExtField("bodyCrc32", "0");
  bad.setBody(std::string("not zlib"));
  RemotingCommand response = call(std::move(bad));
  EXPECT_EQ(response.code(), ResponseCode::kSystemError);
  EXPECT_NE(response.remark().value_or("").find("RegisterBrokerBody"), std::string::npos);
}

TEST_F(NameServerIntegrationTest, SlaveRegistrationAnswersWithTheMastersAddresses) {
  RemotingCommand master = call(registerRequest(registration("broker-a", "10.0.0.1:10911", 0, 1, {{"T", 6, 4}})));
  EXPECT_TRUE(master.extFields().empty()) << "a master gets empty addresses";
  EXPECT_TRUE(master.body().empty()) << "no ORDER_TOPIC_CONFIG namespace, no body";

  RemotingCommand slave = call(registerRequest(registration("broker-a", "10.0.0.2:10911", 1, 1, {})),
                               SerializeType::kRocketMQ);
  ASSERT_EQ(slave.code(), ResponseCode::kSuccess);
  auto header = remoting::decodeHeader<remoting::RegisterBrokerResponseHeader>(slave.extFields());
  ASSERT_TRUE(header.ok()) << header.status();
  EXPECT_EQ(header->masterAddr, "10.0.0.1:10911");
  EXPECT_EQ(header->haServerAddr, "10.0.0.1:10911-ha");
}

TEST_F(NameServerIntegrationTest, RouteJsonFormFollowsVersionAndAcceptStandardJsonOnly) {
  registerOk(registration("broker-a", "10.0.0.1:10911", 0, 1, {{"T", 6, 4}}));
  registerOk(registration("broker-a", "10.0.0.2:10911", 1, 1, {}));
  const std::string standard_addrs = R"("brokerAddrs":{"0":"10.0.0.1:10911","1":"10.0.0.2:10911"})";
  const std::string java_addrs = R"("brokerAddrs":{0:"10.0.0.1:10911",1:"10.0.0.2:10911"})";

  auto old_client = routeRequest("T");
  old_client.setVersion(317);  // V4_5_2, the Go client
  std::string body = call(std::move(old_client)).body().flatten();
  EXPECT_NE(body.find(java_addrs), std::string::npos) << body;

  auto asks_standard = routeRequest("T");
  asks_standard.setVersion(317);
  asks_standard.addExtField("acceptStandardJsonOnly", "true");
  body = call(std::move(asks_standard)).body().flatten();
  EXPECT_NE(body.find(standard_addrs), std::string::npos) << body;

  body = call(routeRequest("T")).body().flatten();  // version 409
  EXPECT_NE(body.find(standard_addrs), std::string::npos) << body;
  EXPECT_EQ(remoting::TopicRouteData::fromJson(body)->queueDatas.size(), 1u);
}

TEST_F(NameServerIntegrationTest, QueryDataVersion) {
  auto reg = registration("broker-a", "10.0.0.1:10911", 0, 7, {{"T", 6, 4}});
  registerOk(reg);
  auto query = [&](const remoting::DataVersion& version) {
    auto request = RemotingCommand::createRequest(
        RequestCode::kQueryDataVersion,
        remoting::toExtFields(remoting::QueryDataVersionRequestHeader{
            .brokerName = "broker-a", .brokerAddr = "10.0.0.1:10911", .clusterName = "DefaultCluster",
            .brokerId = 0}));
    request.setBody(version.toJson());
    return call(std::move(request));
  };

  RemotingCommand same = query(reg.topicConfig.dataVersion);
  ASSERT_EQ(same.code(), ResponseCode::kSuccess);
  EXPECT_EQ(same.extField("changed"), "false");
  EXPECT_EQ(remoting::DataVersion::fromJson(same.body().flatten()).value(), reg.topicConfig.dataVersion);

  remoting::DataVersion newer = reg.topicConfig.dataVersion;
  newer.counter += 1;
  EXPECT_EQ(query(newer).extField("changed"), "true");

  auto garbage = RemotingCommand::createRequest(
      RequestCode::kQueryDataVersion,
      remoting::toExtFields(remoting::QueryDataVersionRequestHeader{
          .brokerName = "b", .brokerAddr = "a", .clusterName = "c", .brokerId = 0}));
  garbage.setBody(std::string("{not json"));
  EXPECT_EQ(call(std::move(garbage)).code(), ResponseCode::kSystemError);
}

TEST_F(NameServerIntegrationTest, DeleteTopicAndTopicsByCluster) {
  registerOk(registration("broker-a", "10.0.0.1:10911", 0, 1, {{"T", 6, 4}, {"U", 6, 4}}, "c1"));
  registerOk(registration("broker-b", "10.0.0.2:10911", 0, 1, {{"T", 6, 4}}, "c2"));

  auto by_cluster = [&](const std::string& cluster) {
    RemotingCommand response = call(RemotingCommand::createRequest(
        RequestCode::kGetTopicsByCluster,
        remoting::toExtFields(remoting::GetTopicsByClusterRequestHeader{.cluster = cluster})));
    EXPECT_EQ(response.code(), ResponseCode::kSuccess);
    auto list = remoting::TopicList::fromJson(response.body().flatten())->topicList;
    std::sort(list.begin(), list.end());
    return list;
  };
  EXPECT_EQ(by_cluster("c1"), (std::vector<std::string>{"T", "U"}));
  EXPECT_EQ(by_cluster("c2"), (std::vector<std::string>{"T"}));

  auto remove = [&](const std::string& topic, std::optional<std::string> cluster) {
    return call(RemotingCommand::createRequest(
                    RequestCode::kDeleteTopicInNamesrv,
                    remoting::toExtFields(remoting::DeleteTopicFromNamesrvRequestHeader{
                        .topic = topic, .clusterName = std::move(cluster)})))
        .code();
  };
  EXPECT_EQ(remove("T", "c1"), ResponseCode::kSuccess);
  EXPECT_EQ(by_cluster("c1"), (std::vector<std::string>{"U"}));
  EXPECT_EQ(call(routeRequest("T")).code(), ResponseCode::kSuccess) << "c2 still serves T";
  EXPECT_EQ(remove("T", std::nullopt), ResponseCode::kSuccess);
  EXPECT_EQ(call(routeRequest("T")).code(), ResponseCode::kTopicNotExist);
  EXPECT_EQ(call(routeRequest("U")).code(), ResponseCode::kSuccess);
}

TEST_F(NameServerIntegrationTest, SilentBrokerExpiresWithItsRoutes) {
  server_->shutdown();
  auto config = testing::testConfig();
  config.broker_expiry = 300ms;
  config.scan_interval = 20ms;
  config.scan_initial_delay = 0ms;
  startServer(config);

  registerOk(registration("broker-a", "10.0.0.1:10911", 0, 1, {{"T", 6, 4}}));
  auto channel = client().getChannel(address(), testing::kCallTimeout);
  ASSERT_TRUE(channel.ok()) << channel.status();
  ASSERT_EQ(call(routeRequest("T")).code(), ResponseCode::kSuccess);

  EXPECT_TRUE(apogee::testing::waitUntil([&] { return routes().liveBrokerAddrs().empty(); }));
  EXPECT_EQ(call(routeRequest("T"), SerializeType::kRocketMQ).code(), ResponseCode::kTopicNotExist);
  EXPECT_TRUE(routes().getAllClusterInfo().brokerAddrTable.empty());
  EXPECT_TRUE(routes().getAllTopicList().topicList.empty());
  // Like Java, the name server closes the expired broker's connection.
  EXPECT_TRUE(apogee::testing::waitUntil([&] { return !(*channel)->isActive(); }));
}

TEST_F(NameServerIntegrationTest, ClosedBrokerConnectionRemovesTheBroker) {
  registerOk(registration("broker-a", "10.0.0.1:10911", 0, 1, {{"T", 6, 4}}));
  const auto& housekeeping = server_->housekeeping();

  // A client that only asks and leaves takes nothing with it.
  ASSERT_EQ(call(routeRequest("T"), SerializeType::kRocketMQ).code(), ResponseCode::kSuccess);
  client(SerializeType::kRocketMQ).closeChannel(address());
  ASSERT_TRUE(apogee::testing::waitUntil([&] { return housekeeping.closesHandled() == 1; }));
  EXPECT_EQ(routes().liveBrokerAddrs(), std::vector<std::string>{"10.0.0.1:10911"});

  // The broker's connection closes: the broker and its routes go.
  client().closeChannel(address());
  ASSERT_TRUE(apogee::testing::waitUntil([&] { return housekeeping.closesHandled() == 2; }));
  EXPECT_TRUE(routes().liveBrokerAddrs().empty());
  EXPECT_EQ(call(routeRequest("T"), SerializeType::kRocketMQ).code(), ResponseCode::kTopicNotExist);
  EXPECT_TRUE(routes().getAllClusterInfo().clusterAddrTable.empty());
}

TEST_F(NameServerIntegrationTest, AnOldConnectionClosingDoesNotDropTheBrokersNewOne) {
  // The broker reconnects and registers on a new connection before the old
  // one's close is noticed; that close must not remove it.
  registerOk(registration("broker-a", "10.0.0.1:10911", 0, 1, {{"T", 6, 4}}));
  const auto& housekeeping = server_->housekeeping();
  ASSERT_EQ(call(registerRequest(registration("broker-a", "10.0.0.1:10911", 0, 1, {{"T", 6, 4}})),
                 SerializeType::kRocketMQ)
                .code(),
            ResponseCode::kSuccess);
  client().closeChannel(address());  // the first connection
  ASSERT_TRUE(apogee::testing::waitUntil([&] { return housekeeping.closesHandled() == 1; }));
  EXPECT_EQ(call(routeRequest("T"), SerializeType::kRocketMQ).code(), ResponseCode::kSuccess);
}

TEST_F(NameServerIntegrationTest, OrderTopicConfigReachesBrokersAndRoutes) {
  server_->shutdown();
  auto config = testing::testConfig();
  config.order_message_enable = true;
  startServer(config);

  auto kv = [&](int code, std::string key, std::optional<std::string> value) {
    remoting::ExtFields fields{{"namespace", std::string(kNamespaceOrderTopicConfig)}, {"key", std::move(key)}};
    if (value) fields.set("value", *value);
    return call(RemotingCommand::createRequest(code, std::move(fields)));
  };
  EXPECT_EQ(kv(RequestCode::kPutKvConfig, "T", "broker-a:4").code(), ResponseCode::kSuccess);
  RemotingCommand got = kv(RequestCode::kGetKvConfig, "T", std::nullopt);
  EXPECT_EQ(got.code(), ResponseCode::kSuccess);
  EXPECT_EQ(got.extField("value"), "broker-a:4");
  RemotingCommand missing = kv(RequestCode::kGetKvConfig, "nope", std::nullopt);
  EXPECT_EQ(missing.code(), ResponseCode::kQueryNotFound);
  EXPECT_EQ(missing.remark(), "No config item, Namespace: ORDER_TOPIC_CONFIG Key: nope");

  RemotingCommand registered = call(registerRequest(registration("broker-a", "10.0.0.1:10911", 0, 1, {{"T", 6, 4}})));
  ASSERT_EQ(registered.code(), ResponseCode::kSuccess);
  EXPECT_EQ(registered.body().flatten(), R"({"table":{"T":"broker-a:4"}})");

  auto route = remoting::TopicRouteData::fromJson(call(routeRequest("T")).body().flatten());
  ASSERT_TRUE(route.ok());
  EXPECT_EQ(route->orderTopicConf, "broker-a:4");

  RemotingCommand list = call(RemotingCommand::createRequest(
      RequestCode::kGetKvListByNamespace, {{"namespace", std::string(kNamespaceOrderTopicConfig)}}));
  EXPECT_EQ(list.body().flatten(), R"({"table":{"T":"broker-a:4"}})");
  EXPECT_EQ(kv(RequestCode::kDeleteKvConfig, "T", std::nullopt).code(), ResponseCode::kSuccess);
  EXPECT_FALSE(remoting::TopicRouteData::fromJson(call(routeRequest("T")).body().flatten())
                   ->orderTopicConf.has_value());
  EXPECT_EQ(call(RemotingCommand::createRequest(RequestCode::kGetKvListByNamespace, {{"namespace", "x"}})).code(),
            ResponseCode::kQueryNotFound);
}

}  // namespace
}  // namespace apogee::namesrv
