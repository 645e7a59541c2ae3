#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "apogee/allocate_message_queue_strategy.h"
#include "apogee/client_config.h"
#include "apogee/consumer_types.h"
#include "apogee/message_ext.h"
#include "apogee/message_queue.h"
#include "apogee/message_queue_listener.h"
#include "apogee/mq_client_exception.h"
#include "apogee/offset_store.h"

namespace apogee {

namespace client {
class DefaultLitePullConsumerImpl;
}

// Told when the queues of a topic (as the name server routes it) changed
// (RocketMQ's TopicMessageQueueChangeListener); checked every
// topicMetadataCheckIntervalMillis.
using TopicMessageQueueChangeListener =
    std::function<void(const std::string& topic, const std::set<MessageQueue>& queues)>;

// A consumer whose application polls batches of messages (RocketMQ 4.9's
// DefaultLitePullConsumer). Either subscribe() to topics, and the group's
// queues are balanced among its members, or assign() queues explicitly.
//
//   DefaultLitePullConsumer consumer("MyGroup");
//   consumer.setNamesrvAddr("127.0.0.1:9876");
//   consumer.subscribe("TopicTest", "*");
//   consumer.start();
//   for (;;) {
//     for (const MessageExt& msg : consumer.poll()) { ... }
//   }
//
// Background pulls (long-polling, asynchronous, at most pullBatchSize per
// request) fill a local cache bounded by pullThresholdForAll /
// pullThresholdForQueue; poll() takes one pulled batch from it. With
// autoCommit (default) the offsets of what poll() returned are recorded every
// autoCommitIntervalMillis (at the next poll) and committed to the broker
// (clustering) or the local file (broadcasting) by the periodic persist and
// at shutdown. Delivery is at least once: messages polled but not committed
// when a consumer stops or loses a queue are delivered again.
//
// Threads: poll() should be called from one thread at a time (calls are
// serialised); the other methods are thread-safe after start(). Settings
// before start(). The destructor calls shutdown().
class DefaultLitePullConsumer : public ClientConfig {
 public:
  // A consumer of group `consumerGroup`.
  explicit DefaultLitePullConsumer(std::string consumerGroup = "DEFAULT_CONSUMER");
  // Shuts down.
  ~DefaultLitePullConsumer() override;
  DefaultLitePullConsumer(const DefaultLitePullConsumer&) = delete;
  DefaultLitePullConsumer& operator=(const DefaultLitePullConsumer&) = delete;

  // Starts pulling. Throws MQClientException (bad or duplicate group,
  // started twice).
  void start();
  // Commits (with autoCommit), persists offsets, stops pulling and releases
  // the client instance. Idempotent.
  void shutdown();
  // Whether start() ran and shutdown() did not.
  bool isRunning() const;

  // ---- what to consume -------------------------------------------------------
  // Subscribes to `topic` messages matching `subExpression` ("*", "A || B");
  // the group's queues are balanced. Throws when assign() was used.
  void subscribe(const std::string& topic, const std::string& subExpression);
  // Stops consuming `topic`.
  void unsubscribe(const std::string& topic);
  // Consumes exactly `messageQueues` (no rebalance). Throws when subscribe()
  // was used.
  void assign(const std::vector<MessageQueue>& messageQueues);
  // The tag expression used for `topic` in assign mode ("*" by default).
  void setSubExpressionForAssign(const std::string& topic, const std::string& subExpression);
  // The queues this consumer currently consumes.
  std::set<MessageQueue> assignment() const;
  // The readable queues of `topic` from the name server.
  std::set<MessageQueue> fetchMessageQueues(const std::string& topic);
  // Calls `listener` when `topic`'s queues change.
  void registerTopicMessageQueueChangeListener(const std::string& topic,
                                               TopicMessageQueueChangeListener listener);

  // ---- polling ---------------------------------------------------------------
  // The next pulled batch, waiting up to getPollTimeoutMillis(); empty when
  // nothing arrived in time.
  std::vector<MessageExt> poll();
  // As above, waiting up to `timeout`.
  std::vector<MessageExt> poll(std::chrono::milliseconds timeout);
  // Makes the next messages of `mq` come from `offset` (min..max offset of
  // the queue, else MQClientException); drops what was pulled but not polled.
  void seek(const MessageQueue& mq, std::int64_t offset);
  // seek() to the queue's min offset.
  void seekToBegin(const MessageQueue& mq);
  // seek() to the queue's max offset (only new messages).
  void seekToEnd(const MessageQueue& mq);
  // Stops pulling these queues until resume() (polled batches already
  // cached are still returned).
  void pause(const std::vector<MessageQueue>& messageQueues);
  // Pulls these queues again.
  void resume(const std::vector<MessageQueue>& messageQueues);

  // ---- offsets ---------------------------------------------------------------
  // Records the offsets of everything poll() returned so far (and, for
  // broadcasting, writes the local file now).
  void commitSync();
  // The committed offset of `mq` (memory first, then the store); -1 when none.
  std::int64_t committed(const MessageQueue& mq);
  // The offset of the message stored nearest to `timestamp` (ms).
  std::int64_t offsetForTimestamp(const MessageQueue& mq, std::int64_t timestamp);

  // ---- settings ---------------------------------------------------------------
  // The group.
  const std::string& getConsumerGroup() const { return consumer_group_; }
  // Sets the group.
  void setConsumerGroup(std::string g) { consumer_group_ = std::move(g); }
  // CLUSTERING (default) or BROADCASTING.
  MessageModel getMessageModel() const { return message_model_; }
  // Sets the message model.
  void setMessageModel(MessageModel m) { message_model_ = m; }
  // Where a queue without a committed offset starts (LAST_OFFSET).
  ConsumeFromWhere getConsumeFromWhere() const { return consume_from_where_; }
  // Sets where new queues start.
  void setConsumeFromWhere(ConsumeFromWhere w) { consume_from_where_ = w; }
  // For CONSUME_FROM_TIMESTAMP: "yyyyMMddHHmmss" (default: 30 minutes ago).
  const std::string& getConsumeTimestamp() const { return consume_timestamp_; }
  // Sets the start time.
  void setConsumeTimestamp(std::string t) { consume_timestamp_ = std::move(t); }
  // The allocation strategy (AllocateMessageQueueAveragely).
  std::shared_ptr<AllocateMessageQueueStrategy> getAllocateMessageQueueStrategy() const {
    return strategy_;
  }
  // Sets the allocation strategy.
  void setAllocateMessageQueueStrategy(std::shared_ptr<AllocateMessageQueueStrategy> s) {
    strategy_ = std::move(s);
  }
  // Told of rebalance results.
  const MessageQueueListener& getMessageQueueListener() const { return listener_; }
  // Sets the rebalance listener.
  void setMessageQueueListener(MessageQueueListener l) { listener_ = std::move(l); }
  // A custom offset store.
  void setOffsetStore(std::shared_ptr<OffsetStore> s) { offset_store_ = std::move(s); }
  // The custom offset store, if any.
  std::shared_ptr<OffsetStore> getOffsetStore() const { return offset_store_; }
  // Messages per pull request (10).
  int getPullBatchSize() const { return pull_batch_size_; }
  // Sets the pull batch size.
  void setPullBatchSize(int v) { pull_batch_size_ = v; }
  // Pull threads in RocketMQ (20). Kept for compatibility: one pull thread
  // issues asynchronous long-polling pulls for every queue.
  int getPullThreadNums() const { return pull_thread_nums_; }
  // Sets the (unused) pull thread count.
  void setPullThreadNums(int v) { pull_thread_nums_ = v; }
  // Cached batches x batch size above which pulling pauses (10000).
  int getPullThresholdForAll() const { return pull_threshold_for_all_; }
  // Sets the overall cache limit.
  void setPullThresholdForAll(int v) { pull_threshold_for_all_ = v; }
  // Cached messages per queue above which that queue pauses (1000).
  int getPullThresholdForQueue() const { return pull_threshold_for_queue_; }
  // Sets the per-queue cache limit.
  void setPullThresholdForQueue(int v) { pull_threshold_for_queue_ = v; }
  // Cached MiB per queue above which that queue pauses (100).
  int getPullThresholdSizeForQueue() const { return pull_threshold_size_for_queue_; }
  // Sets the per-queue size limit.
  void setPullThresholdSizeForQueue(int v) { pull_threshold_size_for_queue_ = v; }
  // Largest offset span cached per queue (2000).
  int getConsumeMaxSpan() const { return consume_max_span_; }
  // Sets the span limit.
  void setConsumeMaxSpan(int v) { consume_max_span_ = v; }
  // Whether poll() records offsets automatically (true).
  bool isAutoCommit() const { return auto_commit_; }
  // Sets auto commit.
  void setAutoCommit(bool v) { auto_commit_ = v; }
  // How often auto commit records offsets (5 s).
  std::chrono::milliseconds getAutoCommitIntervalMillis() const { return auto_commit_interval_; }
  // Sets the auto commit interval.
  void setAutoCommitIntervalMillis(std::chrono::milliseconds v) { auto_commit_interval_ = v; }
  // poll()'s default wait (5 s).
  std::chrono::milliseconds getPollTimeoutMillis() const { return poll_timeout_; }
  // Sets poll()'s default wait.
  void setPollTimeoutMillis(std::chrono::milliseconds v) { poll_timeout_ = v; }
  // Request timeout of a plain pull (10 s).
  std::chrono::milliseconds getConsumerPullTimeoutMillis() const { return pull_timeout_; }
  // Sets the plain pull timeout.
  void setConsumerPullTimeoutMillis(std::chrono::milliseconds v) { pull_timeout_ = v; }
  // Request timeout of a long-polling pull (30 s).
  std::chrono::milliseconds getConsumerTimeoutMillisWhenSuspend() const {
    return timeout_when_suspend_;
  }
  // Sets the long-polling pull timeout.
  void setConsumerTimeoutMillisWhenSuspend(std::chrono::milliseconds v) {
    timeout_when_suspend_ = v;
  }
  // How long the broker holds a pull with nothing to return (20 s).
  std::chrono::milliseconds getBrokerSuspendMaxTimeMillis() const { return broker_suspend_max_; }
  // Sets the hold time.
  void setBrokerSuspendMaxTimeMillis(std::chrono::milliseconds v) { broker_suspend_max_ = v; }
  // How often registered topics' queues are checked (30 s).
  std::chrono::milliseconds getTopicMetadataCheckIntervalMillis() const {
    return topic_metadata_check_interval_;
  }
  // Sets the topic check interval.
  void setTopicMetadataCheckIntervalMillis(std::chrono::milliseconds v) {
    topic_metadata_check_interval_ = v;
  }
  // Base directory of broadcasting offset files (see DefaultMQPullConsumer).
  const std::string& getLocalOffsetStoreDir() const { return local_offset_store_dir_; }
  // Sets the base directory of broadcasting offset files.
  void setLocalOffsetStoreDir(std::string d) { local_offset_store_dir_ = std::move(d); }

 private:
  std::string consumer_group_;
  MessageModel message_model_ = MessageModel::CLUSTERING;
  ConsumeFromWhere consume_from_where_ = ConsumeFromWhere::CONSUME_FROM_LAST_OFFSET;
  std::string consume_timestamp_;
  std::shared_ptr<AllocateMessageQueueStrategy> strategy_;
  MessageQueueListener listener_;
  std::shared_ptr<OffsetStore> offset_store_;
  int pull_batch_size_ = 10;
  int pull_thread_nums_ = 20;
  int pull_threshold_for_all_ = 10000;
  int pull_threshold_for_queue_ = 1000;
  int pull_threshold_size_for_queue_ = 100;
  int consume_max_span_ = 2000;
  bool auto_commit_ = true;
  std::chrono::milliseconds auto_commit_interval_{5000};
  std::chrono::milliseconds poll_timeout_{5000};
  std::chrono::milliseconds pull_timeout_{10000};
  std::chrono::milliseconds timeout_when_suspend_{30000};
  std::chrono::milliseconds broker_suspend_max_{20000};
  std::chrono::milliseconds topic_metadata_check_interval_{30000};
  std::string local_offset_store_dir_;
  std::shared_ptr<client::DefaultLitePullConsumerImpl> impl_;
};

}  // namespace apogee
