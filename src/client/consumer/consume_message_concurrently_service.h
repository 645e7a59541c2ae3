#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "apogee/consumer_types.h"
#include "apogee/message_listener.h"
#include "apogee/offset_store.h"
#include "client/consumer/consume_message_service.h"
#include "client/consumer/process_queue.h"
#include "client/stats/consumer_stats_manager.h"
#include "common/status.h"
#include "common/lane_executor.h"

namespace apogee::client {

// Hands pulled messages to a concurrently consuming listener (RocketMQ's
// ConsumeMessageConcurrentlyService).
//
// submitConsumeRequest splits a pulled batch into requests of at most
// batchMaxSize messages, each run on the pool. A request whose process
// queue was dropped (the queue moved to another member) is discarded before
// and after the listener runs, so its results are never committed.
// processConsumeResult:
//   - CONSUME_SUCCESS acknowledges messages [0, ackIndex]; RECONSUME_LATER,
//     an exception, acknowledges none;
//   - CLUSTERING: each failed message is sent back (CONSUMER_SEND_MSG_BACK
//     with the context's delay level); one whose send-back fails stays in
//     the process queue and is consumed again here after 5 s with
//     reconsumeTimes + 1; BROADCASTING: failures are logged and dropped;
//   - the rest leave the process queue, and the offset store takes the
//     smallest offset not yet consumed (increase-only).
//
// Threads: none of its own. The listener runs on the client instance's
// consume executor, through this service's lane, at most `threads`
// (consumeThreadMin) calls at once; delayed re-submits wait in the lane and
// the expiry check runs on the executor's control thread. submit* from any
// thread; shutdown() from the owner.
class ConsumeMessageConcurrentlyService final : public ConsumeMessageService {
 public:
  struct Settings : ConsumeServiceSettings {
    // Rebalance handover: results of a queue the rebalance released while
    // its listener ran still commit (the rebalance waits for them).
    bool handover = false;
    // A listener call older than this has its messages sent back (and the
    // check runs this often), as RocketMQ's consumeTimeout.
    std::chrono::milliseconds consumeTimeout{std::chrono::minutes(15)};
    // The consumer's held queues (for the expiry check).
    std::function<std::map<MessageQueue, std::shared_ptr<ProcessQueue>>()> processQueueTable{};
  };

  ConsumeMessageConcurrentlyService(Settings settings, MessageListenerConcurrently listener,
                                    std::shared_ptr<OffsetStore> offsetStore, SendBack sendBack);
  ~ConsumeMessageConcurrentlyService() override;
  ConsumeMessageConcurrentlyService(const ConsumeMessageConcurrentlyService&) = delete;
  ConsumeMessageConcurrentlyService& operator=(const ConsumeMessageConcurrentlyService&) = delete;

  // Starts the consume-later timer and, every consumeTimeout, the expiry
  // check (RocketMQ's cleanExpireMsg) over the queues
  // settings.processQueueTable returns: each queue's messages whose listener
  // call started more than consumeTimeout ago are sent back with delay level
  // 3 and forgotten, and the commit offset moves past them
  // (ProcessQueue::cleanExpiredMsg).
  void start() override;
  // Stops taking requests (queued ones are discarded), waits up to
  // `awaitTerminate` for listeners in flight, then joins the threads (a
  // listener still running past the deadline is waited for, with a warning).
  void shutdown(std::chrono::milliseconds awaitTerminate) override;

  // Queues `msgs` (pulled from `mq`, already put into `pq`) for the listener.
  void submitConsumeRequest(std::vector<MessageExt> msgs, const std::shared_ptr<ProcessQueue>& pq,
                            const MessageQueue& mq, bool dispatchToConsume) override;


 private:
  struct Request {
    std::vector<MessageExt> msgs;
    std::shared_ptr<ProcessQueue> pq;
    MessageQueue mq;
  };
  void submit(std::shared_ptr<Request> request);
  void cleanExpiredMsg();
  void scheduleCleanExpiredMsg();
  void submitLater(std::shared_ptr<Request> request);
  void run(Request& request);
  // Whether a finished listener call's result still applies to its queue:
  // not when the queue was dropped (it moved, was reset or shut down),
  // except when the rebalance released it with handover on.
  bool resultCounts(const ProcessQueue& pq) const;
  void processConsumeResult(ConsumeConcurrentlyStatus status,
                            const ConsumeConcurrentlyContext& context, Request& request);

 public:
  // CONSUME_MESSAGE_DIRECTLY (309): runs the listener on `msg` on the
  // calling thread, outside the process queues (nothing is acknowledged,
  // sent back or committed), and returns the ConsumeMessageDirectlyResult
  // JSON: order false, autoCommit true, consumeResult CR_SUCCESS, CR_LATER
  // or CR_THROW_EXCEPTION (remark: the exception), spentTimeMills.
  std::string consumeMessageDirectly(MessageExt msg, const std::string& brokerName) const override;

  const Settings settings_;
  const MessageListenerConcurrently listener_;
  const std::shared_ptr<OffsetStore> offset_store_;
  const SendBack send_back_;
  std::atomic<bool> stopping_{false};
};

}  // namespace apogee::client
