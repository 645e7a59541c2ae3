#include <gtest/gtest.h>

#include <future>

#include "broker/pull_request_hold_service.h"
#include "broker_test_util.h"
#include "support/wait.h"

namespace apogee::broker::testing {
namespace {

using PullTest = BrokerFixture;
using Clock = std::chrono::steady_clock;

TEST_F(PullTest, StatusesAndOffsetsFollowRocketMQ) {
  createTopic("T", 2);
  // Empty queue at 0: PULL_NOT_FOUND, remark NO_MESSAGE_IN_QUEUE (corpus f).
  auto empty = pull(pullHeader("g", "T", 0, 0));
  EXPECT_EQ(empty.code(), rc::kPullNotFound);
  EXPECT_EQ(empty.remark().value_or(""), "NO_MESSAGE_IN_QUEUE");
  EXPECT_EQ(fieldOf(empty, "nextBeginOffset"), "0");
  EXPECT_EQ(fieldOf(empty, "suggestWhichBrokerId"), "0");
  // Empty queue at 5: moved to 0.
  auto moved = pull(pullHeader("g", "T", 0, 5));
  EXPECT_EQ(moved.code(), rc::kPullOffsetMoved);
  EXPECT_EQ(fieldOf(moved, "nextBeginOffset"), "0");

  for (int i = 0; i < 3; ++i) ASSERT_EQ(send("T", 0, "m" + std::to_string(i)).code(), rc::kSuccess);
  waitDispatched();
  auto found = pull(pullHeader("g", "T", 0, 1));
  ASSERT_EQ(found.code(), rc::kSuccess);
  EXPECT_EQ(found.remark().value_or(""), "FOUND");
  EXPECT_EQ(fieldOf(found, "nextBeginOffset"), "3");
  EXPECT_EQ(fieldOf(found, "minOffset"), "0");
  EXPECT_EQ(fieldOf(found, "maxOffset"), "3");
  auto msgs = decodeAll(found.body().flatten());
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].body, "m1");
  EXPECT_EQ(msgs[0].queueOffset, 1);

  // Caught up: OFFSET_OVERFLOW_ONE, same offset.
  auto caught = pull(pullHeader("g", "T", 0, 3));
  EXPECT_EQ(caught.code(), rc::kPullNotFound);
  EXPECT_EQ(caught.remark().value_or(""), "OFFSET_OVERFLOW_ONE");
  EXPECT_EQ(fieldOf(caught, "nextBeginOffset"), "3");
  // Far past the end while the queue starts at 0: back to 0.
  auto badly = pull(pullHeader("g", "T", 0, 100));
  EXPECT_EQ(badly.code(), rc::kPullOffsetMoved);
  EXPECT_EQ(badly.remark().value_or(""), "OFFSET_OVERFLOW_BADLY");
  EXPECT_EQ(fieldOf(badly, "nextBeginOffset"), "0");
  // Negative offset: too small, moved to min.
  auto small = pull(pullHeader("g", "T", 0, -4));
  EXPECT_EQ(small.code(), rc::kPullOffsetMoved);
  EXPECT_EQ(small.remark().value_or(""), "OFFSET_TOO_SMALL");
  EXPECT_EQ(fieldOf(small, "nextBeginOffset"), "0");
}

TEST_F(PullTest, TagFilterSkipsOtherTags) {
  createTopic("T", 1);
  send("T", 0, "a", "TAGS\x01TagA");
  send("T", 0, "b", "TAGS\x01TagB");
  send("T", 0, "a2", "TAGS\x01TagA");
  waitDispatched();
  auto h = pullHeader("g", "T", 0, 0);
  h.subscription = "TagB";
  auto r = pull(h);
  ASSERT_EQ(r.code(), rc::kSuccess);
  auto msgs = decodeAll(r.body().flatten());
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].body, "b");
  h.subscription = "TagZ";
  auto none = pull(h);
  EXPECT_EQ(none.code(), rc::kPullRetryImmediately);
  EXPECT_EQ(fieldOf(none, "nextBeginOffset"), "3");
}

TEST_F(PullTest, SubscriptionChecksUseHeartbeat) {
  createTopic("T", 1);
  auto h = pullHeader("push", "T", 0, 0);
  h.sysFlag = 0;  // use the registered subscription
  h.subscription.reset();
  h.subVersion = 2000;
  EXPECT_EQ(pull(h).code(), rc::kSubscriptionNotExist);
  ASSERT_EQ(heartbeat("client-1", "push", "Other", "*", 1000).code(), rc::kSuccess);
  EXPECT_EQ(pull(h).code(), rc::kSubscriptionNotExist);  // not subscribed to T
  ASSERT_EQ(heartbeat("client-1", "push", "T", "*", 1000).code(), rc::kSuccess);
  // The pull's subscription is newer than the registered one (corpus b: 25 once).
  auto stale = pull(h);
  EXPECT_EQ(stale.code(), rc::kSubscriptionNotLatest);
  EXPECT_EQ(stale.remark().value_or(""), "the consumer's subscription not latest");
  ASSERT_EQ(heartbeat("client-1", "push", "T", "*", 2000).code(), rc::kSuccess);
  EXPECT_EQ(pull(h).code(), rc::kPullNotFound);
}

TEST_F(PullTest, BadPullsGetErrorsAndOthersAreServed) {
  createTopic("T", 2);
  createTopic("WriteOnly", 1, 2);
  EXPECT_EQ(pull(pullHeader("g", "Nope", 0, 0)).code(), rc::kTopicNotExist);
  EXPECT_EQ(pull(pullHeader("g", "T", 2, 0)).code(), rc::kSystemError);
  EXPECT_EQ(pull(pullHeader("g", "T", -1, 0)).code(), rc::kSystemError);
  EXPECT_EQ(pull(pullHeader("g", "WriteOnly", 0, 0)).code(), rc::kNoPermission);
  auto fields = remoting::toExtFields(pullHeader("g", "T", 0, 0));
  fields.erase("queueOffset");
  auto r = call(request(code::kPullMessage, fields));
  EXPECT_EQ(r.code(), rc::kSystemError);
  EXPECT_NE(r.remark().value_or("").find("queueOffset"), std::string::npos);
  fields = remoting::toExtFields(pullHeader("g", "T", 0, 0));
  fields.set("queueOffset", "99999999999999999999");  // overflows int64
  EXPECT_EQ(call(request(code::kPullMessage, fields)).code(), rc::kSystemError);
  auto sql = pullHeader("g", "T", 0, 0);
  sql.expressionType = "SQL92";
  sql.subscription = "a > 1";
  EXPECT_EQ(pull(sql).code(), rc::kSystemError);
  EXPECT_EQ(pull(pullHeader("g", "T", 0, 0)).code(), rc::kPullNotFound);
}

TEST_F(PullTest, HeldPullIsAnsweredPromptlyAfterSend) {
  createTopic("T", 2);
  auto h = pullHeader("g", "T", 1, 0);
  h.sysFlag |= remoting::PullSysFlag::kSuspend;
  h.suspendTimeoutMillis = 20000;
  std::promise<Result<RemotingCommand>> answered;
  client_.invokeAsync(addr_, request(code::kPullMessage, remoting::toExtFields(h)),
                      std::chrono::seconds(30),
                      [&](Result<RemotingCommand> r) { answered.set_value(std::move(r)); });
  auto fut = answered.get_future();
  ASSERT_TRUE(apogee::testing::waitUntil(
      [&] { return broker_->pullRequestHoldService().heldCount() == 1; }));
  // A send to another queue does not wake it.
  ASSERT_EQ(send("T", 0, "other queue").code(), rc::kSuccess);
  waitDispatched();
  EXPECT_EQ(broker_->pullRequestHoldService().heldCount(), 1u);
  const auto sent_at = Clock::now();
  ASSERT_EQ(send("T", 1, "wake").code(), rc::kSuccess);
  ASSERT_EQ(fut.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  const auto latency = Clock::now() - sent_at;
  auto r = fut.get();
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->code(), rc::kSuccess);
  auto msgs = decodeAll(r->body().flatten());
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].body, "wake");
  EXPECT_LT(latency, std::chrono::seconds(1));  // far below the 5 s safety scan
}

TEST_F(PullTest, HeldPullWithFilterWaitsForMatchingTag) {
  createTopic("T", 1);
  auto h = pullHeader("g", "T", 0, 0);
  h.sysFlag |= remoting::PullSysFlag::kSuspend;
  h.suspendTimeoutMillis = 20000;
  h.subscription = "TagA";
  std::promise<Result<RemotingCommand>> answered;
  client_.invokeAsync(addr_, request(code::kPullMessage, remoting::toExtFields(h)),
                      std::chrono::seconds(30),
                      [&](Result<RemotingCommand> r) { answered.set_value(std::move(r)); });
  auto fut = answered.get_future();
  ASSERT_TRUE(apogee::testing::waitUntil(
      [&] { return broker_->pullRequestHoldService().heldCount() == 1; }));
  ASSERT_EQ(send("T", 0, "b", "TAGS\x01TagB").code(), rc::kSuccess);
  waitDispatched();
  EXPECT_EQ(broker_->pullRequestHoldService().heldCount(), 1u);
  ASSERT_EQ(send("T", 0, "a", "TAGS\x01TagA").code(), rc::kSuccess);
  ASSERT_EQ(fut.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  auto r = fut.get();
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->code(), rc::kSuccess);
  auto msgs = decodeAll(r->body().flatten());
  ASSERT_EQ(msgs.size(), 1u);  // TagB skipped
  EXPECT_EQ(msgs[0].body, "a");
}

TEST_F(PullTest, HeldPullExpiresWithNotFoundAndSameOffsets) {
  createTopic("T", 1);
  send("T", 0, "x");
  waitDispatched();
  auto h = pullHeader("g", "T", 0, 1);
  h.sysFlag |= remoting::PullSysFlag::kSuspend | remoting::PullSysFlag::kCommitOffset;
  h.commitOffset = 1;
  h.suspendTimeoutMillis = 300;
  const auto start = Clock::now();
  auto r = pull(h);
  const auto took = Clock::now() - start;
  EXPECT_EQ(r.code(), rc::kPullNotFound);
  EXPECT_EQ(fieldOf(r, "nextBeginOffset"), "1");
  EXPECT_EQ(fieldOf(r, "maxOffset"), "1");
  EXPECT_GE(took, std::chrono::milliseconds(250));
  EXPECT_LT(took, std::chrono::seconds(3));
  // The piggybacked commit was stored (once, on the first run).
  auto q = call(request(code::kQueryConsumerOffset,
                        {{"consumerGroup", "g"}, {"topic", "T"}, {"queueId", "0"}}));
  EXPECT_EQ(fieldOf(q, "offset"), "1");
}

TEST_F(PullTest, ShutdownAnswersHeldPulls) {
  createTopic("T", 1);
  auto h = pullHeader("g", "T", 0, 0);
  h.sysFlag |= remoting::PullSysFlag::kSuspend;
  h.suspendTimeoutMillis = 60000;
  std::promise<Result<RemotingCommand>> answered;
  client_.invokeAsync(addr_, request(code::kPullMessage, remoting::toExtFields(h)),
                      std::chrono::seconds(30),
                      [&](Result<RemotingCommand> r) { answered.set_value(std::move(r)); });
  ASSERT_TRUE(apogee::testing::waitUntil(
      [&] { return broker_->pullRequestHoldService().heldCount() == 1; }));
  broker_->shutdown();
  auto fut = answered.get_future();
  ASSERT_EQ(fut.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  auto r = fut.get();
  // Answered (not timed out): either the replayed PULL_NOT_FOUND, or the
  // connection closing right after it.
  if (r.ok()) EXPECT_EQ(r->code(), rc::kPullNotFound);
  else EXPECT_NE(r.status().code(), StatusCode::kTimeout);
}

}  // namespace
}  // namespace apogee::broker::testing
