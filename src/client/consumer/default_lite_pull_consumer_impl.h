#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "apogee/default_lite_pull_consumer.h"
#include "client/client_inner.h"
#include "client/consumer/pull_api_wrapper.h"
#include "common/lane_executor.h"
#include "client/consumer/rebalance_impl.h"

namespace apogee::client {

class MQClientInstance;

// The lite pull consumer's engine (RocketMQ's DefaultLitePullConsumerImpl,
// RebalanceLitePullImpl and AssignedMessageQueue in one place).
//
// Each assigned queue has a pull task. The tasks run on the client
// instance's pull thread (shared with its other consumers) and only issue asynchronous long-polling pulls
// (LITE_PULL | SUBSCRIPTION | SUSPEND, as Java 4.9.8 sends); an answer, on the
// client's callback threads, appends a ConsumeRequest (one pulled batch) to
// the cache that poll() takes from, and queues the task again. Flow control
// (cache limits, pause) delays a task instead of blocking a thread.
//
// A seek or a rebalance that removes a queue bumps that queue's generation or
// drops its ProcessQueue; a pull answer carrying an older generation, or for
// a dropped queue, is discarded, so no stale batch is delivered.
//
// Locks, in order: poll_mutex_ (one poll at a time) -> mutex_ (queue table,
// subscription mode) -> cache_mutex_ (the batch cache). None is held across
// I/O. The rebalance (scheduler thread) calls the hooks, which take mutex_.
class DefaultLitePullConsumerImpl final
    : public MQConsumerInner,
      public std::enable_shared_from_this<DefaultLitePullConsumerImpl> {
 public:
  DefaultLitePullConsumerImpl();
  ~DefaultLitePullConsumerImpl() override;

  void start(const DefaultLitePullConsumer& config);
  void shutdown();
  bool isRunning() const { return running_; }

  void subscribe(const std::string& topic, const std::string& subExpression);
  void unsubscribe(const std::string& topic);
  void assign(const std::vector<MessageQueue>& queues);
  void setSubExpressionForAssign(const std::string& topic, const std::string& subExpression);
  std::set<MessageQueue> assignment() const;
  std::set<MessageQueue> fetchMessageQueues(const std::string& topic);
  void registerTopicMessageQueueChangeListener(const std::string& topic,
                                               TopicMessageQueueChangeListener listener);

  std::vector<MessageExt> poll(std::chrono::milliseconds timeout);
  void seek(const MessageQueue& mq, std::int64_t offset);
  void seekToBegin(const MessageQueue& mq);
  void seekToEnd(const MessageQueue& mq);
  void pause(const std::vector<MessageQueue>& queues);
  void resume(const std::vector<MessageQueue>& queues);
  void commitAll();
  std::int64_t committed(const MessageQueue& mq);
  std::int64_t offsetForTimestamp(const MessageQueue& mq, std::int64_t timestamp);

  // MQConsumerInner
  std::string groupName() const override { return group_; }
  MessageModel messageModel() const override { return settings_.model; }
  remoting::ConsumeType consumeType() const override {
    return remoting::ConsumeType::CONSUME_ACTIVELY;
  }
  ConsumeFromWhere consumeFromWhere() const override { return settings_.from; }
  std::vector<remoting::SubscriptionData> subscriptions() const override;
  void updateTopicSubscribeInfo(const std::string& topic,
                                const std::set<MessageQueue>& queues) override;
  bool isSubscribeTopicNeedUpdate(const std::string& topic) const override;
  void doRebalance() override;
  void persistConsumerOffset() override;

 private:
  class Rebalance;
  enum class Mode { kNone, kSubscribe, kAssign };
  struct PullTask {
    explicit PullTask(MessageQueue q) : mq(std::move(q)) {}
    const MessageQueue mq;
    std::atomic<bool> cancelled{false};
  };
  struct QueueState {
    std::shared_ptr<ProcessQueue> pq;
    std::shared_ptr<PullTask> task;
    bool paused = false;
    std::int64_t pullOffset = -1;     // next offset to pull; -1: compute
    std::int64_t consumeOffset = -1;  // one past the last polled message
    std::int64_t seekOffset = -1;
    std::uint64_t generation = 0;  // bumped by seek: older answers are stale
  };
  struct ConsumeRequest {
    std::vector<MessageExt> msgs;
    MessageQueue mq;
    std::shared_ptr<ProcessQueue> pq;
  };
  struct Settings {
    MessageModel model = MessageModel::CLUSTERING;
    ConsumeFromWhere from = ConsumeFromWhere::CONSUME_FROM_LAST_OFFSET;
    std::string consumeTimestamp;
    int pullBatchSize = 10;
    int thresholdForAll = 10000;
    int thresholdForQueue = 1000;
    int thresholdSizeForQueueMiB = 100;
    int consumeMaxSpan = 2000;
    bool autoCommit = true;
    std::chrono::milliseconds autoCommitInterval{5000};
    std::chrono::milliseconds timeoutWhenSuspend{30000};
    std::chrono::milliseconds brokerSuspendMax{20000};
    std::chrono::milliseconds topicCheckInterval{30000};
  };

  void ensureRunning() const;
  // Adds `mq` (if absent) and starts its task when running. mutex_ not held.
  void addQueue(const MessageQueue& mq, std::shared_ptr<ProcessQueue> pq, std::int64_t pullOffset);
  // Drops `mq`: cancels its task, forgets its cached batches. mutex_ held.
  void removeQueueLocked(const MessageQueue& mq);
  void clearCacheOf(const MessageQueue& mq);
  void schedule(const std::shared_ptr<PullTask>& task, std::chrono::milliseconds delay);
  void runPull(const std::shared_ptr<PullTask>& task);
  void onPullResult(const std::shared_ptr<PullTask>& task, const std::shared_ptr<ProcessQueue>& pq,
                    std::uint64_t generation, Result<PullResult> result);
  std::shared_ptr<const remoting::SubscriptionData> subscriptionFor(const std::string& topic);
  void maybeAutoCommit();
  void checkTopicMetadata();
  std::set<MessageQueue> queuesToPersist() const;

  std::string group_;
  Settings settings_;
  ClientConfig config_;
  std::shared_ptr<OffsetStore> custom_store_;

  std::shared_ptr<MQClientInstance> instance_;
  std::shared_ptr<OffsetStore> offset_store_;
  std::shared_ptr<PullAPIWrapper> pull_api_;
  std::unique_ptr<Rebalance> rebalance_;
  // This consumer's lane on the instance's pull thread; set by start().
  std::shared_ptr<LaneExecutor::Lane> pull_lane_;
  std::atomic<bool> running_{false};
  bool started_once_ = false;

  std::mutex poll_mutex_;
  std::chrono::steady_clock::time_point next_auto_commit_;  // guarded by poll_mutex_

  mutable std::mutex mutex_;
  Mode mode_ = Mode::kNone;                                         // guarded by mutex_
  std::map<MessageQueue, QueueState> queues_;                       // guarded by mutex_
  std::map<std::string, std::string> assign_expressions_;           // guarded by mutex_
  std::map<std::string, remoting::SubscriptionData> pending_subs_;  // guarded by mutex_
  std::map<std::string, std::shared_ptr<const remoting::SubscriptionData>>
      assign_subs_;                                                         // guarded by mutex_
  std::map<std::string, TopicMessageQueueChangeListener> topic_listeners_;  // guarded by mutex_
  std::map<std::string, std::set<MessageQueue>> topic_queues_seen_;         // guarded by mutex_
  MessageQueueListener user_listener_;

  std::mutex cache_mutex_;
  std::condition_variable cache_cv_;
  std::deque<ConsumeRequest> cache_;  // guarded by cache_mutex_
};

}  // namespace apogee::client
