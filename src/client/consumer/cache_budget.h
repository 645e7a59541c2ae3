#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <vector>

namespace apogee::client {

// The client instance's byte budget for messages its push consumers cache
// (ClientConfig::cacheBudgetBytes), shared fairly among the queues it holds.
// Each process queue joins with its Account and reports its cached body
// bytes through add(); the pull path asks mustWait() before each pull.
//
// The rule (B = budget, share = B / queues joined, held = the asking
// queue's bytes, total = every joined queue's bytes):
//  1. a queue holding nothing may always pull (progress, and no state in
//     which every queue waits while nothing is cached);
//  2. otherwise nothing is pulled while total > B;
//  3. under B, a queue below its share pulls;
//  4. a queue at or above its share pulls only while total + reserved <= B,
//     where reserved is what the active queues below their share still miss
//     (sum of share - bytes over queues holding something or grown within
//     kActiveFor). Idle queues reserve nothing, so one busy queue may use
//     the whole budget while the others have no messages, and gives way
//     (by consuming, not refilling) once they have.
//
// Bound: every pull decided while total > B comes from a queue holding
// nothing, and each queue has at most one pull in flight, so the total
// never exceeds B + one pull result per queue (pullBatchSize messages, also
// capped by the broker's transfer limits), however skewed the load; rules
// 3 and 4 only share what is under B. Measured
// (tests/client/push_consumer_internals_test.cc: 40 KiB budget, 5 queues,
// 4 KiB batches, bound 60 KiB): a queue's backlog filling the budget before
// the others get messages peaked at 48-55 KiB; the former rule (queues
// below their share kept pulling over B) went past 60 KiB there, reaching
// about twice B when nothing is consumed (tests/client/cache_budget_test.cc's
// skewed case: 80 for a budget of 40, now 56).
// The price: with consumption stuck, a queue may stay below its share (it
// holds at least one batch); a queue below its share that stops pulling
// for another reason (a paused consumer, its own thresholds) keeps its
// reservation until it drains and kActiveFor passes.
//
// Thread safety: every method from any thread. add() is atomics only (one
// call per pull result); join/leave and rule 4 take a small mutex, rule 4
// scanning the joined queues (about 1 ns a queue: bench/client/
// cache_budget_bench.cc); rules 1-3 are a few atomic loads.
class CacheBudget {
 public:
  using Clock = std::chrono::steady_clock;
  // A queue holding nothing still reserves its share this long after it
  // last received messages: it is between a consumed batch and the next.
  static constexpr std::chrono::milliseconds kActiveFor{1000};

  // One queue's part, owned by the queue. Its owner serializes join, leave
  // and add on it; the budget reads it while it is joined.
  class Account {
   public:
    std::int64_t bytes() const { return bytes_.load(std::memory_order_relaxed); }

   private:
    friend class CacheBudget;
    std::atomic<std::int64_t> bytes_{0};
    std::atomic<Clock::rep> grown_at_{Clock::time_point::min().time_since_epoch().count()};
    bool joined_ = false;
  };

  explicit CacheBudget(std::int64_t limitBytes) : limit_(limitBytes) {}

  // Counts `account` (with what it holds) until leave(). Joining twice is
  // one join.
  void join(Account& account);
  void leave(Account& account);
  // Changes what `account` holds (also while not joined: it is counted
  // from its join). Growth, now or at `now`, makes the queue active (rule 4).
  void add(Account& account, std::int64_t delta);
  void add(Account& account, std::int64_t delta, Clock::time_point now);

  std::int64_t limitBytes() const { return limit_; }
  std::int64_t bytes() const { return bytes_.load(std::memory_order_relaxed); }
  std::int64_t queues() const { return queues_.load(std::memory_order_relaxed); }
  std::int64_t share() const;

  // Whether a queue holding `queueBytes` must wait before pulling (the rule
  // above), now or at `now`. Never with no budget (limit <= 0).
  bool mustWait(std::int64_t queueBytes) const;
  bool mustWait(std::int64_t queueBytes, Clock::time_point now) const;

  // What the active queues below their share still miss (rule 4).
  std::int64_t reservedBytes(Clock::time_point now = Clock::now()) const;

 private:
  bool decide(std::int64_t queueBytes, const Clock::time_point* now) const;
  // The reservation, or a partial sum once it exceeds `enough`.
  std::int64_t reservedLocked(std::int64_t share, Clock::time_point now, std::int64_t enough) const;

  const std::int64_t limit_;
  std::atomic<std::int64_t> bytes_{0};
  std::atomic<std::int64_t> queues_{0};
  mutable std::mutex mutex_;
  std::vector<const Account*> accounts_;  // guarded by mutex_
};

}  // namespace apogee::client
