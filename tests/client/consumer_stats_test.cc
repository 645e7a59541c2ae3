#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "client/stats/consumer_stats_manager.h"
#include "client/stats/stats_item.h"

namespace apogee::client {
namespace {

TEST(StatsItem, MinuteSnapshotAveragesPerAdditionAndRatesPerSecond) {
  StatsItem item;
  item.add(30, 1);
  item.add(10, 1);
  item.sampleMinute();  // a sample in the middle does not change the window's start
  item.add(20, 1);
  const auto s = item.inMinute();
  EXPECT_EQ(s.sum, 60);
  EXPECT_DOUBLE_EQ(s.avgpt, 20.0);
  EXPECT_GT(s.tps, 0.0);
}

TEST(StatsItem, OldSamplesLeaveTheWindow) {
  StatsItem item;
  item.add(100, 1);
  // Seven samples later the creation sample (0) is gone: the window starts
  // at the first sample, which already counted the 100.
  for (int i = 0; i < 7; ++i) item.sampleMinute();
  item.add(5, 1);
  EXPECT_EQ(item.inMinute().sum, 5);
  EXPECT_DOUBLE_EQ(item.inMinute().avgpt, 5.0);
  // The hour window still starts at creation.
  EXPECT_EQ(item.inHour().sum, 105);
}

TEST(ConsumerStatsManager, KeepsPairsApartAndCountsFromManyThreads) {
  ConsumerStatsManager stats;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        stats.incConsumeOKTPS("G", "T", 2);
        stats.incConsumeFailedTPS("G", "T", 1);
        stats.incConsumeRT("G", "T", 4);
      }
    });
  }
  for (auto& t : threads) t.join();
  stats.incPullRT("G", "Other", 7);
  stats.incPullTPS("G", "Other", 32);

  const ConsumeStats t = stats.consumeStatus("G", "T");
  EXPECT_EQ(t.consumeFailedMsgs, 4000);
  EXPECT_DOUBLE_EQ(t.consumeRT, 4.0);
  EXPECT_GT(t.consumeOKTPS, t.consumeFailedTPS);
  EXPECT_EQ(t.pullTPS, 0.0);
  const ConsumeStats other = stats.consumeStatus("G", "Other");
  EXPECT_DOUBLE_EQ(other.pullRT, 7.0);
  EXPECT_GT(other.pullTPS, 0.0);
  EXPECT_EQ(other.consumeFailedMsgs, 0);
  const ConsumeStats none = stats.consumeStatus("H", "T");
  EXPECT_EQ(none.consumeOKTPS, 0.0);
  EXPECT_EQ(none.consumeFailedMsgs, 0);
}

}  // namespace
}  // namespace apogee::client
