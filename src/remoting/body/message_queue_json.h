#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "remoting/body/json_writer.h"

namespace apogee::remoting {

class JsonNode;

// A message queue as the protocol names it: (topic, brokerName, queueId).
// Ordered like Java's MessageQueue.compareTo (topic, then brokerName, then
// queueId) and hashable, so it can key std::map and std::unordered_map.
// JSON: {"brokerName":"broker-a","queueId":0,"topic":"T"}. As a key of a
// Java map it is written as that object, bare (rocketmq-protocol.md 3.6.3).
struct MessageQueueKey {
  std::string topic;
  std::string brokerName;
  std::int32_t queueId = 0;

  friend auto operator<=>(const MessageQueueKey&, const MessageQueueKey&) = default;
  friend bool operator==(const MessageQueueKey&, const MessageQueueKey&) = default;

  // Java's MessageQueue.hashCode, which decides where Java maps put it.
  std::int32_t javaHashCode() const;

  std::string toJson() const;
  static Result<MessageQueueKey> fromJson(std::string_view text);

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, MessageQueueKey& out);
};

// LOCK_BATCH_MQ (41) request body.
struct LockBatchRequestBody {
  std::string clientId;
  std::string consumerGroup;
  std::vector<MessageQueueKey> mqSet;  // a Java Set: written in this order
  std::optional<bool> onlyThisBroker;  // 5.x; 4.9.x does not send it

  std::string toJson() const;
  static Result<LockBatchRequestBody> fromJson(std::string_view body);

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, LockBatchRequestBody& out);
  friend bool operator==(const LockBatchRequestBody&, const LockBatchRequestBody&) = default;
};

// UNLOCK_BATCH_MQ (42) request body: the same fields as the lock request.
struct UnlockBatchRequestBody : LockBatchRequestBody {
  static Result<UnlockBatchRequestBody> fromJson(std::string_view body);
};

// LOCK_BATCH_MQ (41) response body: the queues the broker locked.
struct LockBatchResponseBody {
  std::vector<MessageQueueKey> lockOKMQSet;

  std::string toJson() const;
  static Result<LockBatchResponseBody> fromJson(std::string_view body);

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, LockBatchResponseBody& out);
  friend bool operator==(const LockBatchResponseBody&, const LockBatchResponseBody&) = default;
};

}  // namespace apogee::remoting

template <>
struct std::hash<apogee::remoting::MessageQueueKey> {
  std::size_t operator()(const apogee::remoting::MessageQueueKey& mq) const noexcept;
};
