#include "remoting/transport/response_table.h"

#include <gtest/gtest.h>

namespace apogee::remoting {
namespace {

using Clock = ResponseTable::Clock;
using namespace std::chrono_literals;

// A completion that records what it was given.
struct Recorder {
  std::vector<Result<RemotingCommand>> results;
  ResponseTable::Completion completion() {
    return [this](Result<RemotingCommand> r) { results.push_back(std::move(r)); };
  }
};

TEST(ResponseTableTest, TakeReturnsTheCompletionOnce) {
  ResponseTable table;
  Recorder rec;
  auto completion = rec.completion();
  ASSERT_EQ(table.add(7, 10, Clock::now() + 1s, completion), ResponseTable::AddResult::kAddedRearm);
  EXPECT_EQ(table.size(), 1u);
  auto taken = table.take(7);
  ASSERT_TRUE(taken.has_value());
  (*taken)(RemotingCommand::createResponse(0));
  EXPECT_FALSE(table.take(7).has_value());
  EXPECT_EQ(table.size(), 0u);
  ASSERT_EQ(rec.results.size(), 1u);
  EXPECT_TRUE(rec.results[0].ok());
}

TEST(ResponseTableTest, DuplicateOpaqueIsRefusedAndLeavesTheCompletionWithTheCaller) {
  ResponseTable table;
  Recorder rec;
  auto first = rec.completion();
  auto second = rec.completion();
  ASSERT_NE(table.add(1, 10, Clock::now() + 1s, first), ResponseTable::AddResult::kDuplicateOpaque);
  EXPECT_EQ(table.add(1, 10, Clock::now() + 1s, second), ResponseTable::AddResult::kDuplicateOpaque);
  EXPECT_TRUE(static_cast<bool>(second)) << "a refused completion must not be moved from";
}

TEST(ResponseTableTest, TakeExpiredReturnsOnlyDueRequestsInDeadlineOrder) {
  ResponseTable table;
  Recorder rec;
  const auto t0 = Clock::now();
  for (auto [opaque, offset] : {std::pair{1, 30ms}, {2, 10ms}, {3, 50ms}, {4, 20ms}}) {
    auto c = rec.completion();
    ASSERT_NE(table.add(opaque, 100 + opaque, t0 + offset, c), ResponseTable::AddResult::kDuplicateOpaque);
  }
  auto expired = table.takeExpired(t0 + 30ms);
  ASSERT_EQ(expired.size(), 3u);
  EXPECT_EQ(expired[0].opaque, 2);
  EXPECT_EQ(expired[1].opaque, 4);
  EXPECT_EQ(expired[2].opaque, 1);
  EXPECT_EQ(expired[2].code, 101);
  EXPECT_EQ(table.size(), 1u);
  EXPECT_TRUE(table.take(3).has_value());
}

TEST(ResponseTableTest, ReArmIsAskedOnlyForAnEarlierDeadlineThanTheArmedOne) {
  ResponseTable table;
  Recorder rec;
  const auto t0 = Clock::now();
  EXPECT_EQ(table.armTimer(t0 + 1s), t0 + 1s);  // empty: sleeps until the cap
  auto later = rec.completion();
  EXPECT_EQ(table.add(1, 0, t0 + 3s, later), ResponseTable::AddResult::kAdded);
  auto earlier = rec.completion();
  EXPECT_EQ(table.add(2, 0, t0 + 200ms, earlier), ResponseTable::AddResult::kAddedRearm);
  EXPECT_EQ(table.armedFor(), t0 + 200ms);
  auto between = rec.completion();
  EXPECT_EQ(table.add(3, 0, t0 + 500ms, between), ResponseTable::AddResult::kAdded);
  // Arming picks the earliest deadline when it comes before the cap.
  EXPECT_EQ(table.armTimer(t0 + 1s), t0 + 200ms);
}

TEST(ResponseTableTest, CloseHandsBackEverythingAndRefusesNewRequests) {
  ResponseTable table;
  Recorder rec;
  for (int opaque = 0; opaque < 3; ++opaque) {
    auto c = rec.completion();
    ASSERT_NE(table.add(opaque, 0, Clock::now() + 1s, c), ResponseTable::AddResult::kClosed);
  }
  auto all = table.closeAndTakeAll();
  EXPECT_EQ(all.size(), 3u);
  EXPECT_EQ(table.size(), 0u);
  auto late = rec.completion();
  EXPECT_EQ(table.add(9, 0, Clock::now() + 1s, late), ResponseTable::AddResult::kClosed);
  EXPECT_TRUE(static_cast<bool>(late));
}

}  // namespace
}  // namespace apogee::remoting
