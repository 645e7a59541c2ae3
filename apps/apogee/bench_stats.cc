#include "bench_stats.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace apogee::tool {

// ---- Histogram --------------------------------------------------------------

std::size_t Histogram::bucketOf(std::uint64_t value) {
  constexpr std::uint64_t kLimit = (std::uint64_t{1} << kMaxBits) - 1;
  value = std::min(value, kLimit);
  if (value < kSubCount) return static_cast<std::size_t>(value);
  // value >> shift lies in [64, 128).
  const int shift = static_cast<int>(std::bit_width(value)) - kSubBits;
  return static_cast<std::size_t>(kSubCount + (shift - 1) * kHalf + ((value >> shift) - kHalf));
}

std::uint64_t Histogram::bucketLow(std::size_t bucket) {
  if (bucket < kSubCount) return bucket;
  const std::size_t rest = bucket - kSubCount;
  const int shift = static_cast<int>(rest / kHalf) + 1;
  return (kHalf + rest % kHalf) << shift;
}

std::uint64_t Histogram::bucketHigh(std::size_t bucket) {
  if (bucket < kSubCount) return bucket;
  const int shift = static_cast<int>((bucket - kSubCount) / kHalf) + 1;
  return bucketLow(bucket) + (std::uint64_t{1} << shift) - 1;
}

void Histogram::record(std::uint64_t value) {
  ++buckets_[bucketOf(value)];
  ++count_;
  sum_ += value;
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
}

void Histogram::merge(const Histogram& other) {
  if (other.count_ == 0) return;
  for (std::size_t i = 0; i < kBuckets; ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

void Histogram::reset() { *this = Histogram(); }

std::uint64_t Histogram::percentile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  // The rank of the wanted value, 1-based: at least the first.
  const auto rank = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_) - 1e-9)));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < kBuckets; ++i) {
    seen += buckets_[i];
    if (seen >= rank) return std::clamp(bucketHigh(i), min_, max_);
  }
  return max_;
}

void BenchSample::merge(const BenchSample& other) {
  messages += other.messages;
  errors += other.errors;
  bytes += other.bytes;
  latency_us.merge(other.latency_us);
}

// ---- BenchStats -------------------------------------------------------------

struct BenchStats::Shard {
  std::mutex mu;
  BenchSample sample;
};

namespace {
std::atomic<std::uint64_t> next_stats_id{1};

// The shard this thread records into, for the BenchStats of id `owner`
// (ids are never reused, so a new BenchStats at an old address is not
// mistaken for the old one).
struct ThreadShard {
  std::uint64_t owner = 0;
  void* shard = nullptr;
};
thread_local ThreadShard this_thread_shard;
}  // namespace

BenchStats::BenchStats() : id_(next_stats_id.fetch_add(1)) {}
BenchStats::~BenchStats() = default;

BenchStats::Shard& BenchStats::shard() {
  if (this_thread_shard.owner == id_) return *static_cast<Shard*>(this_thread_shard.shard);
  std::lock_guard lock(shards_mu_);
  shards_.push_back(std::make_unique<Shard>());
  this_thread_shard = {id_, shards_.back().get()};
  return *shards_.back();
}

void BenchStats::recordSuccess(std::uint64_t messages, std::uint64_t bytes,
                               std::chrono::nanoseconds latency) {
  Shard& s = shard();
  std::lock_guard lock(s.mu);
  s.sample.messages += messages;
  s.sample.bytes += bytes;
  if (latency.count() >= 0) {
    s.sample.latency_us.record(static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(latency).count()));
  }
}

void BenchStats::recordError(std::uint64_t messages) {
  Shard& s = shard();
  std::lock_guard lock(s.mu);
  s.sample.errors += messages;
}

BenchSample BenchStats::take() {
  BenchSample out;
  std::lock_guard lock(shards_mu_);
  for (auto& s : shards_) {
    std::lock_guard shard_lock(s->mu);
    out.merge(s->sample);
    s->sample.messages = s->sample.errors = s->sample.bytes = 0;
    s->sample.latency_us.reset();
  }
  total_.merge(out);
  return out;
}

// ---- reporting --------------------------------------------------------------

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// A rate with thousands separators and no decimals.
std::string rate(double v) { return thousands(static_cast<std::int64_t>(std::llround(v))); }

double ms(std::uint64_t us) { return static_cast<double>(us) / 1000.0; }

// Rounded to 3 decimals, for JSON.
double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

Json i64(std::uint64_t v) { return Json(static_cast<std::int64_t>(v)); }

}  // namespace

std::string progressBar(double fraction, int width) {
  fraction = std::clamp(fraction, 0.0, 1.0);
  const int full = static_cast<int>(fraction * width);
  return "[" + std::string(static_cast<std::size_t>(full), '#') +
         std::string(static_cast<std::size_t>(width - full), '-') + "]";
}

std::string formatTick(const BenchReportStyle& style, std::int64_t second, double seconds,
                       const BenchSample& sample, std::uint64_t done) {
  const double secs = seconds > 0 ? seconds : 1.0;
  const double tps = static_cast<double>(sample.messages) / secs;
  const double mbps = static_cast<double>(sample.bytes) / kMiB / secs;
  const double progress =
      style.target && *style.target > 0
          ? std::min(1.0, static_cast<double>(done) / static_cast<double>(*style.target))
          : 0.0;
  if (style.json) {
    Json j = Json::object()
                 .set("type", "tick")
                 .set("second", second)
                 .set("tps", round3(tps))
                 .set("mbps", round3(mbps))
                 .set("messages", i64(sample.messages))
                 .set("errors", i64(sample.errors));
    if (style.latency) {
      j.set("avgRtMs", round3(sample.latency_us.mean() / 1000.0))
          .set("p99RtMs", round3(ms(sample.latency_us.percentile(0.99))))
          .set("maxRtMs", round3(ms(sample.latency_us.max())));
    }
    j.set("done", i64(done));
    if (style.target) j.set("progress", round3(progress));
    return j.dump();
  }
  char head[32];
  std::snprintf(head, sizeof head, "[%4llds] ", static_cast<long long>(second));
  std::string line = head + style.rate_label + " " + rate(tps) + "  MB/s " + fixed(mbps, 2);
  if (style.latency) {
    line += "  " + style.latency_label + " avg " + fixed(sample.latency_us.mean() / 1000.0, 2) +
            " ms  p99 " + fixed(ms(sample.latency_us.percentile(0.99)), 2) + " ms";
  }
  line += "  errors " + thousands(static_cast<std::int64_t>(sample.errors));
  if (style.target) {
    line += "  " + progressBar(progress, 20) + " " + fixed(progress * 100.0, 0) + "% " +
            thousands(static_cast<std::int64_t>(done)) + "/" +
            thousands(static_cast<std::int64_t>(*style.target));
  }
  return line;
}

Json summaryJson(const BenchReportStyle& style, double seconds, const BenchSample& total) {
  const double secs = seconds > 0 ? seconds : 1.0;
  Json j = Json::object()
               .set("type", "summary")
               .set("messages", i64(total.messages))
               .set("errors", i64(total.errors))
               .set("bytes", i64(total.bytes))
               .set("seconds", round3(seconds))
               .set("tps", round3(static_cast<double>(total.messages) / secs))
               .set("mbps", round3(static_cast<double>(total.bytes) / kMiB / secs));
  if (style.latency) {
    const Histogram& h = total.latency_us;
    j.set("requests", i64(h.count()))
        .set("latencyMs", Json::object()
                              .set("min", round3(ms(h.min())))
                              .set("avg", round3(h.mean() / 1000.0))
                              .set("p50", round3(ms(h.percentile(0.50))))
                              .set("p90", round3(ms(h.percentile(0.90))))
                              .set("p99", round3(ms(h.percentile(0.99))))
                              .set("p999", round3(ms(h.percentile(0.999))))
                              .set("max", round3(ms(h.max()))));
  }
  return j;
}

std::string formatSummary(const BenchReportStyle& style, double seconds, const BenchSample& total) {
  if (style.json) return summaryJson(style, seconds, total).dump();
  const double secs = seconds > 0 ? seconds : 1.0;
  std::string out = "summary: " + thousands(static_cast<std::int64_t>(total.messages)) +
                    " messages, " + thousands(static_cast<std::int64_t>(total.errors)) +
                    " errors, " + fixed(static_cast<double>(total.bytes) / kMiB, 1) + " MiB in " +
                    fixed(seconds, 2) + " s\n";
  out += "  " + style.rate_label + " " + rate(static_cast<double>(total.messages) / secs) +
         "  MB/s " + fixed(static_cast<double>(total.bytes) / kMiB / secs, 2) + "\n";
  if (style.latency) {
    const Histogram& h = total.latency_us;
    out += "  " + style.latency_label + " ms: min " + fixed(ms(h.min()), 2) + "  avg " +
           fixed(h.mean() / 1000.0, 2) + "  p50 " + fixed(ms(h.percentile(0.50)), 2) + "  p90 " +
           fixed(ms(h.percentile(0.90)), 2) + "  p99 " + fixed(ms(h.percentile(0.99)), 2) +
           "  p999 " + fixed(ms(h.percentile(0.999)), 2) + "  max " + fixed(ms(h.max()), 2) +
           "  (" + thousands(static_cast<std::int64_t>(h.count())) + " " +
           style.latency_count_label + ")\n";
  }
  out.pop_back();
  return out;
}

std::optional<std::chrono::milliseconds> parseDuration(const std::string& text) {
  std::size_t pos = 0;
  while (pos < text.size() && (std::isdigit(static_cast<unsigned char>(text[pos])) != 0)) ++pos;
  if (pos == 0 || pos > 12) return std::nullopt;
  const std::int64_t n = std::stoll(text.substr(0, pos));
  const std::string unit = text.substr(pos);
  std::int64_t factor = 0;
  if (unit.empty() || unit == "s") factor = 1000;
  else if (unit == "ms") factor = 1;
  else if (unit == "m") factor = 60'000;
  else if (unit == "h") factor = 3'600'000;
  else return std::nullopt;
  return std::chrono::milliseconds(n * factor);
}

}  // namespace apogee::tool
