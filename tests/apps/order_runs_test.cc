// The order check of orderly_kill_test.cc on hand-made outputs: it must
// accept what a correct orderly group may print and catch a skipped step.
#include "apps/order_runs.h"

#include <gtest/gtest.h>

namespace apogee::testing {
namespace {

TEST(OrderRunsTest, AcceptsRestartsAndHandoversOverStepsAnotherProcessPrinted) {
  // Process 0 had the queue, lost it after step 4 (committed up to 2), got
  // it back at step 8; process 1 restarted at 3, consumed 3..7, was killed
  // at 7 before committing it; process 0 re-delivers 7 (a restart later).
  const std::vector<PrintedSteps> printed = {
      {{1, {0, 1, 2, 3, 4, 8, 9, 7, 8, 9}}},
      {{1, {3, 4, 5, 6, 7}}},
  };
  const auto r = checkOrderRuns(printed);
  EXPECT_TRUE(r.violations.empty()) << r.violations.front();
  EXPECT_EQ(r.restarts, 1);
  EXPECT_EQ(r.handover_jumps, 1);
}

TEST(OrderRunsTest, CatchesASkippedStepNobodyPrinted) {
  const auto skip = checkOrderRuns({{{1, {0, 1, 3}}}, {{1, {0, 1}}}});
  ASSERT_EQ(skip.violations.size(), 1u);
  EXPECT_NE(skip.violations[0].find("step 2"), std::string::npos) << skip.violations[0];
  // A late start over steps nobody printed.
  EXPECT_EQ(checkOrderRuns({{{5, {2, 3}}}}).violations.size(), 2u);
  // Two steps swapped: the jump from 1 to 3 passes over 2, which no other
  // process printed (this one printing it later does not count).
  EXPECT_EQ(checkOrderRuns({{{5, {0, 1, 3, 2}}}}).violations.size(), 1u);
}

}  // namespace
}  // namespace apogee::testing
