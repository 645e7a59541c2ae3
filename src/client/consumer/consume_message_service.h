#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "apogee/message_ext.h"
#include "apogee/message_queue.h"
#include "client/consumer/process_queue.h"
#include "common/status.h"

namespace apogee::client {

// What the push consumer hands pulled messages to (RocketMQ's
// ConsumeMessageService): ConsumeMessageConcurrentlyService or
// ConsumeMessageOrderlyService. submitConsumeRequest from any thread;
// start/shutdown from the owner.
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

  // RocketMQ's setCorePoolSize / getCorePoolSize of the consume pool.
  virtual void updateCorePoolSize(int threads) = 0;
  virtual int corePoolSize() const = 0;

  virtual std::int64_t consumeOkTotal() const = 0;
  virtual std::int64_t consumeFailedTotal() const = 0;
};

// Helpers both services share.

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
