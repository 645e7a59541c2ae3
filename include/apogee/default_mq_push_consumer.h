#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "apogee/allocate_message_queue_strategy.h"
#include "apogee/client_config.h"
#include "apogee/consume_stats.h"
#include "apogee/consumer_types.h"
#include "apogee/message_ext.h"
#include "apogee/message_listener.h"
#include "apogee/message_queue.h"
#include "apogee/mq_client_exception.h"
#include "apogee/offset_store.h"

namespace apogee {

namespace client {
class DefaultMQPushConsumerImpl;
}

// A consumer to which the client delivers messages (RocketMQ 4.9's
// DefaultMQPushConsumer):
//
//   DefaultMQPushConsumer consumer("please_rename_unique_group_name");
//   consumer.setNamesrvAddr("localhost:9876");
//   consumer.subscribe("TopicTest", "*");
//   consumer.registerMessageListener(
//       [](const std::vector<MessageExt>& msgs, ConsumeConcurrentlyContext& ctx) {
//         ... return ConsumeConcurrentlyStatus::CONSUME_SUCCESS; });
//   consumer.start();
//
// The group's queues are balanced among its members (CLUSTERING, default)
// or every member takes every queue (BROADCASTING). Each owned queue is
// pulled with asynchronous long-polling requests; pulled messages wait in
// the queue's ProcessQueue (bounded by pullThresholdForQueue,
// pullThresholdSizeForQueue and consumeConcurrentlyMaxSpan) and are handed
// to the listener, at most consumeThreadMin calls at once, in batches of
// consumeMessageBatchMaxSize. The threads belong to the client instance and
// are shared by its consumers (those with the same instanceName; by default,
// as in Java, each consumer has an instance of its own): the largest
// consumeThreadMin of them, plus a pull thread and a control thread, however
// many consumers and queues (docs/client.md).
//
// Delivery is at least once: the committed offset of a queue is always the
// smallest offset not yet consumed, so a crash or a queue moving to another
// member re-delivers and never skips. A failed batch (RECONSUME_LATER or an
// exception) is sent back to the broker and comes again through the group's
// %RETRY% topic, with the original topic restored and reconsumeTimes + 1.
//
// Threads: settings before start(); subscribe/unsubscribe/shutdown are
// thread-safe. The listener runs on the consume threads, never on socket
// threads; it must not call shutdown(). The destructor calls shutdown().
class DefaultMQPushConsumer : public ClientConfig {
 public:
  // A consumer of group `consumerGroup`.
  explicit DefaultMQPushConsumer(std::string consumerGroup = "DEFAULT_CONSUMER");
  // Shuts down.
  ~DefaultMQPushConsumer() override;
  DefaultMQPushConsumer(const DefaultMQPushConsumer&) = delete;
  DefaultMQPushConsumer& operator=(const DefaultMQPushConsumer&) = delete;

  // Starts consuming. Throws MQClientException for configuration mistakes
  // (bad group, bad threshold, no listener, no subscription), a group
  // already registered in this client instance, or a second start().
  void start();
  // Stops pulling, waits up to `awaitTerminateMillis` for listeners in
  // flight, commits offsets and unregisters from the brokers. Idempotent.
  void shutdown(std::chrono::milliseconds awaitTerminateMillis = std::chrono::milliseconds(0));
  // Whether start() ran and shutdown() did not.
  bool isRunning() const;
  // Stops pulling (each queue re-checks every second); messages already
  // pulled are still consumed.
  void suspend();
  // Pulls again (within a second).
  void resume();

  // Consumes `topic` messages matching `subExpression` ("*", "TagA || TagB").
  // Throws MQClientException when the expression is malformed.
  void subscribe(const std::string& topic, const std::string& subExpression);
  // Stops consuming `topic`.
  void unsubscribe(const std::string& topic);
  // The concurrently consuming listener.
  void registerMessageListener(MessageListenerConcurrently listener);
  // The orderly listener: each queue's messages in queue order, one batch
  // of a queue at a time (docs/client.md, "Orderly consumption").
  void registerMessageListener(MessageListenerOrderly listener);

  // Changes how many listener calls run at once (RocketMQ's
  // updateCorePoolSize): applied when 0 < corePoolSize <= 32767 and
  // corePoolSize < consumeThreadMax, else ignored. Growing is immediate (the
  // instance's workers grow if needed); a lower limit applies as calls return.
  void updateCorePoolSize(int corePoolSize);

  // Per subscribed topic (the group's %RETRY% topic included), the pull
  // and consume rates of the last minute, as GET_CONSUMER_RUNNING_INFO
  // reports them to mqadmin. Empty before start().
  std::map<std::string, ConsumeStats> consumeStats() const;

  // The engine (RocketMQ's getDefaultMQPushConsumerImpl), for tools and
  // tests that include client/consumer/default_mq_push_consumer_impl.h.
  client::DefaultMQPushConsumerImpl* getDefaultMQPushConsumerImpl() const { return impl_.get(); }

  // ---- settings (before start) -------------------------------------------------
  const std::string& getConsumerGroup() const { return consumer_group_; }
  void setConsumerGroup(std::string g) { consumer_group_ = std::move(g); }
  // CLUSTERING (default) or BROADCASTING.
  MessageModel getMessageModel() const { return message_model_; }
  void setMessageModel(MessageModel m) { message_model_ = m; }
  // Where a queue without a committed offset starts (CONSUME_FROM_LAST_OFFSET).
  ConsumeFromWhere getConsumeFromWhere() const { return consume_from_where_; }
  void setConsumeFromWhere(ConsumeFromWhere w) { consume_from_where_ = w; }
  // For CONSUME_FROM_TIMESTAMP: "yyyyMMddHHmmss" (default: 30 minutes ago).
  const std::string& getConsumeTimestamp() const { return consume_timestamp_; }
  void setConsumeTimestamp(std::string t) { consume_timestamp_ = std::move(t); }
  // The allocation strategy (AllocateMessageQueueAveragely).
  std::shared_ptr<AllocateMessageQueueStrategy> getAllocateMessageQueueStrategy() const {
    return strategy_;
  }
  void setAllocateMessageQueueStrategy(std::shared_ptr<AllocateMessageQueueStrategy> s) {
    strategy_ = std::move(s);
  }
  // A custom offset store (default: the broker in clustering, a local file
  // in broadcasting).
  std::shared_ptr<OffsetStore> getOffsetStore() const { return offset_store_; }
  void setOffsetStore(std::shared_ptr<OffsetStore> s) { offset_store_ = std::move(s); }
  // Consume threads (20 and 20; range 1..1000): at most consumeThreadMin
  // listener calls run at once (as in RocketMQ, whose pool has an unbounded
  // queue, consumeThreadMax never adds threads).
  int getConsumeThreadMin() const { return consume_thread_min_; }
  void setConsumeThreadMin(int v) { consume_thread_min_ = v; }
  int getConsumeThreadMax() const { return consume_thread_max_; }
  void setConsumeThreadMax(int v) { consume_thread_max_ = v; }
  // Largest offset span cached per queue before pulling pauses (2000; 1..65535).
  int getConsumeConcurrentlyMaxSpan() const { return consume_concurrently_max_span_; }
  void setConsumeConcurrentlyMaxSpan(int v) { consume_concurrently_max_span_ = v; }
  // Cached messages per queue before pulling pauses (1000; 1..65535).
  int getPullThresholdForQueue() const { return pull_threshold_for_queue_; }
  void setPullThresholdForQueue(int v) { pull_threshold_for_queue_ = v; }
  // Cached MiB per queue before pulling pauses (100; 1..1024).
  int getPullThresholdSizeForQueue() const { return pull_threshold_size_for_queue_; }
  void setPullThresholdSizeForQueue(int v) { pull_threshold_size_for_queue_ = v; }
  // Cached messages per topic (-1 = off; 1..6553500): when set, each
  // rebalance divides it among the topic's owned queues and it replaces
  // pullThresholdForQueue.
  int getPullThresholdForTopic() const { return pull_threshold_for_topic_; }
  void setPullThresholdForTopic(int v) { pull_threshold_for_topic_ = v; }
  // Cached MiB per topic (-1 = off; 1..102400), divided the same way.
  int getPullThresholdSizeForTopic() const { return pull_threshold_size_for_topic_; }
  void setPullThresholdSizeForTopic(int v) { pull_threshold_size_for_topic_ = v; }
  // Pause between two pulls of a queue (0).
  std::chrono::milliseconds getPullInterval() const { return pull_interval_; }
  void setPullInterval(std::chrono::milliseconds v) { pull_interval_ = v; }
  // Messages per listener call (1; 1..1024).
  int getConsumeMessageBatchMaxSize() const { return consume_message_batch_max_size_; }
  void setConsumeMessageBatchMaxSize(int v) { consume_message_batch_max_size_ = v; }
  // Messages per pull (32; 1..1024).
  int getPullBatchSize() const { return pull_batch_size_; }
  void setPullBatchSize(int v) { pull_batch_size_ = v; }
  // Deliveries before a message goes to the dead-letter queue (-1 = 16;
  // orderly: -1 = never).
  int getMaxReconsumeTimes() const { return max_reconsume_times_; }
  void setMaxReconsumeTimes(int v) { max_reconsume_times_ = v; }
  // Orderly: how long a queue waits after SUSPEND_CURRENT_QUEUE_A_MOMENT
  // before its batch is consumed again (1 s; the context may override it).
  std::chrono::milliseconds getSuspendCurrentQueueTimeMillis() const {
    return suspend_current_queue_time_;
  }
  void setSuspendCurrentQueueTimeMillis(std::chrono::milliseconds v) {
    suspend_current_queue_time_ = v;
  }
  // Rebalance handover (clustering, concurrent listener; true): a queue
  // that moves to another member is released only after its in-flight
  // batches finished and its offset is committed, and a member takes a queue
  // only once the broker locked it for it, so the new owner starts exactly
  // where the old one stopped. false = RocketMQ's behaviour, where both may
  // consume the queue for a while (duplicates). docs/rebalance-handover.md.
  bool isRebalanceHandover() const { return rebalance_handover_; }
  void setRebalanceHandover(bool v) { rebalance_handover_ = v; }
  // How long a released queue waits for its in-flight batches (3 s); after
  // that it is released anyway and their messages may be consumed twice.
  std::chrono::milliseconds getRebalanceHandoverTimeout() const { return rebalance_handover_timeout_; }
  void setRebalanceHandoverTimeout(std::chrono::milliseconds v) { rebalance_handover_timeout_ = v; }
  // How long a listener call may take (15 min; RocketMQ counts minutes, any
  // duration is accepted here). Every consumeTimeout, up to 16 messages per
  // queue whose call started longer ago are sent back (delay level 3) and
  // no longer hold the queue's commit offset; the call itself is not
  // interrupted. Must be positive.
  std::chrono::milliseconds getConsumeTimeout() const { return consume_timeout_; }
  void setConsumeTimeout(std::chrono::milliseconds v) { consume_timeout_ = v; }
  // Base directory of broadcasting offset files (see DefaultMQPullConsumer).
  const std::string& getLocalOffsetStoreDir() const { return local_offset_store_dir_; }
  void setLocalOffsetStoreDir(std::string d) { local_offset_store_dir_ = std::move(d); }

 private:
  friend class client::DefaultMQPushConsumerImpl;

  std::string consumer_group_;
  MessageModel message_model_ = MessageModel::CLUSTERING;
  ConsumeFromWhere consume_from_where_ = ConsumeFromWhere::CONSUME_FROM_LAST_OFFSET;
  std::string consume_timestamp_;
  std::shared_ptr<AllocateMessageQueueStrategy> strategy_;
  std::shared_ptr<OffsetStore> offset_store_;
  int consume_thread_min_ = 20;
  int consume_thread_max_ = 20;
  int consume_concurrently_max_span_ = 2000;
  int pull_threshold_for_queue_ = 1000;
  int pull_threshold_size_for_queue_ = 100;
  int pull_threshold_for_topic_ = -1;
  int pull_threshold_size_for_topic_ = -1;
  std::chrono::milliseconds pull_interval_{0};
  int consume_message_batch_max_size_ = 1;
  int pull_batch_size_ = 32;
  int max_reconsume_times_ = -1;
  std::chrono::milliseconds suspend_current_queue_time_{1000};
  std::chrono::milliseconds consume_timeout_{std::chrono::minutes(15)};
  bool rebalance_handover_ = true;
  std::chrono::milliseconds rebalance_handover_timeout_{3000};
  std::string local_offset_store_dir_;
  MessageListenerConcurrently concurrently_listener_;
  MessageListenerOrderly orderly_listener_;
  std::shared_ptr<client::DefaultMQPushConsumerImpl> impl_;
};

}  // namespace apogee
