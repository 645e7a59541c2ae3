#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace apogee {

// One queue of a topic on one broker group: (topic, brokerName, queueId).
// Ordered like RocketMQ's MessageQueue.compareTo (topic, then broker name,
// then queue id), equality-comparable and hashable (std::hash below), so it
// works as a key of ordered and unordered containers. A plain value type.
class MessageQueue {
 public:
  // An empty queue (queue id 0).
  MessageQueue() = default;
  // A queue of `topic` on broker group `brokerName`.
  MessageQueue(std::string topic, std::string brokerName, std::int32_t queueId)
      : topic_(std::move(topic)), broker_name_(std::move(brokerName)), queue_id_(queueId) {}

  // The topic.
  const std::string& getTopic() const noexcept { return topic_; }
  // Sets the topic.
  void setTopic(std::string topic) { topic_ = std::move(topic); }
  // The broker group's name (not an address).
  const std::string& getBrokerName() const noexcept { return broker_name_; }
  // Sets the broker group's name.
  void setBrokerName(std::string name) { broker_name_ = std::move(name); }
  // The queue id within the topic on that broker.
  std::int32_t getQueueId() const noexcept { return queue_id_; }
  // Sets the queue id.
  void setQueueId(std::int32_t id) noexcept { queue_id_ = id; }

  // "MessageQueue [topic=T, brokerName=b, queueId=0]", as in RocketMQ.
  std::string toString() const;

  // Topic, then broker name, then queue id.
  friend std::strong_ordering operator<=>(const MessageQueue&, const MessageQueue&) = default;
  // Same topic, broker name and queue id.
  friend bool operator==(const MessageQueue&, const MessageQueue&) = default;

 private:
  std::string topic_;
  std::string broker_name_;
  std::int32_t queue_id_ = 0;
};

}  // namespace apogee

// Hash of all three fields, for unordered containers.
template <>
struct std::hash<apogee::MessageQueue> {
  std::size_t operator()(const apogee::MessageQueue& mq) const noexcept {
    std::size_t h = std::hash<std::string>{}(mq.getTopic());
    h ^= std::hash<std::string>{}(mq.getBrokerName()) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h ^= std::hash<std::int32_t>{}(mq.getQueueId()) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h;
  }
};
