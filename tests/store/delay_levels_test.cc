#include "store/delay_levels.h"

#include <gtest/gtest.h>

// messageDelayLevel parsing: RocketMQ's units and our "ms" extension.
namespace apogee::store {
namespace {

TEST(DelayLevelsTest, RocketMQUnits) {
  auto levels = DelayLevels::parse(DelayLevels::kDefault);
  ASSERT_TRUE(levels.ok()) << levels.status();
  EXPECT_EQ(levels->maxLevel(), 18);
  EXPECT_EQ(levels->deliverTimestamp(1, 0), 1000);
  EXPECT_EQ(levels->deliverTimestamp(5, 0), 60 * 1000);
  EXPECT_EQ(levels->deliverTimestamp(18, 0), 2 * 60 * 60 * 1000);
  auto day = DelayLevels::parse("1d");
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(day->deliverTimestamp(1, 0), 24LL * 60 * 60 * 1000);
}

TEST(DelayLevelsTest, MillisecondsAreOurExtension) {
  auto levels = DelayLevels::parse("200ms 1s  1500ms 2m");
  ASSERT_TRUE(levels.ok()) << levels.status();
  EXPECT_EQ(levels->maxLevel(), 4);
  EXPECT_EQ(levels->deliverTimestamp(1, 100), 300);
  EXPECT_EQ(levels->deliverTimestamp(2, 100), 1100);
  EXPECT_EQ(levels->deliverTimestamp(3, 100), 1600);
  EXPECT_EQ(levels->deliverTimestamp(4, 0), 120000);
  // Past the last level: the last; below 1: one second, as RocketMQ.
  EXPECT_EQ(levels->deliverTimestamp(9, 0), 120000);
  EXPECT_EQ(levels->deliverTimestamp(0, 0), 1000);
}

TEST(DelayLevelsTest, BadLevelsAreRejected) {
  for (const char* bad : {"", "  ", "10", "ms", "s", "1x", "-1s", "1.5s", "1sm", "m1s"}) {
    EXPECT_FALSE(DelayLevels::parse(bad).ok()) << "'" << bad << "'";
  }
}

}  // namespace
}  // namespace apogee::store
