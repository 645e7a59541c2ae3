#include "remoting/headers/pull.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "header_test_util.h"
#include "remoting/remoting_command.h"
#include "remoting/request_code.h"

namespace apogee::remoting {
namespace {

using header_testing::expectHeaderContract;
using header_testing::keysOf;

PullMessageRequestHeader samplePull() {
  PullMessageRequestHeader h;
  h.consumerGroup = "CorpusPull";
  h.topic = "CorpusT";
  h.queueId = 7;
  h.queueOffset = 1234567890123;
  h.maxMsgNums = 32;
  h.sysFlag = PullSysFlag::build(true, true, true, false);
  h.commitOffset = 99;
  h.suspendTimeoutMillis = 15000;
  h.subscription = "TagA || TagB";
  h.subVersion = 1795750780436;
  h.expressionType = "TAG";
  h.maxMsgBytes = 262144;
  h.requestSource = 1;
  h.proxyFrowardClientId = "proxy-client";
  return h;
}

TEST(PullHeaders, RequestContract) { expectHeaderContract(samplePull()); }

TEST(PullHeaders, RequestWithout5xFieldsHasThe4_9_8Keys) {
  PullMessageRequestHeader h = samplePull();
  h.maxMsgBytes.reset();
  h.requestSource.reset();
  h.proxyFrowardClientId.reset();
  EXPECT_EQ(
      keysOf(toExtFields(h)),
      (std::vector<std::string>{"consumerGroup", "topic", "queueId", "queueOffset", "maxMsgNums",
                                "sysFlag", "commitOffset", "suspendTimeoutMillis", "subscription",
                                "subVersion", "expressionType"}));
}

TEST(PullHeaders, ThroughARemotingCommand) {
  RemotingCommand request =
      RemotingCommand::createRequest(RequestCode::kPullMessage, toExtFields(samplePull()));
  request.addExtField("bname", "broker-a");  // extras follow the header's own keys
  EXPECT_EQ(request.code(), 11);
  auto decoded = decodeHeader<PullMessageRequestHeader>(request.extFields());
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, samplePull());
  EXPECT_EQ(keysOf(request.extFields()).back(), "bname");
}

TEST(PullHeaders, MissingQueueOffsetNamesFieldAndHeader) {
  ExtFields wire = toExtFields(samplePull());
  ASSERT_TRUE(wire.erase("queueOffset"));
  auto decoded = decodeHeader<PullMessageRequestHeader>(wire);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().message(),
            "PullMessageRequestHeader: missing required field 'queueOffset'");
  EXPECT_EQ(headerErrorOf(decoded.error()), HeaderError::kMissingField);
}

TEST(PullHeaders, QueueIdOverflowIsABadValue) {
  ExtFields wire = toExtFields(samplePull());
  wire.set("queueId", "4294967296");
  auto decoded = decodeHeader<PullMessageRequestHeader>(wire);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(
      decoded.error().message(),
      "PullMessageRequestHeader: bad value '4294967296' for field 'queueId' (expected int32)");
}

TEST(PullHeaders, ResponseContract) {
  PullMessageResponseHeader h;
  h.suggestWhichBrokerId = 1;
  h.nextBeginOffset = 10;
  h.minOffset = 2;
  h.maxOffset = 11;
  h.offsetDelta = -5;
  h.topicSysFlag = 1;
  h.groupSysFlag = 2;
  h.forbiddenType = 3;
  expectHeaderContract(h);
  h.offsetDelta.reset();
  h.topicSysFlag.reset();
  h.groupSysFlag.reset();
  h.forbiddenType.reset();
  EXPECT_EQ(keysOf(toExtFields(h)),
            (std::vector<std::string>{"suggestWhichBrokerId", "nextBeginOffset", "minOffset",
                                      "maxOffset"}));
}

TEST(PullSysFlagTest, BitValues) {
  static_assert(PullSysFlag::kCommitOffset == 1);
  static_assert(PullSysFlag::kSuspend == 2);
  static_assert(PullSysFlag::kSubscription == 4);
  static_assert(PullSysFlag::kClassFilter == 8);
  static_assert(PullSysFlag::kLitePull == 16);
  // The flags seen in the corpus: push consumer without a stored offset (2),
  // pull consumer (4), push consumer committing (3).
  EXPECT_EQ(PullSysFlag::build(false, true, false, false), 2);
  EXPECT_EQ(PullSysFlag::build(false, false, true, false), 4);
  EXPECT_EQ(PullSysFlag::build(true, true, false, false), 3);
  EXPECT_EQ(PullSysFlag::build(true, true, true, true, true), 31);
  // The 4.9.8 DefaultLitePullConsumer in the corpus sends 22: suspend,
  // subscription and the lite-pull bit (the reference lists that bit as 5.x).
  EXPECT_EQ(PullSysFlag::build(false, true, true, false, true), 22);
}

TEST(PullSysFlagTest, QueriesAndEdits) {
  const std::int32_t flag = PullSysFlag::build(true, true, false, false);
  EXPECT_TRUE(PullSysFlag::hasCommitOffset(flag));
  EXPECT_TRUE(PullSysFlag::hasSuspend(flag));
  EXPECT_FALSE(PullSysFlag::hasSubscription(flag));
  EXPECT_FALSE(PullSysFlag::hasClassFilter(flag));
  EXPECT_FALSE(PullSysFlag::hasLitePull(flag));
  EXPECT_EQ(PullSysFlag::clearCommitOffset(flag), PullSysFlag::kSuspend);
  EXPECT_EQ(PullSysFlag::clearSuspend(flag), PullSysFlag::kCommitOffset);
  EXPECT_TRUE(PullSysFlag::hasSubscription(PullSysFlag::withSubscription(flag)));
  EXPECT_TRUE(PullSysFlag::hasClassFilter(PullSysFlag::kClassFilter));
  EXPECT_TRUE(PullSysFlag::hasLitePull(PullSysFlag::build(false, false, false, false, true)));
  EXPECT_EQ(PullSysFlag::clearCommitOffset(PullSysFlag::kSuspend), PullSysFlag::kSuspend);
}

}  // namespace
}  // namespace apogee::remoting
