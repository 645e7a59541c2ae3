#include "remoting/body/offset_bodies.h"

#include "remoting/body/json_reader.h"

namespace apogee::remoting {

void ResetOffsetBody::writeJson(JsonWriter& w) const {
  w.beginObject().mapField("offsetTable", offsetTable, JavaMapKind::hashMap()).endObject();
}

Status ResetOffsetBody::readJson(const JsonNode& n, ResetOffsetBody& out) {
  return n.field("offsetTable", out.offsetTable);
}

std::string ResetOffsetBody::toJson(ObjectKeyStyle keys) const {
  return encodeJsonBody(*this, {.objectKeys = keys});
}

Result<ResetOffsetBody> ResetOffsetBody::fromJson(std::string_view body) {
  return decodeJsonBody<ResetOffsetBody>(body);
}

void MessageQueueForC::writeJson(JsonWriter& w) const {
  w.beginObject()
      .field("brokerName", brokerName)
      .field("offset", offset)
      .field("queueId", queueId)
      .field("topic", topic)
      .endObject();
}

Status MessageQueueForC::readJson(const JsonNode& n, MessageQueueForC& out) {
  APOGEE_RETURN_IF_ERROR(n.field("brokerName", out.brokerName));
  APOGEE_RETURN_IF_ERROR(n.field("offset", out.offset));
  APOGEE_RETURN_IF_ERROR(n.field("queueId", out.queueId));
  return n.field("topic", out.topic);
}

void ResetOffsetBodyForC::writeJson(JsonWriter& w) const {
  w.beginObject().field("offsetTable", offsetTable).endObject();
}

Status ResetOffsetBodyForC::readJson(const JsonNode& n, ResetOffsetBodyForC& out) {
  return n.field("offsetTable", out.offsetTable);
}

std::string ResetOffsetBodyForC::toJson() const { return encodeJsonBody(*this); }

Result<ResetOffsetBodyForC> ResetOffsetBodyForC::fromJson(std::string_view body) {
  return decodeJsonBody<ResetOffsetBodyForC>(body);
}

void GetConsumerStatusBody::writeJson(JsonWriter& w) const {
  w.beginObject()
      .mapField("consumerTable", consumerTable, JavaMapKind::hashMap())
      .mapField("messageQueueTable", messageQueueTable, JavaMapKind::hashMap())
      .endObject();
}

Status GetConsumerStatusBody::readJson(const JsonNode& n, GetConsumerStatusBody& out) {
  APOGEE_RETURN_IF_ERROR(n.field("consumerTable", out.consumerTable));
  return n.field("messageQueueTable", out.messageQueueTable);
}

std::string GetConsumerStatusBody::toJson(ObjectKeyStyle keys) const {
  return encodeJsonBody(*this, {.objectKeys = keys});
}

Result<GetConsumerStatusBody> GetConsumerStatusBody::fromJson(std::string_view body) {
  return decodeJsonBody<GetConsumerStatusBody>(body);
}

}  // namespace apogee::remoting
