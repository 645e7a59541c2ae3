#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>

namespace apogee::client {

// One running sum and its number of additions (RocketMQ's StatsItem), e.g.
// messages pulled (value) over pulls (times), or ms spent (value) over
// listener calls (times), with snapshots of both kept to turn them into
// rates over the last minute and the last hour.
//
// add() is the hot path: two relaxed atomic additions, no lock, no
// allocation. The sampler (the client instance's scheduler) calls
// sampleMinute() every 10 s and sampleHour() every 10 min; each keeps the
// last 7 samples, so the oldest is one window (60 s, 60 min) old. A
// snapshot compares the oldest sample with the live counters, so it is
// current even between samples (RocketMQ compares the oldest and the newest
// sample, up to 10 s stale).
// Thread safety: every method, from any thread.
class StatsItem {
 public:
  using Clock = std::chrono::steady_clock;

  StatsItem();

  void add(std::int64_t value, std::int64_t times) {
    value_.fetch_add(value, std::memory_order_relaxed);
    times_.fetch_add(times, std::memory_order_relaxed);
  }

  struct Snapshot {
    std::int64_t sum = 0;  // value added in the window
    double tps = 0;        // sum per second
    double avgpt = 0;      // sum per addition (0 when none)
  };
  Snapshot inMinute() const { return compute(minute_); }
  Snapshot inHour() const { return compute(hour_); }

  void sampleMinute() { sample(minute_); }
  void sampleHour() { sample(hour_); }

  std::int64_t value() const { return value_.load(std::memory_order_relaxed); }
  std::int64_t times() const { return times_.load(std::memory_order_relaxed); }

 private:
  struct Sample {
    Clock::time_point at;
    std::int64_t value = 0;
    std::int64_t times = 0;
  };
  // Samples kept per window: the window's start plus six steps.
  static constexpr std::size_t kSamplesKept = 7;

  void sample(std::deque<Sample>& samples);
  Snapshot compute(const std::deque<Sample>& samples) const;

  std::atomic<std::int64_t> value_{0};
  std::atomic<std::int64_t> times_{0};
  mutable std::mutex mutex_;
  std::deque<Sample> minute_;  // guarded by mutex_
  std::deque<Sample> hour_;    // guarded by mutex_
};

}  // namespace apogee::client
