#include "remoting/body/message_queue_json.h"

#include "remoting/body/json_reader.h"

namespace apogee::remoting {

std::int32_t MessageQueueKey::javaHashCode() const {
  // 31-based, brokerName then queueId then topic, starting from 1.
  std::uint32_t h = 1;
  h = 31 * h + static_cast<std::uint32_t>(javaStringHashCode(brokerName));
  h = 31 * h + static_cast<std::uint32_t>(queueId);
  h = 31 * h + static_cast<std::uint32_t>(javaStringHashCode(topic));
  return static_cast<std::int32_t>(h);
}

void MessageQueueKey::writeJson(JsonWriter& w) const {
  w.beginObject()
      .field("brokerName", brokerName)
      .field("queueId", queueId)
      .field("topic", topic)
      .endObject();
}

Status MessageQueueKey::readJson(const JsonNode& n, MessageQueueKey& out) {
  APOGEE_RETURN_IF_ERROR(n.field("brokerName", out.brokerName));
  APOGEE_RETURN_IF_ERROR(n.field("queueId", out.queueId));
  return n.field("topic", out.topic);
}

std::string MessageQueueKey::toJson() const { return encodeJsonBody(*this); }

Result<MessageQueueKey> MessageQueueKey::fromJson(std::string_view text) {
  return decodeJsonBody<MessageQueueKey>(text);
}

void LockBatchRequestBody::writeJson(JsonWriter& w) const {
  w.beginObject()
      .field("clientId", clientId)
      .field("consumerGroup", consumerGroup)
      .field("mqSet", mqSet)
      .field("onlyThisBroker", onlyThisBroker)
      .endObject();
}

Status LockBatchRequestBody::readJson(const JsonNode& n, LockBatchRequestBody& out) {
  APOGEE_RETURN_IF_ERROR(n.field("clientId", out.clientId));
  APOGEE_RETURN_IF_ERROR(n.field("consumerGroup", out.consumerGroup));
  APOGEE_RETURN_IF_ERROR(n.field("mqSet", out.mqSet));
  return n.field("onlyThisBroker", out.onlyThisBroker);
}

std::string LockBatchRequestBody::toJson() const { return encodeJsonBody(*this); }

Result<LockBatchRequestBody> LockBatchRequestBody::fromJson(std::string_view body) {
  return decodeJsonBody<LockBatchRequestBody>(body);
}

Result<UnlockBatchRequestBody> UnlockBatchRequestBody::fromJson(std::string_view body) {
  return decodeJsonBody<UnlockBatchRequestBody>(body);
}

void LockBatchResponseBody::writeJson(JsonWriter& w) const {
  w.beginObject().field("lockOKMQSet", lockOKMQSet).endObject();
}

Status LockBatchResponseBody::readJson(const JsonNode& n, LockBatchResponseBody& out) {
  return n.field("lockOKMQSet", out.lockOKMQSet);
}

std::string LockBatchResponseBody::toJson() const { return encodeJsonBody(*this); }

Result<LockBatchResponseBody> LockBatchResponseBody::fromJson(std::string_view body) {
  return decodeJsonBody<LockBatchResponseBody>(body);
}

}  // namespace apogee::remoting

std::size_t std::hash<apogee::remoting::MessageQueueKey>::operator()(
    const apogee::remoting::MessageQueueKey& mq) const noexcept {
  std::size_t h = std::hash<std::string>()(mq.topic);
  h = h * 1000003 ^ std::hash<std::string>()(mq.brokerName);
  return h * 1000003 ^ std::hash<std::int32_t>()(mq.queueId);
}
