#include "remoting/body/heartbeat.h"

#include <gtest/gtest.h>

namespace apogee::remoting {
namespace {

TEST(BuildSubscriptionData, AllOrEmptyMeansEverything) {
  for (const char* expression : {"", "*"}) {
    auto sd = buildSubscriptionData("T", expression, kExpressionTypeTag, 5);
    ASSERT_TRUE(sd.ok());
    EXPECT_EQ(sd->subString, "*");
    EXPECT_EQ(sd->topic, "T");
    EXPECT_EQ(sd->subVersion, 5);
    EXPECT_EQ(sd->expressionType, "TAG");
    EXPECT_TRUE(sd->tagsSet.empty());
    EXPECT_TRUE(sd->codeSet.empty());
  }
}

TEST(BuildSubscriptionData, SplitsTrimsAndDropsEmptyTags) {
  auto sd = buildSubscriptionData("T", " TagB ||TagA|| ||\tTagB||", kExpressionTypeTag, 1);
  ASSERT_TRUE(sd.ok());
  EXPECT_EQ(sd->subString, " TagB ||TagA|| ||\tTagB||");  // kept as given
  // HashSet order: "TagA" is in bucket 0 of 16, "TagB" in bucket 15.
  EXPECT_EQ(sd->tagsSet, (std::vector<std::string>{"TagA", "TagB"}));
  EXPECT_EQ(sd->codeSet, (std::vector<std::int32_t>{2598919, 2598920}));
}

TEST(BuildSubscriptionData, CodesFollowJavaHashSetOrderNotTagOrder) {
  // Integer hashes are the values: 2598919 lands in bucket 0, "Tag中"
  // (2618867) in bucket 4, 2598920 in bucket 15.
  auto sd = buildSubscriptionData("T", "TagB || Tag\xE4\xB8\xAD || TagA", kExpressionTypeTag, 1);
  ASSERT_TRUE(sd.ok());
  EXPECT_EQ(sd->codeSet, (std::vector<std::int32_t>{2598919, 2618867, 2598920}));
  EXPECT_EQ(sd->tagsSet.size(), 3u);
}

TEST(BuildSubscriptionData, OnlySeparatorsIsAnErrorAsInJava) {
  auto sd = buildSubscriptionData("T", "||||", kExpressionTypeTag, 1);
  EXPECT_EQ(sd.status().code(), StatusCode::kInvalidArgument);
  // Blank parts are not empty parts: Java accepts this and records no tag.
  auto blank = buildSubscriptionData("T", " || ", kExpressionTypeTag, 1);
  ASSERT_TRUE(blank.ok());
  EXPECT_TRUE(blank->tagsSet.empty());
  EXPECT_EQ(blank->subString, " || ");
}

TEST(BuildSubscriptionData, SqlExpressionsAreKeptWhole) {
  auto sd = buildSubscriptionData("T", "a > 5 || b = 'x'", kExpressionTypeSql92, 1);
  ASSERT_TRUE(sd.ok());
  EXPECT_EQ(sd->expressionType, "SQL92");
  EXPECT_EQ(sd->subString, "a > 5 || b = 'x'");
  EXPECT_TRUE(sd->tagsSet.empty());
  EXPECT_FALSE(buildSubscriptionData("T", "", kExpressionTypeSql92, 1).ok());
}

TEST(BuildSubscriptionData, DefaultVersionIsNow) {
  auto sd = buildSubscriptionData("T", "*");
  ASSERT_TRUE(sd.ok());
  EXPECT_GT(sd->subVersion, 1600000000000);  // after 2020
}

HeartbeatData referenceHeartbeat() {
  HeartbeatData h;
  h.clientID = "10.0.0.5@12345#123";
  ConsumerData c;
  c.groupName = "g1";
  c.consumeType = ConsumeType::CONSUME_PASSIVELY;
  c.messageModel = MessageModel::CLUSTERING;
  c.consumeFromWhere = ConsumeFromWhere::CONSUME_FROM_LAST_OFFSET;
  c.subscriptionDataSet.push_back(
      *buildSubscriptionData("T", "TagA || TagB", kExpressionTypeTag, 1700000000000));
  h.consumerDataSet.push_back(c);
  h.producerDataSet.push_back({"CLIENT_INNER_PRODUCER"});
  h.heartbeatFingerprint = 0;
  h.withoutSub = false;
  return h;
}

TEST(HeartbeatData, MatchesTheVerifiedFiveXExample) {
  // rocketmq-protocol.md 3.6.2, verified against Java.
  EXPECT_EQ(
      referenceHeartbeat().toJson(),
      R"({"clientID":"10.0.0.5@12345#123","consumerDataSet":[{"consumeFromWhere":"CONSUME_FROM_LAST_OFFSET",)"
      R"("consumeType":"CONSUME_PASSIVELY","groupName":"g1","messageModel":"CLUSTERING","subscriptionDataSet":)"
      R"([{"classFilterMode":false,"codeSet":[2598919,2598920],"expressionType":"TAG","subString":"TagA || TagB",)"
      R"("subVersion":1700000000000,"tagsSet":["TagA","TagB"],"topic":"T"}],"unitMode":false}],)"
      R"("heartbeatFingerprint":0,"producerDataSet":[{"groupName":"CLIENT_INNER_PRODUCER"}],"withoutSub":false})");
}

TEST(HeartbeatData, FourNineFormOmitsTheV2Fields) {
  HeartbeatData h;
  h.clientID = "c";
  h.producerDataSet = {{"CorpusProducer"}, {"CLIENT_INNER_PRODUCER"}};
  EXPECT_EQ(
      h.toJson(),
      R"({"clientID":"c","consumerDataSet":[],"producerDataSet":[{"groupName":"CorpusProducer"},)"
      R"({"groupName":"CLIENT_INNER_PRODUCER"}]})");
}

TEST(HeartbeatData, RoundTripsAndToleratesStringlyTypedInput) {
  const HeartbeatData h = referenceHeartbeat();
  auto back = HeartbeatData::fromJson(h.toJson());
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, h);
  auto loose = HeartbeatData::fromJson(
      R"({"clientID":"c","consumerDataSet":[{"consumeType":"CONSUME_POP","unitMode":"true",)"
      R"("subscriptionDataSet":[{"subVersion":"17","codeSet":["5"]}]}],"withoutSub":"false","x":1})");
  ASSERT_TRUE(loose.ok()) << loose.status();
  EXPECT_EQ(loose->consumerDataSet[0].consumeType, ConsumeType::CONSUME_POP);
  EXPECT_TRUE(loose->consumerDataSet[0].unitMode);
  EXPECT_EQ(loose->consumerDataSet[0].subscriptionDataSet[0].subVersion, 17);
  EXPECT_EQ(loose->consumerDataSet[0].subscriptionDataSet[0].codeSet, std::vector<std::int32_t>{5});
  EXPECT_EQ(loose->withoutSub, false);
}

TEST(HeartbeatData, BadEnumNamesAndTypesAreErrors) {
  auto bad_enum = HeartbeatData::fromJson(R"({"consumerDataSet":[{"messageModel":"SOMETIMES"}]})");
  ASSERT_FALSE(bad_enum.ok());
  EXPECT_NE(bad_enum.status().message().find("consumerDataSet[0].messageModel"), std::string::npos);
  EXPECT_FALSE(HeartbeatData::fromJson(R"({"producerDataSet":"g"})").ok());
  EXPECT_FALSE(HeartbeatData::fromJson(R"({"consumerDataSet":[7]})").ok());
  EXPECT_FALSE(HeartbeatData::fromJson(R"({"clientID":"c")").ok());
}

TEST(ConsumerEnums, JavaNamesBothWays) {
  EXPECT_EQ(javaName(ConsumeType::CONSUME_ACTIVELY), "CONSUME_ACTIVELY");
  EXPECT_EQ(javaName(MessageModel::BROADCASTING), "BROADCASTING");
  EXPECT_EQ(javaName(ConsumeFromWhere::CONSUME_FROM_TIMESTAMP), "CONSUME_FROM_TIMESTAMP");
  ConsumeFromWhere where{};
  EXPECT_TRUE(fromJavaName("CONSUME_FROM_MAX_OFFSET", where));
  EXPECT_EQ(where, ConsumeFromWhere::CONSUME_FROM_MAX_OFFSET);
  EXPECT_FALSE(fromJavaName("consume_from_max_offset", where));
}

TEST(ConsumerIdList, MatchesJavaBody) {
  const std::string java = R"({"consumerIdList":["192.0.2.2@23159#5320325114626"]})";
  ConsumerIdList l{{"192.0.2.2@23159#5320325114626"}};
  EXPECT_EQ(l.toJson(), java);
  auto back = ConsumerIdList::fromJson(java);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, l);
  EXPECT_EQ(ConsumerIdList{}.toJson(), R"({"consumerIdList":[]})");
  EXPECT_FALSE(ConsumerIdList::fromJson(R"({"consumerIdList":[{}]})").ok());
}

}  // namespace
}  // namespace apogee::remoting
