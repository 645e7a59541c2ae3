#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "apogee/consumer_types.h"
#include "apogee/message_listener.h"
#include "apogee/offset_store.h"
#include "client/consumer/consume_message_service.h"
#include "client/consumer/process_queue.h"
#include "client/consumer/rebalance_impl.h"
#include "client/stats/consumer_stats_manager.h"
#include "common/lane_executor.h"

namespace apogee::client {

// Hands each queue's messages to an orderly listener, one batch at a time
// in offset order (RocketMQ's ConsumeMessageOrderlyService).
//
// A queue is consumed by one pool thread at a time: a consume request runs
// under the process queue's orderlyConsumeMutex and loops taking batches of
// batchMaxSize (ProcessQueue::takeMessages) until the queue is empty (the
// next pull dispatches a new request), its lock is lost or expired
// (clustering: re-lock later, then go on), or it has run 60 s in a row (it
// yields the thread to other queues and comes back 10 ms later). The
// listener runs under the queue's consumeLock, which a rebalance taking the
// queue away waits for.
//
// Results (autoCommit, the default): SUCCESS (and COMMIT/ROLLBACK, which
// need autoCommit off) commits the batch; SUSPEND_CURRENT_QUEUE_A_MOMENT or
// an exception puts it back with reconsumeTimes + 1 and the queue waits
// suspendCurrentQueueTimeMillis (context, else the setting; 10 ms..30 s)
// before the same batch comes again; a message that already failed
// maxReconsumeTimes times (-1: never) goes to the dead-letter queue by
// send-back and the batch is committed, unless that send-back failed. With
// autoCommit off: COMMIT commits, ROLLBACK puts the batch back and waits,
// SUCCESS moves on without committing. Offsets go to the offset store
// (not increase-only) unless the queue was dropped meanwhile, so a new
// owner starts from the last committed batch.
//
// Clustering: every 20 s (first after 1 s) the held queues' broker locks are
// renewed (RebalanceImpl::lockAll); a queue is consumed only while locked.
// Broadcasting needs no locks.
//
// Threads: none of its own. The listener runs on the client instance's
// consume executor, through this service's lane (at most `threads` queues at
// once); re-locks and the renewal (which do I/O) run on the executor's
// control thread, and delayed re-submits wait in the lane.
class ConsumeMessageOrderlyService final : public ConsumeMessageService {
 public:
  struct Settings : ConsumeServiceSettings {
    int maxReconsumeTimes = -1;  // -1: unlimited
    std::chrono::milliseconds suspendCurrentQueueTime{1000};
  };
  // Time between lock renewals (Java's rocketmq.client.rebalance.lockInterval).
  static constexpr std::chrono::milliseconds kLockRenewInterval{20000};
  // A thread yields a queue after consuming it this long (MAX_TIME_CONSUME_CONTINUOUSLY).
  static constexpr std::chrono::milliseconds kMaxTimeConsumeContinuously{60000};

  // `rebalance` must outlive this service (it locks queues).
  ConsumeMessageOrderlyService(Settings settings, MessageListenerOrderly listener,
                               std::shared_ptr<OffsetStore> offsetStore, SendBack sendBack,
                               RebalanceImpl& rebalance);
  ~ConsumeMessageOrderlyService() override;
  ConsumeMessageOrderlyService(const ConsumeMessageOrderlyService&) = delete;
  ConsumeMessageOrderlyService& operator=(const ConsumeMessageOrderlyService&) = delete;

  void start() override;
  // Stops renewals and re-submits, waits up to `awaitTerminate` for the
  // listeners in flight (each finishes its batch and stops), joins the
  // threads. The broker locks are released by the consumer afterwards,
  // once the offsets are committed.
  void shutdown(std::chrono::milliseconds awaitTerminate) override;
  // The messages are already in `pq`; with `dispatchToConsume` a request
  // for the queue starts on the pool.
  void submitConsumeRequest(std::vector<MessageExt> msgs, const std::shared_ptr<ProcessQueue>& pq,
                            const MessageQueue& mq, bool dispatchToConsume) override;
  // As Java: order true, autoCommit from the context, consumeResult
  // CR_SUCCESS / CR_COMMIT / CR_ROLLBACK / CR_LATER / CR_THROW_EXCEPTION.
  std::string consumeMessageDirectly(MessageExt msg, const std::string& brokerName) const override;


 private:
  bool clustering() const { return settings_.model == MessageModel::CLUSTERING; }
  void submit(const std::shared_ptr<ProcessQueue>& pq, const MessageQueue& mq);
  void submitLater(const std::shared_ptr<ProcessQueue>& pq, const MessageQueue& mq,
                   std::chrono::milliseconds delay);
  // Later: lock the queue again; consume on at once if locked, else in 3 s.
  void tryLockLaterAndReconsume(const std::shared_ptr<ProcessQueue>& pq, const MessageQueue& mq,
                                std::chrono::milliseconds delay);
  void renewLocksPeriodically();
  // One consume request: the loop described above.
  void run(const std::shared_ptr<ProcessQueue>& pq, const MessageQueue& mq);
  // Returns whether the loop goes on with the next batch.
  bool processConsumeResult(std::vector<MessageExt>& msgs, ConsumeOrderlyStatus status,
                            const ConsumeOrderlyContext& context,
                            const std::shared_ptr<ProcessQueue>& pq, const MessageQueue& mq);
  // Counts a failed delivery on each message; one that reached
  // maxReconsumeTimes goes to the dead-letter queue. Returns whether the
  // batch must be consumed again (Java's checkReconsumeTimes).
  bool checkReconsumeTimes(std::vector<MessageExt>& msgs, const MessageQueue& mq);
  std::chrono::milliseconds suspendTime(const ConsumeOrderlyContext& context) const;
  // Counts a batch's outcome: the totals and, as Java, the instance's
  // consume OK / failed rates.
  void countOutcome(const MessageQueue& mq, std::int64_t ok, std::int64_t failed);

  const Settings settings_;
  const MessageListenerOrderly listener_;
  const std::shared_ptr<OffsetStore> offset_store_;
  const SendBack send_back_;
  RebalanceImpl& rebalance_;
  std::atomic<bool> stopping_{false};
};

}  // namespace apogee::client
