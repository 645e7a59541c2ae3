#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "apogee/output.h"

// What the `apogee bench` commands share: a latency histogram, thread-safe
// counters sampled once a second, and the per-second line and the summary
// (human or JSON). Nothing here touches the network; tests/apps/
// bench_stats_test.cc covers it.
namespace apogee::tool {

// A fixed-bucket log-linear histogram of non-negative values (microseconds
// in the benchmarks), HdrHistogram-like: values below 128 have a bucket
// each, above that every power of two is split into 64 buckets, so a
// reported value is within 1/64 (1.6 %) of a recorded one. Values up to
// 2^40 (12 days in µs); larger ones are clamped. No allocation after
// construction; not thread-safe (see BenchStats).
class Histogram {
 public:
  static constexpr int kSubBits = 7;
  static constexpr std::uint64_t kSubCount = 1u << kSubBits;  // 128
  static constexpr std::uint64_t kHalf = kSubCount / 2;       // 64
  static constexpr int kMaxBits = 40;
  static constexpr std::size_t kBuckets = kSubCount + (kMaxBits - kSubBits) * kHalf;

  void record(std::uint64_t value);
  void merge(const Histogram& other);
  void reset();

  std::uint64_t count() const { return count_; }
  std::uint64_t min() const { return count_ == 0 ? 0 : min_; }
  std::uint64_t max() const { return max_; }
  double mean() const { return count_ == 0 ? 0 : static_cast<double>(sum_) / count_; }
  // The value at quantile `q` (0..1): the highest value of the bucket the
  // q-th recorded value falls in, capped by max(); 0 when empty.
  std::uint64_t percentile(double q) const;

  // Bucket arithmetic, public for the tests.
  static std::size_t bucketOf(std::uint64_t value);
  static std::uint64_t bucketLow(std::size_t bucket);
  static std::uint64_t bucketHigh(std::size_t bucket);

 private:
  std::array<std::uint64_t, kBuckets> buckets_{};
  std::uint64_t count_ = 0;
  std::uint64_t sum_ = 0;
  std::uint64_t min_ = UINT64_MAX;
  std::uint64_t max_ = 0;
};

// What was counted over an interval (one second, or the whole run).
struct BenchSample {
  std::uint64_t messages = 0;  // succeeded
  std::uint64_t errors = 0;
  std::uint64_t bytes = 0;  // body bytes of the messages
  Histogram latency_us;     // one value per request
  void merge(const BenchSample& other);
};

// Counters and latencies recorded from any number of threads. Each thread
// records into its own shard (a mutex only it and the once-a-second sampler
// take), found through a thread_local: no allocation per sample.
class BenchStats {
 public:
  BenchStats();
  ~BenchStats();
  BenchStats(const BenchStats&) = delete;
  BenchStats& operator=(const BenchStats&) = delete;

  // `messages` succeeded with `bytes` body bytes in one request that took
  // `latency` (negative: not recorded, for counts without a latency).
  void recordSuccess(std::uint64_t messages, std::uint64_t bytes,
                     std::chrono::nanoseconds latency = std::chrono::nanoseconds(-1));
  void recordError(std::uint64_t messages = 1);

  // Everything recorded since the previous take(), merged from all threads
  // (and added to total()).
  BenchSample take();
  // Everything taken so far.
  const BenchSample& total() const { return total_; }

 private:
  struct Shard;
  Shard& shard();

  const std::uint64_t id_;
  std::mutex shards_mu_;
  std::vector<std::unique_ptr<Shard>> shards_;
  BenchSample total_;
};

// How a run is reported.
struct BenchReportStyle {
  std::string rate_label = "send TPS";           // human label of messages per second
  bool latency = true;                           // whether RT columns are printed
  std::string latency_label = "RT";              // human label of the latency columns
  std::string latency_count_label = "requests";  // what one latency value is of
  std::optional<std::uint64_t> target;           // --count, for the progress bar
  bool json = false;
};

// One line for one interval. `second` counts from 1; `done` is the number of
// messages (succeeded + failed) so far, for the progress. Human, e.g.
//   [  3s] send TPS 12,345  MB/s 12.06  RT avg 0.32 ms  p99 1.20 ms  errors 0  [####----] 45% 4,500/10,000
// JSON: {"type":"tick","second":3,"tps":12345.0,"mbps":12.06,"avgRtMs":0.32,"p99RtMs":1.2,
//        "errors":0,"messages":12345,"done":4500,"progress":0.45}
std::string formatTick(const BenchReportStyle& style, std::int64_t second, double seconds,
                       const BenchSample& sample, std::uint64_t done);

// The end of the run over `seconds` of wall time. Human: a few lines with
// totals and p50/p90/p99/p999; JSON: one object with "type":"summary".
std::string formatSummary(const BenchReportStyle& style, double seconds, const BenchSample& total);

// The JSON of a summary, for commands that add members.
Json summaryJson(const BenchReportStyle& style, double seconds, const BenchSample& total);

// "[#####-----]" of `width` cells for `fraction` (0..1).
std::string progressBar(double fraction, int width);

// Parses a duration "10s", "500ms", "2m", "1h" or plain seconds "10";
// nullopt when malformed.
std::optional<std::chrono::milliseconds> parseDuration(const std::string& text);

}  // namespace apogee::tool
