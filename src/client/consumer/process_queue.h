#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "apogee/message_ext.h"
#include "client/consumer/cache_budget.h"

namespace apogee::client {

// What a consumer holds of one assigned queue (RocketMQ's ProcessQueue): the
// offsets and sizes of messages pulled but not yet consumed, and the
// `dropped` flag. A rebalance that takes the queue away sets `dropped`; every
// pull result and consume step checks it and discards its work, so a result
// that arrives after the queue left is never delivered or committed.
//
// The tree maps each cached offset to its body size (what flow control and
// the commit offset need) and, when put with `keep` (the push consumer), a
// copy of the message itself, offset-ordered, for orderly consumption,
// expiry checks and running info. The lite pull consumer keeps only sizes:
// its messages wait in its own batch cache.
// Thread-safe: mutex_ guards the tree; the counters and flags are atomics.
class ProcessQueue {
 public:
  using Clock = std::chrono::steady_clock;
  // A queue whose last pull is older than this is "pull expired" (120 s).
  static constexpr std::chrono::milliseconds kPullMaxIdleTime{120000};

  ProcessQueue() = default;
  ~ProcessQueue();
  ProcessQueue(const ProcessQueue&) = delete;
  ProcessQueue& operator=(const ProcessQueue&) = delete;

  bool isDropped() const { return dropped_.load(std::memory_order_acquire); }
  // Dropping also leaves the cache budget (see attachBudget).
  void setDropped(bool dropped);

  // Counts this queue and its cached bytes in `budget` (the instance's,
  // push consumers) until it is dropped or destroyed.
  void attachBudget(std::shared_ptr<CacheBudget> budget);

  // Records pulled messages (in queue order); with `keep` a copy of each
  // message stays in the tree until removeMessage.
  void putMessage(const std::vector<MessageExt>& msgs, bool keep = false);
  // Forgets consumed messages; returns the offset to commit: the smallest
  // offset still held, else one past the largest ever held; -1 when nothing
  // was held.
  std::int64_t removeMessage(const std::vector<MessageExt>& msgs);
  // Forgets everything (a seek).
  void clear();

  // Records when a listener call on `msgs` (kept messages) started, in ms
  // since the epoch (RocketMQ's CONSUME_START_TIME property).
  void markConsumeStart(const std::vector<MessageExt>& msgs, std::int64_t startMs);
  // RocketMQ's cleanExpiredMsg, for concurrent consumption: up to 16 times,
  // takes the first (smallest-offset) kept message whose listener call
  // started more than `consumeTimeout` ago, hands a copy to `sendBack`
  // (called without the lock) and, when that succeeds and the message is
  // still first, forgets it, so one stuck listener call cannot hold the
  // queue's commit offset back forever. Returns the offset to commit after
  // the last removal, or -1 when nothing was removed.
  std::int64_t cleanExpiredMsg(std::chrono::milliseconds consumeTimeout,
                               const std::function<bool(const MessageExt&)>& sendBack);

  std::int64_t msgCount() const { return msg_count_.load(std::memory_order_relaxed); }
  std::int64_t msgSize() const { return msg_size_.load(std::memory_order_relaxed); }
  // Largest minus smallest offset held (0 when empty).
  std::int64_t maxSpan() const;
  // The largest offset ever put (0 before any).
  std::int64_t queueOffsetMax() const;
  // The smallest and largest offsets held (nullopt when empty).
  std::optional<std::pair<std::int64_t, std::int64_t>> cachedOffsetRange() const;
  // Copies of the kept messages, offset-ordered (tests, running info).
  std::vector<MessageExt> keptMessages() const;

  // When a listener last finished a batch of this queue.
  void touchConsume() { last_consume_ns_.store(Clock::now().time_since_epoch().count()); }
  Clock::time_point lastConsumeTimestamp() const {
    return Clock::time_point(Clock::duration(last_consume_ns_.load()));
  }

  Clock::time_point lastPullTimestamp() const {
    return Clock::time_point(Clock::duration(last_pull_ns_.load()));
  }
  // When the queue was taken (Java's lastLockTimestamp starts there).
  Clock::time_point createdAt() const { return created_at_; }

  void touchPull() { last_pull_ns_.store(Clock::now().time_since_epoch().count()); }
  bool isPullExpired(std::chrono::milliseconds maxIdle = kPullMaxIdleTime) const {
    return Clock::now() - Clock::time_point(Clock::duration(last_pull_ns_.load())) > maxIdle;
  }

 private:
  mutable std::mutex mutex_;
  struct Entry {
    std::int64_t size = 0;
    std::optional<MessageExt> msg;  // with putMessage(keep)
    std::int64_t consumeStartMs = 0;  // 0 until a listener call starts
  };
  std::map<std::int64_t, Entry> offsets_;  // guarded by mutex_
  std::int64_t queue_offset_max_ = 0;             // guarded by mutex_
  std::atomic<std::int64_t> msg_count_{0};
  std::atomic<std::int64_t> msg_size_{0};
  // Every change of msg_size_ goes through here, so the budget follows.
  void addSizeLocked(std::int64_t delta);  // requires mutex_
  void detachBudgetLocked();               // requires mutex_

  std::atomic<bool> dropped_{false};
  std::shared_ptr<CacheBudget> budget_;  // guarded by mutex_
  const Clock::time_point created_at_ = Clock::now();
  std::atomic<Clock::rep> last_pull_ns_{Clock::now().time_since_epoch().count()};
  std::atomic<Clock::rep> last_consume_ns_{Clock::now().time_since_epoch().count()};
};

}  // namespace apogee::client
