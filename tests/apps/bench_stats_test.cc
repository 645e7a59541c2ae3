// The benchmarks' histogram, thread-safe counters and report lines
// (apps/apogee/bench_stats.*), without a server.
#include "apogee/bench_stats.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <thread>
#include <vector>

namespace apogee::tool {
namespace {

// Within the histogram's precision: 1/64 of the value (plus one for small).
void expectNear(std::uint64_t got, std::uint64_t want) {
  const double tolerance = static_cast<double>(want) / 64.0 + 1.0;
  EXPECT_NEAR(static_cast<double>(got), static_cast<double>(want), tolerance)
      << "got " << got << " want " << want;
}

TEST(HistogramTest, BucketsAreContiguousAndCoverTheirValues) {
  for (std::size_t b = 0; b + 1 < Histogram::kBuckets; ++b) {
    ASSERT_LE(Histogram::bucketLow(b), Histogram::bucketHigh(b)) << b;
    ASSERT_EQ(Histogram::bucketHigh(b) + 1, Histogram::bucketLow(b + 1)) << b;
    ASSERT_EQ(Histogram::bucketOf(Histogram::bucketLow(b)), b);
    ASSERT_EQ(Histogram::bucketOf(Histogram::bucketHigh(b)), b);
  }
  EXPECT_EQ(Histogram::bucketOf(0), 0u);
  EXPECT_EQ(Histogram::bucketOf(127), 127u);
  EXPECT_EQ(Histogram::bucketOf(128), 128u);
  // Values beyond the range are clamped into the last bucket.
  EXPECT_EQ(Histogram::bucketOf(UINT64_MAX), Histogram::kBuckets - 1);
  // Relative width of a bucket is at most 1/64.
  for (std::uint64_t v : {200ull, 1000ull, 123456ull, 987654321ull}) {
    const std::size_t b = Histogram::bucketOf(v);
    EXPECT_LE(Histogram::bucketHigh(b) - Histogram::bucketLow(b) + 1, v / 64 + 1) << v;
  }
}

TEST(HistogramTest, EmptyIsZero) {
  Histogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.percentile(0.99), 0u);
  EXPECT_EQ(h.min(), 0u);
  EXPECT_EQ(h.max(), 0u);
  EXPECT_EQ(h.mean(), 0.0);
}

TEST(HistogramTest, UniformDistributionPercentiles) {
  Histogram h;
  for (std::uint64_t v = 1; v <= 100000; ++v) h.record(v);
  EXPECT_EQ(h.count(), 100000u);
  EXPECT_EQ(h.min(), 1u);
  EXPECT_EQ(h.max(), 100000u);
  EXPECT_DOUBLE_EQ(h.mean(), 50000.5);
  expectNear(h.percentile(0.50), 50000);
  expectNear(h.percentile(0.90), 90000);
  expectNear(h.percentile(0.99), 99000);
  expectNear(h.percentile(0.999), 99900);
  EXPECT_EQ(h.percentile(1.0), 100000u);
  EXPECT_EQ(h.percentile(0.0), 1u);
}

TEST(HistogramTest, SmallValuesAreExact) {
  Histogram h;
  for (int i = 0; i < 90; ++i) h.record(5);
  for (int i = 0; i < 9; ++i) h.record(50);
  h.record(100);
  EXPECT_EQ(h.percentile(0.50), 5u);
  EXPECT_EQ(h.percentile(0.90), 5u);
  EXPECT_EQ(h.percentile(0.91), 50u);
  EXPECT_EQ(h.percentile(0.99), 50u);
  EXPECT_EQ(h.percentile(0.999), 100u);
}

TEST(HistogramTest, ExponentialDistributionMatchesSortedSamples) {
  std::mt19937_64 rng(42);
  std::exponential_distribution<double> dist(1.0 / 2000.0);  // mean 2 ms in µs
  std::vector<std::uint64_t> values;
  Histogram h;
  for (int i = 0; i < 200000; ++i) {
    const auto v = static_cast<std::uint64_t>(dist(rng));
    values.push_back(v);
    h.record(v);
  }
  std::sort(values.begin(), values.end());
  for (double q : {0.5, 0.9, 0.99, 0.999}) {
    const auto exact = values[static_cast<std::size_t>(q * values.size()) - 1];
    expectNear(h.percentile(q), exact);
  }
  EXPECT_LE(h.percentile(0.5), h.percentile(0.9));
  EXPECT_LE(h.percentile(0.9), h.percentile(0.99));
  EXPECT_LE(h.percentile(0.99), h.percentile(0.999));
  EXPECT_LE(h.percentile(0.999), h.max());
}

TEST(HistogramTest, MergeEqualsRecordingEverything) {
  Histogram a, b, all;
  for (std::uint64_t v = 0; v < 5000; ++v) {
    (v % 3 == 0 ? a : b).record(v * 7);
    all.record(v * 7);
  }
  a.merge(b);
  EXPECT_EQ(a.count(), all.count());
  EXPECT_EQ(a.min(), all.min());
  EXPECT_EQ(a.max(), all.max());
  EXPECT_EQ(a.mean(), all.mean());
  for (double q : {0.1, 0.5, 0.9, 0.99, 0.999}) EXPECT_EQ(a.percentile(q), all.percentile(q));
  a.reset();
  EXPECT_EQ(a.count(), 0u);
}

TEST(BenchStatsTest, ThreadsRecordAndTakeMergesEverything) {
  BenchStats stats;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 10000;
  std::vector<std::thread> threads;
  std::atomic<bool> go{false};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      while (!go.load()) std::this_thread::yield();
      for (int i = 0; i < kPerThread; ++i) {
        stats.recordSuccess(1, 100, std::chrono::microseconds(i % 1000));
        if (i % 100 == 0) stats.recordError();
      }
    });
  }
  go.store(true);
  // Samples taken while the threads run add up to the total.
  std::uint64_t seen = 0;
  for (int i = 0; i < 5; ++i) seen += stats.take().messages;
  for (auto& t : threads) t.join();
  seen += stats.take().messages;
  EXPECT_EQ(seen, std::uint64_t{kThreads * kPerThread});
  const BenchSample& total = stats.total();
  EXPECT_EQ(total.messages, std::uint64_t{kThreads * kPerThread});
  EXPECT_EQ(total.bytes, total.messages * 100);
  EXPECT_EQ(total.errors, std::uint64_t{kThreads * kPerThread / 100});
  EXPECT_EQ(total.latency_us.count(), total.messages);
  EXPECT_EQ(total.latency_us.max(), 999u);
  EXPECT_EQ(stats.take().messages, 0u);
}

TEST(BenchStatsTest, NegativeLatencyIsNotRecorded) {
  BenchStats stats;
  stats.recordSuccess(32, 3200);
  BenchSample s = stats.take();
  EXPECT_EQ(s.messages, 32u);
  EXPECT_EQ(s.latency_us.count(), 0u);
}

TEST(BenchReportTest, HumanTickAndSummary) {
  BenchSample s;
  s.messages = 12345;
  s.bytes = 12345ull * 1024;
  for (int i = 0; i < 100; ++i) s.latency_us.record(i < 99 ? 300 : 1200);
  BenchReportStyle style;
  style.target = 100000;
  const std::string tick = formatTick(style, 3, 1.0, s, 45000);
  EXPECT_EQ(tick,
            "[   3s] send TPS 12,345  MB/s 12.06  RT avg 0.31 ms  p99 0.30 ms  errors 0  "
            "[#########-----------] 45% 45,000/100,000");
  style.target.reset();
  const std::string summary = formatSummary(style, 2.0, s);
  EXPECT_NE(summary.find("summary: 12,345 messages, 0 errors, 12.1 MiB in 2.00 s"),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("p50 0.30  p90 0.30  p99 0.30  p999 1.20  max 1.20"), std::string::npos)
      << summary;
  BenchReportStyle pull{.rate_label = "msgs/s", .latency = false, .target = {}, .json = false};
  EXPECT_EQ(formatTick(pull, 1, 0.5, s, 0), "[   1s] msgs/s 24,690  MB/s 24.11  errors 0");
}

TEST(BenchReportTest, JsonTickAndSummaryParse) {
  BenchSample s;
  s.messages = 2000;
  s.bytes = 2000 * 1024;
  s.errors = 1;
  for (std::uint64_t v = 1; v <= 2000; ++v) s.latency_us.record(v);
  BenchReportStyle style{.rate_label = "send TPS", .latency = true, .target = 4000, .json = true};
  rapidjson::Document t;
  t.Parse(formatTick(style, 1, 1.0, s, 2001).c_str());
  ASSERT_FALSE(t.HasParseError());
  EXPECT_STREQ(t["type"].GetString(), "tick");
  EXPECT_EQ(t["messages"].GetInt64(), 2000);
  EXPECT_EQ(t["errors"].GetInt64(), 1);
  EXPECT_EQ(t["done"].GetInt64(), 2001);
  EXPECT_NEAR(t["progress"].GetDouble(), 0.5, 0.001);
  EXPECT_NEAR(t["p99RtMs"].GetDouble(), 1.98, 0.04);
  rapidjson::Document d;
  d.Parse(formatSummary(style, 2.0, s).c_str());
  ASSERT_FALSE(d.HasParseError());
  EXPECT_STREQ(d["type"].GetString(), "summary");
  EXPECT_DOUBLE_EQ(d["tps"].GetDouble(), 1000.0);
  const auto& l = d["latencyMs"];
  EXPECT_LE(l["min"].GetDouble(), l["p50"].GetDouble());
  EXPECT_LE(l["p50"].GetDouble(), l["p90"].GetDouble());
  EXPECT_LE(l["p90"].GetDouble(), l["p99"].GetDouble());
  EXPECT_LE(l["p99"].GetDouble(), l["p999"].GetDouble());
  EXPECT_LE(l["p999"].GetDouble(), l["max"].GetDouble());
  EXPECT_NEAR(l["p50"].GetDouble(), 1.0, 0.02);
}

TEST(BenchReportTest, ProgressBarAndDurations) {
  EXPECT_EQ(progressBar(0.0, 4), "[----]");
  EXPECT_EQ(progressBar(0.5, 4), "[##--]");
  EXPECT_EQ(progressBar(2.0, 4), "[####]");
  EXPECT_EQ(parseDuration("10s"), std::chrono::milliseconds(10000));
  EXPECT_EQ(parseDuration("10"), std::chrono::milliseconds(10000));
  EXPECT_EQ(parseDuration("500ms"), std::chrono::milliseconds(500));
  EXPECT_EQ(parseDuration("2m"), std::chrono::milliseconds(120000));
  EXPECT_EQ(parseDuration("1h"), std::chrono::milliseconds(3600000));
  EXPECT_FALSE(parseDuration("ten"));
  EXPECT_FALSE(parseDuration("5x"));
  EXPECT_FALSE(parseDuration(""));
}

}  // namespace
}  // namespace apogee::tool
