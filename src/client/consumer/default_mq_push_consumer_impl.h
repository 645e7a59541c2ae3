#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "apogee/default_mq_push_consumer.h"
#include "client/client_inner.h"
#include "client/consumer/consume_message_service.h"
#include "client/consumer/pull_api_wrapper.h"
#include "common/lane_executor.h"
#include "client/consumer/rebalance_impl.h"

namespace apogee::client {

class MQClientInstance;

// The push consumer's engine (RocketMQ's DefaultMQPushConsumerImpl, with
// RebalancePushImpl as a nested class).
//
// Each queue the rebalance assigns gets one PullRequest, reused for the
// queue's whole life: pullMessage() (on the instance's pull thread) checks
// flow control and sends one asynchronous long-polling pull (SUSPEND, plus
// COMMIT_OFFSET with the stored offset in clustering, as Java 4.9.8 sends;
// the broker holds it 15 s, the client waits 30 s). The answer, on the
// client's callback threads, puts FOUND messages into the ProcessQueue,
// submits them to the consume service and queues the same PullRequest with
// nextBeginOffset. Flow control, errors and pauses re-queue it after a delay
// instead of blocking a thread, so one thread serves any number of queues.
//
// A queue taken away by a rebalance has its ProcessQueue marked dropped;
// pullMessage, the pull answer and the consume service all check the flag,
// so work for a dropped queue is discarded and never committed.
//
// Locks: mutex_ guards the subscriptions given before start; the rest is
// atomics or owned by the components (rebalance, process queues, offset
// store), none held across I/O.
class DefaultMQPushConsumerImpl final
    : public MQConsumerInner,
      public std::enable_shared_from_this<DefaultMQPushConsumerImpl> {
 public:
  DefaultMQPushConsumerImpl();
  ~DefaultMQPushConsumerImpl() override;

  void start(const DefaultMQPushConsumer& config);
  void shutdown(std::chrono::milliseconds awaitTerminate);
  bool isRunning() const { return running_; }
  void suspend() { pause_ = true; }
  void resume() { pause_ = false; }
  // Resizes the consume pool to `corePoolSize` threads when
  // 0 < corePoolSize <= 32767 (Short.MAX_VALUE) and corePoolSize <
  // consumeThreadMax, as RocketMQ; otherwise (or before start) nothing
  // happens.
  void updateCorePoolSize(int corePoolSize);
  // Tests: how long a held queue may go unpulled before the rebalance
  // re-creates it (120 s). Before start().
  void setPullMaxIdleTime(std::chrono::milliseconds idle) { pull_max_idle_time_ = idle; }

  void subscribe(const std::string& topic, const std::string& subExpression);
  void unsubscribe(const std::string& topic);

  // The held queues and their process queues (tests, running info).
  std::map<MessageQueue, std::shared_ptr<ProcessQueue>> processQueueTable() const;
  // Per subscribed topic (wire names, retry topic included), the last
  // minute's pull and consume rates from the instance's statistics.
  std::map<std::string, ConsumeStats> consumeStats() const;
  std::int64_t consumeOkTotal() const {
    return consume_service_ ? consume_service_->consumeOkTotal() : 0;
  }

  // MQConsumerInner
  std::string groupName() const override { return group_; }
  MessageModel messageModel() const override { return settings_.model; }
  remoting::ConsumeType consumeType() const override {
    return remoting::ConsumeType::CONSUME_PASSIVELY;
  }
  ConsumeFromWhere consumeFromWhere() const override { return settings_.from; }
  std::vector<remoting::SubscriptionData> subscriptions() const override;
  void updateTopicSubscribeInfo(const std::string& topic,
                                const std::set<MessageQueue>& queues) override;
  bool isSubscribeTopicNeedUpdate(const std::string& topic) const override;
  void doRebalance() override;
  void persistConsumerOffset() override;
  void resetOffset(const std::string& topic,
                   const std::map<MessageQueue, std::int64_t>& offsets) override;
  std::optional<std::string> consumerRunningInfo(bool jstack) override;
  std::optional<std::string> consumeMessageDirectly(const MessageExt& msg,
                                                    const std::string& brokerName) override;

 private:
  class Rebalance;
  // A failed pull, or a queue not locked yet, is tried again this much later.
  static constexpr std::chrono::milliseconds kPullTimeDelayWhenException{3000};
  // A queue waiting for its broker lock looks again this much later (Java:
  // 3 s). The look is local (the lock state the rebalance and the renewal
  // keep), so it can be frequent: a renewed lock, after a broker's return,
  // resumes pulling within this time.
  static constexpr std::chrono::milliseconds kPullTimeDelayWhenNotLocked{200};
  struct Settings {
    MessageModel model = MessageModel::CLUSTERING;
    ConsumeFromWhere from = ConsumeFromWhere::CONSUME_FROM_LAST_OFFSET;
    std::string consumeTimestamp;
    int pullBatchSize = 32;
    int thresholdForTopic = -1;
    int thresholdSizeForTopicMiB = -1;
    int consumeMaxSpan = 2000;
    std::chrono::milliseconds pullInterval{0};
    int maxReconsumeTimes = -1;
    bool orderly = false;   // a MessageListenerOrderly
    bool handover = false;  // rebalance handover, clustering only
    std::chrono::milliseconds handoverTimeout{3000};
    int consumeThreadMax = 20;
  };

  void checkConfig(const DefaultMQPushConsumer& config) const;
  void executePullRequestImmediately(std::shared_ptr<PullRequest> request);
  void executePullRequestLater(std::shared_ptr<PullRequest> request,
                               std::chrono::milliseconds delay);
  void pullMessage(const std::shared_ptr<PullRequest>& request);
  // Asks the instance to refresh routes while any of `topics` has none,
  // after `delay`, then twice as long each time, up to a bound.
  void fetchMissingRoutesLater(std::vector<std::string> topics, std::chrono::milliseconds delay);
  void onPullResult(const std::shared_ptr<PullRequest>& request,
                    const std::shared_ptr<const remoting::SubscriptionData>& subscription,
                    std::chrono::steady_clock::time_point begin, Result<PullResult> result);
  // CONSUMER_SEND_MSG_BACK, else the inner producer's re-send.
  Status sendMessageBack(const MessageExt& msg, int delayLevel, const std::string& brokerName);
  // Queues are taken only once locked at their broker (orderly clustering,
  // or handover).
  bool needsQueueLocks() const;
  // A queue that holds a broker lock may be pulled only while locked (else
  // the pull waits 3 s); orderly: on its first pull, its offset is read
  // again from the broker. Returns false when the pull must wait.
  bool checkQueueLockBeforePull(const std::shared_ptr<PullRequest>& request);
  // The rebalance released `mq` (handover): waits for its listener calls in
  // flight, commits its offset synchronously, then unlocks it.
  void handOver(const MessageQueue& mq, ProcessQueue& pq);
  // Orderly: waits (1 s at most) for `mq`'s batch in flight, commits, then
  // unlocks; false (retried by the next rebalance) when the batch is
  // still running.
  bool releaseOrderlyQueue(const MessageQueue& mq, ProcessQueue& pq);
  // Commits `mq`'s offset and waits for the broker's answer; true when
  // committed or when there was nothing to commit.
  bool commitOffsetSync(const MessageQueue& mq);
  // Releases `mq`'s broker lock and waits for the answer.
  void unlockQueue(const MessageQueue& mq);
  Status sendBackThroughInnerProducer(const MessageExt& wire, int maxReconsumeTimes);

  std::string group_;
  Settings settings_;
  ClientConfig config_;

  std::shared_ptr<MQClientInstance> instance_;
  std::shared_ptr<OffsetStore> offset_store_;
  std::shared_ptr<PullAPIWrapper> pull_api_;
  std::unique_ptr<Rebalance> rebalance_;
  std::unique_ptr<ConsumeMessageService> consume_service_;
  // This consumer's lane on the instance's pull thread; set by start().
  std::shared_ptr<LaneExecutor::Lane> pull_lane_;
  std::atomic<bool> running_{false};
  std::atomic<bool> started_once_{false};
  std::atomic<bool> heartbeat_sent_{false};  // start() heartbeated the brokers
  std::atomic<bool> pause_{false};
  // Per-queue limits: the settings, or the topic limits divided by the
  // owned queues (rebalance thread writes, pull thread reads).
  std::atomic<int> threshold_for_queue_{1000};
  std::atomic<int> threshold_size_for_queue_mib_{100};
  std::atomic<std::uint64_t> flow_control_times_{0};
  // Next delay before a rebalance retries refused queue locks (the
  // instance's rebalance task calls doRebalance one at a time).
  std::chrono::milliseconds lock_retry_delay_{20};
  std::chrono::milliseconds pull_max_idle_time_ = ProcessQueue::kPullMaxIdleTime;

  // GET_CONSUMER_RUNNING_INFO's properties: the settings, set by start().
  std::map<std::string, std::string> properties_;

  mutable std::mutex mutex_;
  std::map<std::string, remoting::SubscriptionData> pending_subs_;  // guarded by mutex_
};

}  // namespace apogee::client
