#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "common/service_thread.h"
#include "common/status.h"
#include "store/commit_log.h"
#include "store/consume_queue_table.h"
#include "store/delay_levels.h"
#include "store/message_store.h"

namespace apogee::store {

// What a dispatcher learns about one commit-log record (RocketMQ's
// DispatchRequest). Views point into the mapped record; valid during the call.
struct DispatchRequest {
  std::string_view topic;
  int32_t queueId = 0;
  int64_t commitLogOffset = 0;
  int32_t size = 0;
  int64_t tagsCode = 0;
  int64_t storeTimestamp = 0;
  int64_t queueOffset = 0;
  int32_t sysFlag = 0;
  std::string_view keys;     // KEYS property (space-separated)
  std::string_view uniqKey;  // UNIQ_KEY property
  std::string_view properties;
};

// Builds consume queues (and whatever else registers, e.g. the index) from
// the commit log, in commit-log order, then notifies arrival listeners
// (RocketMQ's ReputMessageService).
//
// Threading: after start(), one dispatch thread owns all dispatching; it
// wakes on every append (CommitLog's append listener calls wakeup()) and
// otherwise every reputIdleWait. Before start() (recovery) and after stop()
// (shutdown), dispatchAvailable() runs on the caller's thread. Dispatchers
// and listeners must be registered before start().
class ReputService {
 public:
  using Dispatcher = std::function<Status(const DispatchRequest&)>;

  ReputService(const MessageStoreConfig& config, CommitLog& commitLog, ConsumeQueueTable& queues,
               DelayLevels delayLevels);
  ~ReputService();

  void addDispatcher(Dispatcher dispatcher) { dispatchers_.push_back(std::move(dispatcher)); }
  void addArrivalListener(ArrivalListener listener) { listeners_.push_back(std::move(listener)); }
  // Listeners are notified only while enabled (not during recovery).
  void setNotifyListeners(bool on) { notify_ = on; }

  void setReputFrom(int64_t offset) { reputFrom_.store(offset, std::memory_order_release); }
  int64_t reputFrom() const { return reputFrom_.load(std::memory_order_acquire); }
  int64_t behindBytes() const { return commitLog_.maxOffset() - reputFrom(); }
  // Store timestamp of the last record dispatched.
  int64_t lastDispatchedTimestamp() const { return lastTimestamp_.load(std::memory_order_acquire); }
  void setLastDispatchedTimestamp(int64_t t) { lastTimestamp_.store(t, std::memory_order_release); }

  // Dispatches every record below the commit log's current end. An error
  // means a record could not be read or a dispatcher failed; dispatching
  // then stops at that record (it is retried on the next call).
  Status dispatchAvailable();

  void start();
  void stop();
  void wakeup() { thread_.wakeup(); }

 private:
  Status dispatchRecord(std::string_view record, int64_t offset);

  const MessageStoreConfig& config_;
  CommitLog& commitLog_;
  ConsumeQueueTable& queues_;
  const DelayLevels delayLevels_;
  std::vector<Dispatcher> dispatchers_;
  std::vector<ArrivalListener> listeners_;
  bool notify_ = false;
  std::atomic<int64_t> reputFrom_{0};
  std::atomic<int64_t> lastTimestamp_{0};
  ServiceThread thread_{"ReputMessageService"};
};

}  // namespace apogee::store
