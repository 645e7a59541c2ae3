#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>

#include "apogee/allocate_message_queue_strategy.h"
#include "apogee/client_config.h"
#include "apogee/consumer_types.h"
#include "apogee/message_ext.h"
#include "apogee/message_queue.h"
#include "apogee/message_queue_listener.h"
#include "apogee/mq_client_exception.h"
#include "apogee/offset_store.h"
#include "apogee/pull_result.h"

namespace apogee {

namespace client {
class DefaultMQPullConsumerImpl;
}

// Outcome callbacks of an asynchronous pull (RocketMQ's PullCallback).
// Exactly one runs, on the client's callback threads.
struct PullCallback {
  // The pull completed (any PullStatus).
  std::function<void(PullResult& result)> onSuccess;
  // The pull failed (transport error, broker error answer, no route).
  std::function<void(const MQClientException& error)> onException;
};

// A consumer that pulls explicitly from queues it chooses (RocketMQ 4.9's
// DefaultMQPullConsumer, deprecated upstream in favour of
// DefaultLitePullConsumer but still widely used):
//
//   DefaultMQPullConsumer consumer("MyGroup");
//   consumer.setNamesrvAddr("127.0.0.1:9876");
//   consumer.start();
//   for (const auto& mq : consumer.fetchSubscribeMessageQueues("TopicTest")) {
//     std::int64_t offset = consumer.fetchConsumeOffset(mq, true);
//     PullResult r = consumer.pull(mq, "*", offset < 0 ? 0 : offset, 32);
//     ... process r.getMsgFoundList() ...
//     consumer.updateConsumeOffset(mq, r.getNextBeginOffset());
//   }
//
// Offsets are the application's to keep: updateConsumeOffset records one in
// memory and the client commits it to the broker (clustering) or a local
// file (broadcasting) every persistConsumerOffsetInterval and at shutdown.
// With registerMessageQueueListener / setRegisterTopics the group's queues
// are also balanced among its members and the listener is told which are
// this consumer's (fetchMessageQueuesInBalance).
//
// Threads: pull methods are thread-safe after start(). Settings before start().
// The destructor calls shutdown().
class DefaultMQPullConsumer : public ClientConfig {
 public:
  // A consumer of group `consumerGroup`.
  explicit DefaultMQPullConsumer(std::string consumerGroup = "DEFAULT_CONSUMER");
  // Shuts down.
  ~DefaultMQPullConsumer() override;
  DefaultMQPullConsumer(const DefaultMQPullConsumer&) = delete;
  DefaultMQPullConsumer& operator=(const DefaultMQPullConsumer&) = delete;

  // Registers the group with the client instance, loads the offset store and
  // starts the periodic tasks. Throws MQClientException (bad or duplicate
  // group, started twice).
  void start();
  // Persists offsets, unregisters the group and releases the instance.
  // Idempotent.
  void shutdown();

  // ---- queues ---------------------------------------------------------------
  // The readable queues of `topic`, from the name server. Throws when the
  // topic has none.
  std::set<MessageQueue> fetchSubscribeMessageQueues(const std::string& topic);
  // The queues of `topic` the rebalance gave this consumer (registered topics).
  std::set<MessageQueue> fetchMessageQueuesInBalance(const std::string& topic);
  // Adds `topic` to the balanced topics and sets the listener told of changes.
  void registerMessageQueueListener(const std::string& topic, MessageQueueListener listener);

  // ---- pulling --------------------------------------------------------------
  // Pulls up to `maxNums` messages at `offset` of `mq` whose tag matches
  // `subExpression` ("*", "TagA || TagB"). Returns at once when nothing is
  // there (NO_NEW_MSG). Throws MQClientException on failure.
  PullResult pull(const MessageQueue& mq, const std::string& subExpression, std::int64_t offset,
                  int maxNums);
  // As above with a request timeout.
  PullResult pull(const MessageQueue& mq, const std::string& subExpression, std::int64_t offset,
                  int maxNums, std::chrono::milliseconds timeout);
  // Asynchronously; `callback` gets the outcome.
  void pull(const MessageQueue& mq, const std::string& subExpression, std::int64_t offset,
            int maxNums, PullCallback callback);
  // As above with a request timeout.
  void pull(const MessageQueue& mq, const std::string& subExpression, std::int64_t offset,
            int maxNums, PullCallback callback, std::chrono::milliseconds timeout);
  // Like pull(), but when nothing is there the broker holds the request up to
  // getBrokerSuspendMaxTimeMillis() (long polling) and answers as soon as a
  // matching message arrives.
  PullResult pullBlockIfNotFound(const MessageQueue& mq, const std::string& subExpression,
                                 std::int64_t offset, int maxNums);
  // Asynchronous pullBlockIfNotFound.
  void pullBlockIfNotFound(const MessageQueue& mq, const std::string& subExpression,
                           std::int64_t offset, int maxNums, PullCallback callback);

  // ---- offsets --------------------------------------------------------------
  // Records `offset` (the next to consume) for `mq`; committed later.
  void updateConsumeOffset(const MessageQueue& mq, std::int64_t offset);
  // The consume offset of `mq`: from the broker / file when `fromStore`, else
  // memory first. -1 when none is stored. Throws when the store failed.
  std::int64_t fetchConsumeOffset(const MessageQueue& mq, bool fromStore);
  // The queue's max offset (the next offset to be written).
  std::int64_t maxOffset(const MessageQueue& mq);
  // The queue's min offset.
  std::int64_t minOffset(const MessageQueue& mq);
  // The offset of the message stored nearest to `timestamp` (ms).
  std::int64_t searchOffset(const MessageQueue& mq, std::int64_t timestamp);
  // Store time (ms) of the queue's oldest message.
  std::int64_t earliestMsgStoreTime(const MessageQueue& mq);

  // Sends a message whose processing failed back for redelivery through the
  // group's retry topic (CONSUMER_SEND_MSG_BACK) after `delayLevel` (0: the
  // broker's ladder). `brokerName` empty: the broker that stored it.
  void sendMessageBack(const MessageExt& msg, int delayLevel, const std::string& brokerName = {});

  // ---- settings -------------------------------------------------------------
  // The group.
  const std::string& getConsumerGroup() const { return consumer_group_; }
  // Sets the group.
  void setConsumerGroup(std::string group) { consumer_group_ = std::move(group); }
  // CLUSTERING (default, broker offsets) or BROADCASTING (local file offsets).
  MessageModel getMessageModel() const { return message_model_; }
  // Sets the message model.
  void setMessageModel(MessageModel model) { message_model_ = model; }
  // Topics balanced among the group's members.
  const std::set<std::string>& getRegisterTopics() const { return register_topics_; }
  // Sets the balanced topics.
  void setRegisterTopics(std::set<std::string> topics) { register_topics_ = std::move(topics); }
  // The rebalance listener.
  const MessageQueueListener& getMessageQueueListener() const { return listener_; }
  // Sets the rebalance listener.
  void setMessageQueueListener(MessageQueueListener l) { listener_ = std::move(l); }
  // The allocation strategy (AllocateMessageQueueAveragely by default).
  std::shared_ptr<AllocateMessageQueueStrategy> getAllocateMessageQueueStrategy() const {
    return strategy_;
  }
  // Sets the allocation strategy.
  void setAllocateMessageQueueStrategy(std::shared_ptr<AllocateMessageQueueStrategy> s) {
    strategy_ = std::move(s);
  }
  // A custom offset store (default: by message model).
  void setOffsetStore(std::shared_ptr<OffsetStore> store) { offset_store_ = std::move(store); }
  // The offset store in use (after start()), or the custom one.
  std::shared_ptr<OffsetStore> getOffsetStore() const;
  // How long the broker may hold a pullBlockIfNotFound (20 s).
  std::chrono::milliseconds getBrokerSuspendMaxTimeMillis() const { return broker_suspend_max_; }
  // Sets the hold time.
  void setBrokerSuspendMaxTimeMillis(std::chrono::milliseconds v) { broker_suspend_max_ = v; }
  // Request timeout of a held pull (30 s; must exceed the hold time).
  std::chrono::milliseconds getConsumerTimeoutMillisWhenSuspend() const {
    return timeout_when_suspend_;
  }
  // Sets the held-pull timeout.
  void setConsumerTimeoutMillisWhenSuspend(std::chrono::milliseconds v) {
    timeout_when_suspend_ = v;
  }
  // Request timeout of a plain pull (10 s).
  std::chrono::milliseconds getConsumerPullTimeoutMillis() const { return pull_timeout_; }
  // Sets the plain pull timeout.
  void setConsumerPullTimeoutMillis(std::chrono::milliseconds v) { pull_timeout_ = v; }
  // Retries before a message sent back goes to the dead-letter queue (16).
  int getMaxReconsumeTimes() const { return max_reconsume_times_; }
  // Sets the retry limit.
  void setMaxReconsumeTimes(int v) { max_reconsume_times_ = v; }
  // Base directory of broadcasting offset files (empty: $APOGEE_LOCAL_OFFSET_STORE_DIR,
  // else ~/.rocketmq_offsets).
  const std::string& getLocalOffsetStoreDir() const { return local_offset_store_dir_; }
  // Sets the base directory of broadcasting offset files.
  void setLocalOffsetStoreDir(std::string dir) { local_offset_store_dir_ = std::move(dir); }

 private:
  std::string consumer_group_;
  MessageModel message_model_ = MessageModel::CLUSTERING;
  std::set<std::string> register_topics_;
  MessageQueueListener listener_;
  std::shared_ptr<AllocateMessageQueueStrategy> strategy_;
  std::shared_ptr<OffsetStore> offset_store_;
  std::chrono::milliseconds broker_suspend_max_{20000};
  std::chrono::milliseconds timeout_when_suspend_{30000};
  std::chrono::milliseconds pull_timeout_{10000};
  int max_reconsume_times_ = 16;
  std::string local_offset_store_dir_;
  std::shared_ptr<client::DefaultMQPullConsumerImpl> impl_;
};

}  // namespace apogee
