#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "apogee/consumer_types.h"
#include "apogee/message_ext.h"
#include "apogee/message_queue.h"
#include "client/consumer/process_queue.h"
#include "client/stats/consumer_stats_manager.h"
#include "common/lane_executor.h"
#include "common/status.h"

namespace apogee::client {

// The listener calls in flight, so that shutdown can wait for them.
// Thread-safe.
class InFlightCalls {
 public:
  void enter();
  void leave();
  // Waits up to `timeout` until none is in flight; logs when some still
  // are (for `group`), as they will be waited for when the pool joins.
  void awaitIdle(std::chrono::milliseconds timeout, const std::string& group);

 private:
  std::mutex mutex_;
  std::condition_variable idle_;
  int count_ = 0;  // guarded by mutex_
};

// What both consume services are told about their consumer.
struct ConsumeServiceSettings {
  std::string group;  // with namespace
  MessageModel model = MessageModel::CLUSTERING;
  int batchMaxSize = 1;
  int threads = 20;  // listener calls at once (consumeThreadMin)
  // The instance's consume threads (MQClientInstance::consumeExecutor).
  std::shared_ptr<LaneExecutor> executor;
  std::string namespaceName;  // stripped from topics given to the listener
  ConsumerStatsManager* stats = nullptr;  // the instance's; outlives the service
};

// What the push consumer hands pulled messages to (RocketMQ's
// ConsumeMessageService): ConsumeMessageConcurrentlyService or
// ConsumeMessageOrderlyService. submitConsumeRequest from any thread;
// start/shutdown from the owner. What both share lives here: the consumer's
// lane on the instance's consume executor (opened with settings.threads as
// its limit, closed by the subclass's shutdown), the group's retry topic,
// the listener calls in flight and the outcome totals.
class ConsumeMessageService {
 public:
  // Sends a message back to the broker of `brokerName` (CONSUMER_SEND_MSG_BACK):
  // to the group's retry topic at `delayLevel`, or to its dead-letter queue
  // when `delayLevel` is -1.
  using SendBack =
      std::function<Status(const MessageExt& msg, int delayLevel, const std::string& brokerName)>;

  virtual ~ConsumeMessageService() = default;

  virtual void start() = 0;
  // Stops taking requests, waits up to `awaitTerminate` for listeners in
  // flight, then joins the threads.
  virtual void shutdown(std::chrono::milliseconds awaitTerminate) = 0;
  // `msgs` were just pulled from `mq` and put into `pq`; `dispatchToConsume`
  // is what ProcessQueue::putMessage answered (used by orderly consumption).
  virtual void submitConsumeRequest(std::vector<MessageExt> msgs,
                                    const std::shared_ptr<ProcessQueue>& pq,
                                    const MessageQueue& mq, bool dispatchToConsume) = 0;
  // CONSUME_MESSAGE_DIRECTLY (309): runs the listener on `msg` on the
  // calling thread, outside the process queues (nothing is acknowledged,
  // sent back or committed); returns the ConsumeMessageDirectlyResult JSON.
  virtual std::string consumeMessageDirectly(MessageExt msg,
                                             const std::string& brokerName) const = 0;

  // RocketMQ's setCorePoolSize / getCorePoolSize: up to `threads` listener
  // calls at once, the shared executor growing to as many workers (the
  // caller checks the range).
  void updateCorePoolSize(int threads);
  int corePoolSize() const { return lane_->maxConcurrency(); }

  std::int64_t consumeOkTotal() const { return consume_ok_.load(); }
  std::int64_t consumeFailedTotal() const { return consume_failed_.load(); }

 protected:
  explicit ConsumeMessageService(const ConsumeServiceSettings& settings);

  const std::shared_ptr<LaneExecutor> executor_;
  const std::shared_ptr<LaneExecutor::Lane> lane_;
  const std::string retry_topic_;  // %RETRY%<group>
  std::atomic<std::int64_t> consume_ok_{0};
  std::atomic<std::int64_t> consume_failed_{0};
  InFlightCalls in_flight_;
};

// Helpers both services share.


// Restores the real topic of messages from the group's `retryTopic`
// (property RETRY_TOPIC) and strips `namespaceName` from topics.
void resetRetryAndNamespace(std::vector<MessageExt>& msgs, const std::string& retryTopic,
                            const std::string& namespaceName);
// Stamps CONSUME_START_TIME (now) on each message, as Java does before the
// listener runs; returns that time (ms since the epoch).
std::int64_t setConsumeStartTime(std::vector<MessageExt>& msgs);
// CONSUME_MESSAGE_DIRECTLY for both services: restores `msg`'s topic
// (resetRetryAndNamespace), then runs `listener` on it on this thread,
// timed. `listener` returns the CR_* result name and may clear `autoCommit`;
// an exception gives CR_THROW_EXCEPTION with its text as remark. Returns the
// ConsumeMessageDirectlyResult JSON (Java's fastjson order: alphabetical).
using DirectListenerCall = std::function<std::string(const std::vector<MessageExt>& msgs,
                                                     const MessageQueue& mq, bool& autoCommit)>;
std::string consumeMessageDirectlyWith(MessageExt msg, const std::string& brokerName,
                                       const std::string& retryTopic,
                                       const std::string& namespaceName, bool order,
                                       const DirectListenerCall& listener);

}  // namespace apogee::client
