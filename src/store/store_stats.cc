#include "store/store_stats.h"

#include <chrono>

namespace apogee::store {
namespace {

void raiseMax(std::atomic<std::int64_t>& max, std::int64_t v) {
  std::int64_t cur = max.load(std::memory_order_relaxed);
  while (v > cur && !max.compare_exchange_weak(cur, v, std::memory_order_relaxed)) {
  }
}

}  // namespace

StoreStats::StoreStats()
    : boot_timestamp_(std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count()) {}

void StoreStats::onPut(bool stored, std::int32_t messages, std::int64_t bytes,
                       std::int64_t elapsed_ms) {
  if (!stored) {
    put_failed_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  put_times_.fetch_add(messages, std::memory_order_relaxed);
  put_size_.fetch_add(bytes, std::memory_order_relaxed);
  raiseMax(put_time_max_, elapsed_ms);
}

void StoreStats::onGet(std::size_t messages, std::int64_t elapsed_ms) {
  if (messages > 0) {
    get_found_.fetch_add(1, std::memory_order_relaxed);
    get_transfered_.fetch_add(static_cast<std::int64_t>(messages), std::memory_order_relaxed);
  } else {
    get_miss_.fetch_add(1, std::memory_order_relaxed);
  }
  raiseMax(get_time_max_, elapsed_ms);
}

StoreStats::Counters StoreStats::counters() const {
  Counters c;
  c.putMessageTimesTotal = put_times_.load(std::memory_order_relaxed);
  c.putMessageSizeTotal = put_size_.load(std::memory_order_relaxed);
  c.putMessageFailedTimes = put_failed_.load(std::memory_order_relaxed);
  c.getMessageFoundTimes = get_found_.load(std::memory_order_relaxed);
  c.getMessageMissTimes = get_miss_.load(std::memory_order_relaxed);
  c.getMessageTransferedMsgCount = get_transfered_.load(std::memory_order_relaxed);
  c.putMessageEntireTimeMax = put_time_max_.load(std::memory_order_relaxed);
  c.getMessageEntireTimeMax = get_time_max_.load(std::memory_order_relaxed);
  return c;
}

void StoreStats::sample(std::int64_t now_ms) {
  const Counters c = counters();
  std::lock_guard lock(mu_);
  if (count_ > 0) {
    const Sample& last = ring_[(next_ + kMaxSamples - 1) % kMaxSamples];
    if (now_ms - last.timeMs < 1000) return;
  }
  ring_[next_] = Sample{now_ms, c.putMessageTimesTotal, c.getMessageFoundTimes,
                        c.getMessageMissTimes, c.getMessageTransferedMsgCount};
  next_ = (next_ + 1) % kMaxSamples;
  if (count_ < kMaxSamples) ++count_;
}

StoreStats::Rates StoreStats::ratesOver(int seconds) const {
  Rates r;
  std::lock_guard lock(mu_);
  // As Java: the window needs seconds + 1 samples, the newest and the one
  // `seconds` samples before it.
  if (seconds <= 0 || count_ <= static_cast<std::size_t>(seconds)) return r;
  const Sample& last = ring_[(next_ + kMaxSamples - 1) % kMaxSamples];
  const Sample& first =
      ring_[(next_ + kMaxSamples - 1 - static_cast<std::size_t>(seconds)) % kMaxSamples];
  const double span_s = static_cast<double>(last.timeMs - first.timeMs) / 1000.0;
  const auto rate = [span_s](std::int64_t a, std::int64_t b) {
    return span_s > 0 ? static_cast<double>(b - a) / span_s : 0.0;
  };
  r.put = rate(first.put, last.put);
  r.getFound = rate(first.found, last.found);
  r.getMiss = rate(first.miss, last.miss);
  r.getTransfered = rate(first.transfered, last.transfered);
  return r;
}

}  // namespace apogee::store
