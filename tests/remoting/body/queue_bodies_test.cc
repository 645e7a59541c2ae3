// MessageQueue JSON, lock bodies, offset bodies and admin statistics.

#include <gtest/gtest.h>

#include <unordered_set>

#include "remoting/body/admin_bodies.h"
#include "remoting/body/consumer_running_info.h"
#include "remoting/body/message_queue_json.h"
#include "remoting/body/offset_bodies.h"

namespace apogee::remoting {
namespace {

const MessageQueueKey kQ7{"CorpusT", "broker-a", 7};
const MessageQueueKey kQ6{"CorpusT", "broker-a", 6};

TEST(MessageQueueKey, JsonOrderAndHash) {
  EXPECT_EQ(kQ7.toJson(), R"({"brokerName":"broker-a","queueId":7,"topic":"CorpusT"})");
  auto back = MessageQueueKey::fromJson(kQ7.toJson());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, kQ7);
  // Java's compareTo: topic, then brokerName, then queueId.
  EXPECT_LT((MessageQueueKey{"A", "z", 9}), (MessageQueueKey{"B", "a", 0}));
  EXPECT_LT((MessageQueueKey{"A", "a", 9}), (MessageQueueKey{"A", "b", 0}));
  EXPECT_LT(kQ6, kQ7);
  std::unordered_set<MessageQueueKey> set = {kQ7, kQ6, kQ7};
  EXPECT_EQ(set.size(), 2u);
  // MessageQueue.hashCode: 31*(31*(31 + h("b")) + 0) + h("T") = 31*31*(31+98) + 84.
  EXPECT_EQ((MessageQueueKey{"T", "b", 0}).javaHashCode(), 31 * 31 * (31 + 98) + 84);
  EXPECT_FALSE(MessageQueueKey::fromJson(R"({"queueId":"x"})").ok());
}

TEST(LockBatchBodies, MatchJavaBodies) {
  LockBatchRequestBody req;
  req.clientId = "192.0.2.2@27288#5381930364513";
  req.consumerGroup = "CorpusOrderly";
  req.mqSet = {kQ7};
  const std::string java_request =
      R"({"clientId":"192.0.2.2@27288#5381930364513","consumerGroup":"CorpusOrderly",)"
      R"("mqSet":[{"brokerName":"broker-a","queueId":7,"topic":"CorpusT"}]})";
  EXPECT_EQ(req.toJson(), java_request);
  req.onlyThisBroker = true;  // 5.x adds the flag
  EXPECT_EQ(req.toJson(),
            java_request.substr(0, java_request.size() - 1) + R"(,"onlyThisBroker":true})");
  auto back = UnlockBatchRequestBody::fromJson(req.toJson());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(static_cast<const LockBatchRequestBody&>(*back), req);

  LockBatchResponseBody resp{{kQ7}};
  EXPECT_EQ(resp.toJson(),
            R"({"lockOKMQSet":[{"brokerName":"broker-a","queueId":7,"topic":"CorpusT"}]})");
  EXPECT_EQ(LockBatchResponseBody{}.toJson(), R"({"lockOKMQSet":[]})");
  EXPECT_FALSE(LockBatchResponseBody::fromJson(R"({"lockOKMQSet":[{"queueId":[]}]})").ok());
}

TEST(ResetOffsetBody, WritesJavaFormOrStringifiedAndReadsBoth) {
  ResetOffsetBody body;
  body.offsetTable = {{kQ6, 12}, {kQ7, -1}};
  // Buckets 1 (queue 7) and 2 (queue 6) of 16: Java's order.
  const std::string bare =
      R"({"offsetTable":{{"brokerName":"broker-a","queueId":7,"topic":"CorpusT"}:-1,)"
      R"({"brokerName":"broker-a","queueId":6,"topic":"CorpusT"}:12}})";
  EXPECT_EQ(body.toJson(), bare);
  const std::string stringified = body.toJson(ObjectKeyStyle::kStringified);
  EXPECT_TRUE(stringified.starts_with(R"({"offsetTable":{"{\"brokerName\":\"broker-a\",)"))
      << stringified;
  for (const std::string& text : {bare, stringified}) {
    auto back = ResetOffsetBody::fromJson(text);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(*back, body);
  }
  EXPECT_FALSE(ResetOffsetBody::fromJson(R"({"offsetTable":{{"queueId":1}:"x"}})").ok());
  EXPECT_FALSE(ResetOffsetBody::fromJson(R"({"offsetTable":{"plain":1}})").ok());
}

TEST(ResetOffsetBodyForC, ListForm) {
  ResetOffsetBodyForC body;
  body.offsetTable = {{"broker-a", 42, 3, "T"}};
  const std::string json =
      R"({"offsetTable":[{"brokerName":"broker-a","offset":42,"queueId":3,"topic":"T"}]})";
  EXPECT_EQ(body.toJson(), json);
  auto back = ResetOffsetBodyForC::fromJson(json);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, body);
}

TEST(GetConsumerStatusBody, NestedQueueMaps) {
  GetConsumerStatusBody body;
  body.messageQueueTable = {{kQ7, 3}};
  body.consumerTable = {{"client-1", {{kQ6, 4}}}};
  EXPECT_EQ(
      body.toJson(),
      R"({"consumerTable":{"client-1":{{"brokerName":"broker-a","queueId":6,"topic":"CorpusT"}:4}},)"
      R"("messageQueueTable":{{"brokerName":"broker-a","queueId":7,"topic":"CorpusT"}:3}})");
  for (auto keys : {ObjectKeyStyle::kBare, ObjectKeyStyle::kStringified}) {
    auto back = GetConsumerStatusBody::fromJson(body.toJson(keys));
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(*back, body);
  }
}

TEST(TopicStatsTable, FourNineAndFiveXFields) {
  TopicStatsTable t;
  t.offsetTable = {{kQ7, {1795751067907, 1, 0}}};
  EXPECT_EQ(t.toJson(),
            R"({"offsetTable":{{"brokerName":"broker-a","queueId":7,"topic":"CorpusT"}:)"
            R"({"lastUpdateTimestamp":1795751067907,"maxOffset":1,"minOffset":0}}})");
  t.topicPutTps = 1.5;
  EXPECT_NE(t.toJson().find(R"(},"topicPutTps":1.5})"), std::string::npos);
  auto back = TopicStatsTable::fromJson(t.toJson());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, t);
}

TEST(ConsumeStats, DoublesAreWrittenLikeJava) {
  ConsumeStats s;
  s.offsetTable = {{kQ7, {10, 5, 0, std::nullopt}}};
  EXPECT_EQ(s.toJson(),
            R"({"consumeTps":0.0,"offsetTable":{{"brokerName":"broker-a","queueId":7,)"
            R"("topic":"CorpusT"}:{"brokerOffset":10,"consumerOffset":5,"lastTimestamp":0}}})");
  s.consumeTps = 12345678.5;
  s.offsetTable.begin()->second.pullOffset = 11;
  const std::string json = s.toJson();
  EXPECT_TRUE(json.starts_with(R"({"consumeTps":1.23456785E7,"offsetTable":)")) << json;
  EXPECT_NE(json.find(R"("lastTimestamp":0,"pullOffset":11})"), std::string::npos);
  auto back = ConsumeStats::fromJson(json);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, s);
  EXPECT_FALSE(ConsumeStats::fromJson(R"({"consumeTps":"fast"})").ok());
}

TEST(ConsumerConnection, RoundTripAndLanguageNames) {
  ConsumerConnection c;
  c.connectionSet = {{"127.0.0.1:45814", "id", LanguageCode::NODE_JS, 121}};
  c.consumeFromWhere = ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET;
  c.subscriptionTable["T"].topic = "T";
  c.subscriptionTable["T"].subString = "*";
  const std::string json = c.toJson();
  EXPECT_TRUE(json.starts_with(
      R"({"connectionSet":[{"clientAddr":"127.0.0.1:45814","clientId":"id","language":"NODE_JS","version":121}],)"
      R"("consumeFromWhere":"CONSUME_FROM_FIRST_OFFSET","consumeType":"CONSUME_PASSIVELY",)"
      R"("messageModel":"CLUSTERING","subscriptionTable":{"T":{)"))
      << json;
  auto back = ConsumerConnection::fromJson(json);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, c);
  auto bad = ConsumerConnection::fromJson(R"({"connectionSet":[{"language":"COBOL"}]})");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("connectionSet[0].language"), std::string::npos);
}

TEST(ConsumerRunningInfo, TreeMapsSortedAndRoundTrip) {
  ConsumerRunningInfo info;
  info.mqTable[kQ7].commitOffset = 3;
  info.mqTable[kQ6].locked = true;
  info.statusTable["b"].pullTPS = 0.25;
  info.statusTable["a"].consumeFailedMsgs = 2;
  info.properties[std::string(kPropConsumeType)] = "CONSUME_PASSIVELY";
  info.jstack = "\"main\" #1";
  const std::string json = info.toJson();
  EXPECT_TRUE(json.starts_with(
      R"({"jstack":"\"main\" #1","mqTable":{{"brokerName":"broker-a","queueId":6,)"))
      << json;
  EXPECT_LT(json.find(R"("a":{"consumeFailedMsgs":2,)"), json.find(R"("b":{)"));
  EXPECT_NE(json.find(R"("pullRT":0.0,"pullTPS":0.25})"), std::string::npos);
  for (auto keys : {ObjectKeyStyle::kBare, ObjectKeyStyle::kStringified}) {
    auto back = ConsumerRunningInfo::fromJson(info.toJson(keys));
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(*back, info);
  }
  EXPECT_FALSE(
      ConsumerRunningInfo::fromJson(R"({"mqTable":{{"queueId":0}:{"locked":"maybe"}}})").ok());
}

}  // namespace
}  // namespace apogee::remoting
