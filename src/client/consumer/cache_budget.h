#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>

namespace apogee::client {

// The client instance's byte budget for messages its push consumers cache
// (ClientConfig::cacheBudgetBytes), shared fairly among the queues it holds.
// Process queues attached to it report their cached body bytes; the pull
// path asks mustWait() before each pull.
// Thread safety: atomics only; every method from any thread.
class CacheBudget {
 public:
  explicit CacheBudget(std::int64_t limitBytes) : limit_(limitBytes) {}

  void addBytes(std::int64_t delta) { bytes_.fetch_add(delta, std::memory_order_relaxed); }
  void addQueues(std::int64_t delta) { queues_.fetch_add(delta, std::memory_order_relaxed); }

  std::int64_t limitBytes() const { return limit_; }
  std::int64_t bytes() const { return bytes_.load(std::memory_order_relaxed); }
  std::int64_t queues() const { return queues_.load(std::memory_order_relaxed); }

  // Whether a queue caching `queueBytes` must wait before pulling: the
  // instance is over budget and this queue holds at least its fair share
  // (budget / queues). Queues under their share keep pulling, so a hot
  // queue cannot starve the others. Never with no budget (limit <= 0).
  //
  // Bound: each queue overshoots by at most one pull batch, so evenly
  // loaded queues stop near budget + one batch each. Queues that filled
  // the budget before the others had messages keep what they hold while
  // the others still reach their share: at worst about twice the budget
  // (plus two batches per queue) until consumption frees some.
  bool mustWait(std::int64_t queueBytes) const {
    if (limit_ <= 0 || bytes() <= limit_) return false;
    return queueBytes >= limit_ / std::max<std::int64_t>(1, queues());
  }

 private:
  const std::int64_t limit_;
  std::atomic<std::int64_t> bytes_{0};
  std::atomic<std::int64_t> queues_{0};
};

}  // namespace apogee::client
