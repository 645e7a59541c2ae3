#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "apogee/allocate_message_queue_strategy.h"
#include "apogee/consumer_types.h"
#include "apogee/message_queue.h"
#include "apogee/offset_store.h"
#include "client/consumer/process_queue.h"
#include "common/result.h"
#include "remoting/body/heartbeat.h"

namespace apogee::client {

class MQClientInstance;

// A queue newly assigned to this consumer, with where to start pulling.
struct PullRequest {
  std::string consumerGroup;
  MessageQueue mq;
  std::shared_ptr<ProcessQueue> pq;
  std::int64_t nextOffset = 0;
  // Orderly: the queue was seen locked before (its offset was re-read then).
  bool previouslyLocked = false;
};

// Which queues this consumer owns (RocketMQ's RebalanceImpl), shared by the
// pull, lite-pull and push consumers, which supply the hooks.
//
// doRebalance(), for each subscribed topic:
//   - BROADCASTING: every readable queue of the topic;
//   - CLUSTERING: the consumer ids of the group from a broker of the topic
//     (GET_CONSUMER_LIST_BY_GROUP), queues and ids sorted, the strategy
//     allocates; then
//   - a held queue no longer allocated is marked dropped and handed to
//     removeUnnecessaryMessageQueue (which persists its offset); if that
//     agrees it leaves the table, else unfinished() says so;
//   - an allocated queue not held: when needsQueueLocks(), lock() it at its
//     broker (a queue another client still holds is skipped and
//     unfinished() says so); removeDirtyOffset, computePullFromWhere;
//     with an offset >= 0 it enters the table (marked locked when it was
//     locked) and is passed to dispatchPullRequest; on failure it is retried
//     next rebalance;
//   - when anything changed, messageQueueChanged(topic, all, allocated).
// Queues of topics no longer subscribed are dropped afterwards.
//
// Runs on the instance's scheduler thread (every 20 s and on
// NOTIFY_CONSUMER_IDS_CHANGED) or the thread that asks for it. Locks:
// rebalance_mutex_ (one rebalance at a time; hooks are called under it, so
// hooks must not call doRebalance) before mutex_ (the tables; a leaf, never
// held while calling out).
class RebalanceImpl {
 public:
  RebalanceImpl(std::string group, MessageModel model,
                std::shared_ptr<AllocateMessageQueueStrategy> strategy);
  virtual ~RebalanceImpl() = default;
  RebalanceImpl(const RebalanceImpl&) = delete;
  RebalanceImpl& operator=(const RebalanceImpl&) = delete;

  // Set at start, before the first rebalance.
  void setInstance(MQClientInstance* instance) { instance_ = instance; }
  // A push consumer's held queue whose last pull is older than this is
  // dropped and re-created by the next rebalance (ProcessQueue's 120 s;
  // tests shorten it). Before the first rebalance.
  void setPullMaxIdleTime(std::chrono::milliseconds idle) { pull_max_idle_time_ = idle; }
  // Process queues created from now on count in `budget` (push consumers:
  // the instance's cache budget). Before the first rebalance.
  void setCacheBudget(std::shared_ptr<CacheBudget> budget) { cache_budget_ = std::move(budget); }
  const std::string& consumerGroup() const { return group_; }
  MessageModel messageModel() const { return model_; }

  void doRebalance();

  // ---- subscriptions and topic queues ----
  void putSubscription(remoting::SubscriptionData data);
  void removeSubscription(const std::string& topic);
  std::map<std::string, remoting::SubscriptionData> subscriptions() const;
  std::shared_ptr<const remoting::SubscriptionData> subscription(const std::string& topic) const;
  // Stores `queues` when `topic` is subscribed (MQConsumerInner::updateTopicSubscribeInfo).
  void updateTopicSubscribeInfo(const std::string& topic, const std::set<MessageQueue>& queues);
  // Subscribed but without queues yet.
  bool isSubscribeTopicNeedUpdate(const std::string& topic) const;
  std::optional<std::set<MessageQueue>> topicSubscribeInfo(const std::string& topic) const;

  // ---- held queues ----
  std::map<MessageQueue, std::shared_ptr<ProcessQueue>> processQueueTable() const;
  // The held queues (of `topic`, or all when empty).
  std::set<MessageQueue> heldQueues(const std::string& topic = {}) const;
  // Drops and forgets `mq` (a push consumer after OFFSET_ILLEGAL).
  void removeProcessQueue(const MessageQueue& mq);
  // Drops every held queue (shutdown).
  void dropAll();
  // An offset reset: while no rebalance runs, marks the held queues among
  // `mqs` dropped, clears and forgets them (without the
  // removeUnnecessaryMessageQueue hook), then calls `thenStoreOffsets` with
  // them, so
  // the next rebalance re-creates them from the offsets it stored. Returns
  // the queues forgotten.
  std::set<MessageQueue> resetProcessQueues(const std::set<MessageQueue>& mqs,
                                            const std::function<void(const std::set<MessageQueue>&)>& thenStoreOffsets);

  // ---- broker-side queue locks (LOCK_BATCH_MQ / UNLOCK_BATCH_MQ) ----
  // Whether a queue is taken only once locked at its broker (orderly
  // clustering consumers).
  virtual bool needsQueueLocks() const { return false; }
  // Not tied to orderly consumption: any consumer whose needsQueueLocks()
  // holds takes a queue only once its broker (the master) locked it for this
  // client id, and must renew the locks with lockAll() more often than
  // ProcessQueue::kRebalanceLockMaxLiveTime. Each call does synchronous I/O
  // (1 s timeout per broker) without holding a lock; any thread.
  //
  // Locks `mq`; when the broker granted it, marks its process queue (if
  // held) locked now. Returns whether the broker granted it.
  bool lock(const MessageQueue& mq);
  // Renews the locks of every held queue, one request per broker: each
  // queue is marked locked (now) or not locked by the broker's answer; a
  // broker that cannot be reached changes nothing (the lock then expires).
  void lockAll();
  // Releases `mq`'s lock (the process queue is left as is).
  void unlock(const MessageQueue& mq, bool oneway);
  // Releases the locks of every held queue and marks them not locked;
  // waits for a rebalance in progress first (not from a rebalance hook).
  void unlockAll(bool oneway);
  // Whether the last rebalance left work for the next one: an allocated
  // queue whose lock was refused (its previous owner had not released it
  // yet), or a queue to give up that removeUnnecessaryMessageQueue kept
  // (its batch in flight had not finished).
  bool unfinished() const { return unfinished_.load(); }

 protected:
  virtual void messageQueueChanged(const std::string& topic, const std::set<MessageQueue>& mqAll,
                                   const std::set<MessageQueue>& mqDivided) = 0;
  virtual bool removeUnnecessaryMessageQueue(const MessageQueue& mq,
                                             const std::shared_ptr<ProcessQueue>& pq) = 0;
  virtual remoting::ConsumeType consumeType() const = 0;
  virtual void removeDirtyOffset(const MessageQueue& mq) = 0;
  // Where to start pulling a newly assigned queue; an error skips the queue
  // until the next rebalance.
  virtual Result<std::int64_t> computePullFromWhere(const MessageQueue& mq) = 0;
  virtual void dispatchPullRequest(std::vector<PullRequest> requests) = 0;

  MQClientInstance* instance_ = nullptr;

 private:
  void rebalanceByTopic(const std::string& topic);
  bool updateProcessQueueTableInRebalance(const std::string& topic,
                                          const std::set<MessageQueue>& mqSet);
  void truncateMessageQueueNotMyTopic();
  // The held queues by broker name.
  std::map<std::string, std::set<MessageQueue>> heldQueuesByBroker() const;
  // The master's address of `brokerName`, or empty.
  std::string masterAddress(const std::string& brokerName) const;

  const std::string group_;
  const MessageModel model_;
  const std::shared_ptr<AllocateMessageQueueStrategy> strategy_;
  std::chrono::milliseconds pull_max_idle_time_ = ProcessQueue::kPullMaxIdleTime;
  std::shared_ptr<CacheBudget> cache_budget_;

  std::mutex rebalance_mutex_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const remoting::SubscriptionData>>
      subscriptions_;                                                     // guarded by mutex_
  std::map<std::string, std::set<MessageQueue>> topic_queues_;            // guarded by mutex_
  std::map<MessageQueue, std::shared_ptr<ProcessQueue>> process_queues_;  // guarded by mutex_
  std::atomic<bool> unfinished_{false};
};

// RocketMQ's computePullFromWhere (push and lite pull):
//   stored offset (MEMORY_FIRST_THEN_STORE) >= 0: it;
//   -1 (none): LAST_OFFSET (and the deprecated variants): 0 for a %RETRY%
//     topic, else the queue's max offset; FIRST_OFFSET: 0; TIMESTAMP: the
//     max offset for a %RETRY% topic, else the offset at `consumeTimestamp`
//     (yyyyMMddHHmmss, local time);
//   -2 or a failed lookup: an error.
Result<std::int64_t> computePullFromWhere(MQClientInstance& instance, OffsetStore& store,
                                          ConsumeFromWhere where,
                                          const std::string& consumeTimestamp,
                                          const MessageQueue& mq);

// "yyyyMMddHHmmss" (local time) -> ms since the epoch; nullopt when malformed.
std::optional<std::int64_t> parseConsumeTimestamp(const std::string& text);
// Now minus 30 minutes as "yyyyMMddHHmmss" (the consumers' default).
std::string defaultConsumeTimestamp();

}  // namespace apogee::client
