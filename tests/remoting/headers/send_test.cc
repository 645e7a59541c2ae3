#include "remoting/headers/send.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "header_test_util.h"

namespace apogee::remoting {
namespace {

using header_testing::expectHeaderContract;
using header_testing::keysOf;

SendMessageRequestHeader sampleV1() {
  SendMessageRequestHeader h;
  h.producerGroup = "CorpusProducer";
  h.topic = "%RETRY%CorpusPush";
  h.defaultTopic = "TBW102";
  h.defaultTopicQueueNums = 4;
  h.queueId = -1;
  h.sysFlag = 769;
  h.bornTimestamp = 1795750767511;
  h.flag = 3;
  h.properties = std::string(
      "KEYS\x01"
      "CorpusKey-1\x02"
      "TAGS\x01"
      "TagA");
  h.reconsumeTimes = 2;
  h.unitMode = true;
  h.batch = true;
  h.maxReconsumeTimes = 16;
  return h;
}

SendMessageRequestHeaderV2 sampleV2() {
  SendMessageRequestHeaderV2 h = toV2(sampleV1());
  h.n = "broker-a";
  return h;
}

TEST(SendHeaders, V1Contract) { expectHeaderContract(sampleV1()); }
TEST(SendHeaders, V2Contract) { expectHeaderContract(sampleV2()); }

TEST(SendHeaders, V2KeysAreAThroughNInOrder) {
  EXPECT_EQ(keysOf(toExtFields(sampleV2())),
            (std::vector<std::string>{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l",
                                      "m", "n"}));
}

TEST(SendHeaders, V2WithoutOptionalsStillWritesUnitModeAndBatch) {
  // A 4.9.8 producer always sends k and m (primitive booleans) but never l for
  // an ordinary topic.
  SendMessageRequestHeaderV2 h;
  h.a = "g";
  h.b = "t";
  h.c = "TBW102";
  EXPECT_EQ(keysOf(toExtFields(h)),
            (std::vector<std::string>{"a", "b", "c", "d", "e", "f", "g", "h", "k", "m"}));
}

TEST(SendHeaders, V2MissingBornTimestampNamesField) {
  ExtFields wire = toExtFields(sampleV2());
  ASSERT_TRUE(wire.erase("g"));
  auto decoded = decodeHeader<SendMessageRequestHeaderV2>(wire);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().message(), "SendMessageRequestHeaderV2: missing required field 'g'");
}

TEST(SendHeaders, V1ToV2MapsEveryField) {
  const SendMessageRequestHeaderV2 v2 = toV2(sampleV1());
  EXPECT_EQ(v2.a, "CorpusProducer");
  EXPECT_EQ(v2.b, "%RETRY%CorpusPush");
  EXPECT_EQ(v2.c, "TBW102");
  EXPECT_EQ(v2.d, 4);
  EXPECT_EQ(v2.e, -1);
  EXPECT_EQ(v2.f, 769);
  EXPECT_EQ(v2.g, 1795750767511);
  EXPECT_EQ(v2.h, 3);
  EXPECT_EQ(v2.i, sampleV1().properties);
  EXPECT_EQ(v2.j, 2);
  EXPECT_TRUE(v2.k);
  EXPECT_EQ(v2.l, 16);
  EXPECT_TRUE(v2.m);
  EXPECT_EQ(v2.n, std::nullopt);  // no V1 counterpart
}

TEST(SendHeaders, V2ToV1AndBack) {
  EXPECT_EQ(toV1(sampleV2()), sampleV1());
  SendMessageRequestHeaderV2 without_broker = sampleV2();
  without_broker.n.reset();
  EXPECT_EQ(toV2(toV1(sampleV2())), without_broker);
}

TEST(SendHeaders, V1AndV2CarryTheSameValuesOnTheWire) {
  // Same field order and values; only the key names differ.
  const ExtFields v1 = toExtFields(sampleV1());
  const ExtFields v2 = toExtFields(toV2(sampleV1()));
  ASSERT_EQ(v1.size(), v2.size());
  const std::vector<std::pair<std::string, std::string>> names = {
      {"producerGroup", "a"}, {"topic", "b"},
      {"defaultTopic", "c"},  {"defaultTopicQueueNums", "d"},
      {"queueId", "e"},       {"sysFlag", "f"},
      {"bornTimestamp", "g"}, {"flag", "h"},
      {"properties", "i"},    {"reconsumeTimes", "j"},
      {"unitMode", "k"},      {"maxReconsumeTimes", "l"},
      {"batch", "m"}};
  for (const auto& [long_name, letter] : names) {
    EXPECT_EQ(v1.get(long_name), v2.get(letter)) << long_name;
  }
}

SendMessageResponseHeader sampleResponse() {
  SendMessageResponseHeader h;
  h.msgId = "7F000001000051AF0000000000000358,7F000001000051AF0000000000000440";
  h.queueId = 6;
  h.queueOffset = 42;
  h.transactionId = "C000020256FB5FFD2B2786AE43960000";
  h.batchUniqId = "batch";
  h.recallHandle = "handle";
  return h;
}

TEST(SendHeaders, ResponseContract) { expectHeaderContract(sampleResponse()); }

TEST(SendHeaders, ResponseWithoutTransactionIdHasThreeKeys) {
  SendMessageResponseHeader h = sampleResponse();
  h.transactionId.reset();
  h.batchUniqId.reset();
  h.recallHandle.reset();
  ExtFields wire = toExtFields(h);
  wire.append(std::string(kTraceOnField), "true");
  wire.append(std::string(kMsgRegionField), "DefaultRegion");
  EXPECT_EQ(keysOf(wire), (std::vector<std::string>{"msgId", "queueId", "queueOffset", "TRACE_ON",
                                                    "MSG_REGION"}));
  auto decoded = decodeHeader<SendMessageResponseHeader>(wire);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, h);
}

TEST(SendHeaders, ConsumerSendMsgBackContract) {
  ConsumerSendMsgBackRequestHeader h;
  h.offset = 2938;
  h.group = "CorpusPush";
  h.delayLevel = -1;
  h.originMsgId = "C000020256FB5FFD2B2786AE43960000";
  h.originTopic = "CorpusT";
  h.unitMode = true;
  h.maxReconsumeTimes = 16;
  expectHeaderContract(h);
}

TEST(SendHeaders, EndTransactionContract) {
  EndTransactionRequestHeader h;
  h.topic = "TxTopic";
  h.producerGroup = "TxGroup";
  h.tranStateTableOffset = 12;
  h.commitLogOffset = 123456789012;
  h.commitOrRollback = kTransactionRollbackType;
  h.fromTransactionCheck = true;
  h.msgId = "C000020256FB5FFD2B2786AE43960000";
  h.transactionId = "tx-1";
  expectHeaderContract(h);
}

TEST(SendHeaders, EndTransactionWritesFromTransactionCheckEvenWhenFalse) {
  EndTransactionRequestHeader h;
  h.commitOrRollback = kTransactionCommitType;
  const ExtFields wire = toExtFields(h);
  EXPECT_EQ(wire.get("fromTransactionCheck"), "false");
  EXPECT_EQ(wire.get("commitOrRollback"), "8");
  EXPECT_FALSE(wire.contains("topic"));
}

TEST(SendHeaders, CheckTransactionStateContract) {
  CheckTransactionStateRequestHeader h;
  h.topic = "TxTopic";
  h.tranStateTableOffset = 3;
  h.commitLogOffset = 4096;
  h.msgId = "C000020256FB5FFD2B2786AE43960000";
  h.transactionId = "tx-1";
  h.offsetMsgId = "7F000001000051AF0000000000001000";
  expectHeaderContract(h);
}

}  // namespace
}  // namespace apogee::remoting
