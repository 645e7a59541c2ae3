#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
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
  // A broker-side lock not renewed for this long counts as lost (Java's
  // rocketmq.client.rebalance.lockMaxLiveTime, 30 s; the broker keeps it 60 s).
  static constexpr std::chrono::milliseconds kRebalanceLockMaxLiveTime{30000};

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

  // ---- listener calls in flight (rebalance handover) ----
  // A concurrent consume request calls beginConsume before its listener and
  // endConsume after its result is processed; beginConsume refuses once the
  // queue is dropped. So after setDropped(true), waitConsumeIdle returns
  // when no listener of this queue runs and none will start: the offset the
  // consumer then holds covers every message it will ever consume here.
  bool beginConsume();
  void endConsume();
  // False when `timeout` passed with listener calls still in flight.
  bool waitConsumeIdle(std::chrono::milliseconds timeout);
  // The rebalance released the queue (set before it is dropped): results
  // of listener calls in flight still count towards its offset.
  void markRebalancedAway() { rebalanced_away_.store(true, std::memory_order_release); }
  bool isRebalancedAway() const { return rebalanced_away_.load(std::memory_order_acquire); }

  // Records pulled messages (in queue order); with `keep` a copy of each
  // message stays in the tree until removeMessage or takeMessages. Returns
  // true when the queue has messages and no orderly consumer was dispatched
  // for it yet (Java's dispatchToConsume; the caller then dispatches one).
  bool putMessage(const std::vector<MessageExt>& msgs, bool keep = false);
  // Forgets consumed messages; returns the offset to commit: the smallest
  // offset still held, else one past the largest ever held; -1 when nothing
  // was held.
  std::int64_t removeMessage(const std::vector<MessageExt>& msgs);
  // Forgets everything (a seek).
  void clear();

  // ---- orderly consumption (messages put with `keep`) ----
  // Moves up to `batchSize` messages, smallest offsets first, from the tree
  // to the consuming tree. An empty result also ends the dispatch started
  // by putMessage (the next put dispatches again).
  std::vector<MessageExt> takeMessages(int batchSize);
  // The taken messages are consumed: forgets them; returns the offset to
  // commit (one past the largest taken), or -1 when none was taken.
  std::int64_t commit();
  // Puts every taken message back into the tree (consumed again).
  void rollback();
  // Puts `msgs` (taken) back into the tree, with their updated fields
  // (reconsumeTimes), so they come first in the next takeMessages.
  void makeMessageToConsumeAgain(const std::vector<MessageExt>& msgs);
  // Whether messages wait in the tree (not taken).
  bool hasTempMessage() const;

  // ---- the broker-side queue lock ----
  bool isLocked() const { return locked_.load(std::memory_order_acquire); }
  void setLocked(bool locked) { locked_.store(locked, std::memory_order_release); }
  // The broker granted or renewed the lock now.
  void touchLock() { last_lock_ns_.store(Clock::now().time_since_epoch().count()); }
  Clock::time_point lastLockTimestamp() const {
    return Clock::time_point(Clock::duration(last_lock_ns_.load()));
  }
  bool isLockExpired() const {
    return Clock::now() - lastLockTimestamp() > kRebalanceLockMaxLiveTime;
  }
  // Times a rebalance gave up waiting for the batch in flight (running info).
  void incTryUnlockTimes() { try_unlock_times_.fetch_add(1, std::memory_order_relaxed); }
  std::int64_t tryUnlockTimes() const { return try_unlock_times_.load(std::memory_order_relaxed); }
  std::timed_mutex& consumeLock() { return consume_lock_; }
  std::mutex& orderlyConsumeMutex() { return orderly_consume_mutex_; }
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
  // Taken by takeMessages, not yet committed or put back.
  std::map<std::int64_t, Entry> consuming_;  // guarded by mutex_
  bool consuming_dispatched_ = false;        // guarded by mutex_
  std::int64_t queue_offset_max_ = 0;             // guarded by mutex_
  std::atomic<std::int64_t> msg_count_{0};
  std::atomic<std::int64_t> msg_size_{0};
  // Every change of msg_size_ goes through here, so the budget follows.
  void addSizeLocked(std::int64_t delta);  // requires mutex_
  void detachBudgetLocked();               // requires mutex_

  std::atomic<bool> dropped_{false};
  std::atomic<bool> rebalanced_away_{false};
  std::mutex consuming_mutex_;
  std::condition_variable consuming_idle_;
  int consuming_calls_ = 0;  // guarded by consuming_mutex_
  std::atomic<bool> locked_{false};
  // Java's lastLockTimestamp starts at the queue's creation.
  std::atomic<Clock::rep> last_lock_ns_{Clock::now().time_since_epoch().count()};
  std::atomic<std::int64_t> try_unlock_times_{0};
  std::timed_mutex consume_lock_;
  std::mutex orderly_consume_mutex_;
  std::shared_ptr<CacheBudget> budget_;  // guarded by mutex_
  // This queue's part of budget_ (join, leave and add under mutex_).
  CacheBudget::Account budget_account_;
  std::atomic<Clock::rep> last_pull_ns_{Clock::now().time_since_epoch().count()};
  std::atomic<Clock::rep> last_consume_ns_{Clock::now().time_since_epoch().count()};
};

}  // namespace apogee::client
