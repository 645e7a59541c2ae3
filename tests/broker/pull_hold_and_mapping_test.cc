#include <gtest/gtest.h>

#include <mutex>

#include "broker/processors/batch_decoder.h"
#include "broker/processors/pull_message_processor.h"
#include "broker/pull_request_hold_service.h"
#include "broker/client_channel_info.h"
#include "common/message/big_endian.h"
#include "common/message/tag_hash.h"
#include "remoting/response_code.h"
#include "support/wait.h"

namespace apogee::broker {
namespace {

namespace rc = remoting::ResponseCode;
using store::GetMessageResult;
using store::GetMessageStatus;

GetMessageResult result(GetMessageStatus status, int64_t next, int64_t min, int64_t max) {
  GetMessageResult r;
  r.status = status;
  r.nextBeginOffset = QueueOffset(next);
  r.minOffset = QueueOffset(min);
  r.maxOffset = QueueOffset(max);
  return r;
}

TEST(PullResultMappingTest, StatusesAndOffsetCorrections) {
  auto check = [](GetMessageResult r, int64_t req, int code, int64_t next) {
    auto o = mapGetMessageResult(r, req);
    EXPECT_EQ(o.code, code) << store::getMessageStatusName(r.status);
    EXPECT_EQ(o.nextBeginOffset, next) << store::getMessageStatusName(r.status);
  };
  check(result(GetMessageStatus::kFound, 5, 0, 9), 2, rc::kSuccess, 5);
  check(result(GetMessageStatus::kNoMatchedMessage, 7, 0, 9), 2, rc::kPullRetryImmediately, 7);
  check(result(GetMessageStatus::kMessageWasRemoving, 3, 0, 9), 2, rc::kPullRetryImmediately, 3);
  // Empty queue: offset 0 is "nothing yet", anything else is moved to 0.
  check(result(GetMessageStatus::kNoMessageInQueue, 0, 0, 0), 0, rc::kPullNotFound, 0);
  check(result(GetMessageStatus::kNoMessageInQueue, 0, 0, 0), 5, rc::kPullOffsetMoved, 0);
  check(result(GetMessageStatus::kOffsetOverflowOne, 9, 0, 9), 9, rc::kPullNotFound, 9);
  check(result(GetMessageStatus::kOffsetTooSmall, 4, 4, 9), 1, rc::kPullOffsetMoved, 4);
  // Past the end: the store's corrected offset is passed on.
  check(result(GetMessageStatus::kOffsetOverflowBadly, 9, 3, 9), 20, rc::kPullOffsetMoved, 9);
  check(result(GetMessageStatus::kOffsetFoundNull, 6, 0, 9), 5, rc::kPullNotFound, 6);
}

std::string batchRecord(const std::string& body, const std::string& props, int flag = 0) {
  std::string r(20, '\0');
  const int total = 20 + static_cast<int>(body.size()) + 2 + static_cast<int>(props.size());
  message::putI32(r.data(), total);
  message::putI32(r.data() + 12, flag);
  message::putI32(r.data() + 16, static_cast<int32_t>(body.size()));
  r += body;
  char len[2];
  message::putBE16(len, static_cast<uint16_t>(props.size()));
  r.append(len, 2);
  r += props;
  return r;
}

TEST(BatchDecoderTest, DecodesAndAppendsBatchProperties) {
  const std::string body = batchRecord("m0", "TAGS\x01" "A\x02UNIQ_KEY\x01K0", 3) +
                           batchRecord("m1", "TAGS\x01" "B");
  auto batch = decodeBatch(body, "WAIT\x01true", "DefaultCluster");
  ASSERT_TRUE(batch.ok()) << batch.status();
  auto entries = batch->entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].body, "m0");
  EXPECT_EQ(entries[0].flag, 3);
  EXPECT_EQ(entries[0].properties,
            "TAGS\x01" "A\x02UNIQ_KEY\x01K0\x02WAIT\x01true\x02" "CLUSTER\x01" "DefaultCluster\x02");
  EXPECT_EQ(entries[1].body, "m1");
  // A message without UNIQ_KEY gets one.
  EXPECT_NE(std::string(entries[1].properties).find("UNIQ_KEY\x01"), std::string::npos);
}

TEST(BatchDecoderTest, RejectsMalformedBodies) {
  EXPECT_FALSE(decodeBatch("", "", "c").ok());
  std::string rec = batchRecord("abc", "TAGS\x01" "A");
  EXPECT_FALSE(decodeBatch(rec.substr(0, rec.size() - 1), "", "c").ok());
  std::string bad = rec;
  message::putI32(bad.data() + 16, 1000);  // body longer than the record
  EXPECT_FALSE(decodeBatch(bad, "", "c").ok());
  std::string tiny = rec;
  message::putI32(tiny.data(), 3);
  EXPECT_FALSE(decodeBatch(tiny, "", "c").ok());
}

// The hold service on its own: a fake store offset and a replay recorder.
class HoldServiceTest : public ::testing::Test {
 protected:
  HoldServiceTest()
      : hold_([this](PullRequest r) {
                std::lock_guard lock(mu_);
                replayed_.push_back(r.pullFromThisOffset);
              },
              [this](std::string_view, int32_t) { return max_.load(); },
              std::chrono::milliseconds(60000)) {
    hold_.start();
  }
  PullRequest request(int64_t offset, int64_t hold_ms,
                      std::shared_ptr<const store::MessageFilter> filter = nullptr) {
    auto cmd = remoting::RemotingCommand::createRequest(11);
    return PullRequest{cmd, remoting::RequestContext(nullptr, cmd), offset, steadyMillis() + hold_ms,
                       std::move(filter)};
  }
  size_t replayedCount() {
    std::lock_guard lock(mu_);
    return replayed_.size();
  }
  std::atomic<int64_t> max_{5};
  std::mutex mu_;
  std::vector<int64_t> replayed_;
  PullRequestHoldService hold_;
};

TEST_F(HoldServiceTest, ArrivalPastOffsetWakesOnlyThatQueue) {
  hold_.suspendPullRequest("T", 0, request(5, 60000));
  hold_.suspendPullRequest("T", 1, request(5, 60000));
  EXPECT_EQ(hold_.heldCount(), 2u);
  hold_.notifyMessageArriving("T", 0, 5, std::nullopt);  // not past offset 5
  EXPECT_EQ(replayedCount(), 0u);
  hold_.notifyMessageArriving("T", 0, 6, 123);
  EXPECT_EQ(replayedCount(), 1u);
  EXPECT_EQ(hold_.heldCount(), 1u);
  hold_.notifyMessageArriving("U", 1, 6, 123);  // another topic
  EXPECT_EQ(hold_.heldCount(), 1u);
}

TEST_F(HoldServiceTest, FilterDecidesWhichArrivalWakes) {
  auto filter = std::make_shared<store::TagFilter>(store::TagFilter::fromExpression("TagA"));
  hold_.suspendPullRequest("T", 0, request(5, 60000, filter));
  hold_.notifyMessageArriving("T", 0, 6, message::tagsCode("TagB"));
  EXPECT_EQ(hold_.heldCount(), 1u);
  hold_.notifyMessageArriving("T", 0, 7, message::tagsCode("TagA"));
  EXPECT_EQ(hold_.heldCount(), 0u);
  EXPECT_EQ(replayedCount(), 1u);
}

TEST_F(HoldServiceTest, ExpiresAtDeadlineWithoutArrival) {
  hold_.suspendPullRequest("T", 0, request(5, 50));
  EXPECT_TRUE(apogee::testing::waitUntil([&] { return replayedCount() == 1; },
                                         std::chrono::seconds(5)));
  EXPECT_EQ(hold_.heldCount(), 0u);
}

TEST_F(HoldServiceTest, MessageBeforeSuspendIsNotMissed) {
  max_ = 9;  // arrived between the pull's read and the suspend
  hold_.suspendPullRequest("T", 0, request(5, 60000));
  EXPECT_EQ(replayedCount(), 1u);
}

TEST_F(HoldServiceTest, ShutdownAnswersHeldRequests) {
  hold_.suspendPullRequest("T", 0, request(5, 60000));
  hold_.suspendPullRequest("T", 2, request(5, 60000));
  hold_.shutdown();
  EXPECT_EQ(replayedCount(), 2u);
}

}  // namespace
}  // namespace apogee::broker
