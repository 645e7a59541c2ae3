// Admin bodies the corpus has no frame of: SubscriptionGroupConfig (200),
// SubscriptionGroupWrapper (201), ProducerConnection (204) and the
// GET_BROKER_CONFIG (26) response header. The expected text is what fastjson
// writes for the 4.9.8 classes (alphabetical fields, maps in Java order);
// ProducerConnection reuses the Connection entries of the corpus's 203
// answers.

#include <gtest/gtest.h>

#include <string>

#include "corpus_body_util.h"
#include "remoting/body/admin_bodies.h"
#include "remoting/body/subscription_group.h"
#include "remoting/headers/admin.h"

namespace apogee::remoting {
namespace {

using namespace body_test;

constexpr std::string_view kGroupJson =
    R"({"brokerId":0,"consumeBroadcastEnable":true,"consumeEnable":true,"consumeFromMinEnable":true,)"
    R"("consumeMessageOrderly":false,"groupName":"CorpusPush","notifyConsumerIdsChangedEnable":true,)"
    R"("retryMaxTimes":16,"retryQueueNums":1,"whichBrokerWhenConsumeSlowly":1})";

TEST(SubscriptionGroupBody, DefaultsWriteAsJavaDoes) {
  SubscriptionGroupConfig c;
  c.groupName = "CorpusPush";
  EXPECT_EQ(c.toJson(), kGroupJson);
  auto back = SubscriptionGroupConfig::fromJson(kGroupJson);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, c);
}

TEST(SubscriptionGroupBody, AbsentFieldsKeepJavaDefaults) {
  // 4.9.8 has no consumeMessageOrderly; a partial body leaves defaults.
  auto c = SubscriptionGroupConfig::fromJson(R"({"groupName":"g","retryMaxTimes":"3"})");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->groupName, "g");
  EXPECT_EQ(c->retryMaxTimes, 3);
  EXPECT_TRUE(c->consumeEnable);
  EXPECT_EQ(c->retryQueueNums, 1);
  EXPECT_FALSE(SubscriptionGroupConfig::fromJson(R"({"retryMaxTimes":[1]})").ok());
}

TEST(SubscriptionGroupBody, WrapperHasDataVersionAndTable) {
  SubscriptionGroupWrapper w;
  w.dataVersion.counter = 3;
  w.dataVersion.timestamp = 1795750713047;
  SubscriptionGroupConfig c;
  c.groupName = "CorpusPush";
  w.subscriptionGroupTable.emplace(c.groupName, c);
  const std::string json = w.toJson();
  EXPECT_EQ(json, R"({"dataVersion":{"counter":3,"timestamp":1795750713047},"subscriptionGroupTable":{"CorpusPush":)" +
                      std::string(kGroupJson) + "}}");
  auto back = SubscriptionGroupWrapper::fromJson(json);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, w);
  // An entry without its name takes the table key.
  auto keyed = SubscriptionGroupWrapper::fromJson(R"({"subscriptionGroupTable":{"k":{"retryMaxTimes":2}}})");
  ASSERT_TRUE(keyed.ok());
  EXPECT_EQ(keyed->subscriptionGroupTable.at("k").groupName, "k");
}

TEST_F(CorpusBodies, ProducerConnectionFromCorpusConnections) {
  // The corpus has no 204 answer; its Connection entries come from the 203s.
  const int n = forEach(203, true, [](const CorpusFrame& f) {
    const auto begin = f.body.find("\"connectionSet\":[");
    const auto end = f.body.find(']', begin);
    ASSERT_NE(begin, std::string::npos);
    const std::string body = "{" + f.body.substr(begin, end + 1 - begin) + "}";
    auto pc = ProducerConnection::fromJson(body);
    ASSERT_TRUE(pc.ok()) << pc.status() << "\n" << body;
    ASSERT_EQ(pc->connectionSet.size(), 1u);
    EXPECT_EQ(pc->connectionSet[0].language, LanguageCode::JAVA);
    EXPECT_EQ(pc->connectionSet[0].version, 409);
    EXPECT_EQ(pc->toJson(), body);
  });
  EXPECT_GT(n, 0);
}

TEST(BrokerConfigHeader, VersionFieldCarriesDataVersionJson) {
  GetBrokerConfigResponseHeader h;
  h.version = R"({"counter":0,"timestamp":1700000000000})";
  auto fields = toExtFields(h);
  EXPECT_EQ(fields.get("version").value_or(""), h.version);
  auto back = decodeHeader<GetBrokerConfigResponseHeader>(fields);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, h);
  EXPECT_FALSE(decodeHeader<GetBrokerConfigResponseHeader>(ExtFields{}).ok());
}

}  // namespace
}  // namespace apogee::remoting
