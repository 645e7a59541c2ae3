#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "apogee/consumer_types.h"
#include "apogee/message_ext.h"
#include "apogee/message_queue.h"
#include "remoting/body/heartbeat.h"

// What an MQClientInstance needs from the producers and consumers registered
// with it (RocketMQ's MQProducerInner / MQConsumerInner). The instance calls
// these from its scheduler thread and from the broker->client processor, never
// while holding its own locks; implementations must be thread-safe.
namespace apogee::client {

class TopicPublishInfo;

class MQProducerInner {
 public:
  virtual ~MQProducerInner() = default;
  // Topics this producer has sent to (their routes are refreshed).
  virtual std::vector<std::string> getPublishTopicList() const = 0;
  // Whether the producer lacks usable publish info for `topic`.
  virtual bool isPublishTopicNeedUpdate(const std::string& topic) const = 0;
  // A new route for `topic`.
  virtual void updateTopicPublishInfo(const std::string& topic,
                                      std::shared_ptr<const TopicPublishInfo> info) = 0;
};

class MQConsumerInner {
 public:
  virtual ~MQConsumerInner() = default;
  virtual std::string groupName() const = 0;
  virtual MessageModel messageModel() const = 0;
  virtual remoting::ConsumeType consumeType() const = 0;
  virtual ConsumeFromWhere consumeFromWhere() const = 0;
  virtual bool isUnitMode() const { return false; }
  // The subscriptions sent in heartbeats; their topics' routes are refreshed.
  virtual std::vector<remoting::SubscriptionData> subscriptions() const = 0;
  // The readable queues of `topic` changed (or were first learnt).
  virtual void updateTopicSubscribeInfo(const std::string& topic,
                                        const std::set<MessageQueue>& queues) = 0;
  // Whether the consumer lacks subscribe info for `topic`.
  virtual bool isSubscribeTopicNeedUpdate(const std::string& topic) const = 0;
  // Rebalance now (periodically, at start, and on NOTIFY_CONSUMER_IDS_CHANGED).
  virtual void doRebalance() = 0;
  // Commit offsets to the brokers (every persistConsumerOffsetInterval and
  // at shutdown).
  virtual void persistConsumerOffset() = 0;
  // GET_CONSUMER_RUNNING_INFO: the ConsumerRunningInfo JSON, or nullopt.
  virtual std::optional<std::string> consumerRunningInfo([[maybe_unused]] bool jstack) {
    return std::nullopt;
  }
  // CONSUME_MESSAGE_DIRECTLY: the ConsumeMessageDirectlyResult JSON, or nullopt.
  virtual std::optional<std::string> consumeMessageDirectly(
      [[maybe_unused]] const MessageExt& msg, [[maybe_unused]] const std::string& brokerName) {
    return std::nullopt;
  }
  // RESET_CONSUMER_CLIENT_OFFSET for `topic`.
  virtual void resetOffset([[maybe_unused]] const std::string& topic,
                           [[maybe_unused]] const std::map<MessageQueue, std::int64_t>& offsets) {}
};

}  // namespace apogee::client
