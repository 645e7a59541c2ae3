#include "remoting/body/admin_bodies.h"

#include "remoting/body/json_reader.h"

namespace apogee::remoting {

std::string_view javaName(LanguageCode v) { return languageName(v); }

bool fromJavaName(std::string_view name, LanguageCode& out) {
  const auto code = languageFromName(name);
  if (code) out = *code;
  return code.has_value();
}

void TopicOffset::writeJson(JsonWriter& w) const {
  w.beginObject()
      .field("lastUpdateTimestamp", lastUpdateTimestamp)
      .field("maxOffset", maxOffset)
      .field("minOffset", minOffset)
      .endObject();
}

Status TopicOffset::readJson(const JsonNode& n, TopicOffset& out) {
  APOGEE_RETURN_IF_ERROR(n.field("lastUpdateTimestamp", out.lastUpdateTimestamp));
  APOGEE_RETURN_IF_ERROR(n.field("maxOffset", out.maxOffset));
  return n.field("minOffset", out.minOffset);
}

void TopicStatsTable::writeJson(JsonWriter& w) const {
  w.beginObject()
      .mapField("offsetTable", offsetTable, JavaMapKind::hashMap())
      .field("topicPutTps", topicPutTps)
      .endObject();
}

Status TopicStatsTable::readJson(const JsonNode& n, TopicStatsTable& out) {
  APOGEE_RETURN_IF_ERROR(n.field("offsetTable", out.offsetTable));
  return n.field("topicPutTps", out.topicPutTps);
}

std::string TopicStatsTable::toJson(ObjectKeyStyle keys) const {
  return encodeJsonBody(*this, {.objectKeys = keys});
}

Result<TopicStatsTable> TopicStatsTable::fromJson(std::string_view body) {
  return decodeJsonBody<TopicStatsTable>(body);
}

void OffsetWrapper::writeJson(JsonWriter& w) const {
  w.beginObject()
      .field("brokerOffset", brokerOffset)
      .field("consumerOffset", consumerOffset)
      .field("lastTimestamp", lastTimestamp)
      .field("pullOffset", pullOffset)
      .endObject();
}

Status OffsetWrapper::readJson(const JsonNode& n, OffsetWrapper& out) {
  APOGEE_RETURN_IF_ERROR(n.field("brokerOffset", out.brokerOffset));
  APOGEE_RETURN_IF_ERROR(n.field("consumerOffset", out.consumerOffset));
  APOGEE_RETURN_IF_ERROR(n.field("lastTimestamp", out.lastTimestamp));
  return n.field("pullOffset", out.pullOffset);
}

void ConsumeStats::writeJson(JsonWriter& w) const {
  w.beginObject()
      .field("consumeTps", consumeTps)
      .mapField("offsetTable", offsetTable, JavaMapKind::hashMap())
      .endObject();
}

Status ConsumeStats::readJson(const JsonNode& n, ConsumeStats& out) {
  APOGEE_RETURN_IF_ERROR(n.field("consumeTps", out.consumeTps));
  return n.field("offsetTable", out.offsetTable);
}

std::string ConsumeStats::toJson(ObjectKeyStyle keys) const {
  return encodeJsonBody(*this, {.objectKeys = keys});
}

Result<ConsumeStats> ConsumeStats::fromJson(std::string_view body) {
  return decodeJsonBody<ConsumeStats>(body);
}

void ConnectionInfo::writeJson(JsonWriter& w) const {
  w.beginObject()
      .field("clientAddr", clientAddr)
      .field("clientId", clientId)
      .field("language", language)
      .field("version", version)
      .endObject();
}

Status ConnectionInfo::readJson(const JsonNode& n, ConnectionInfo& out) {
  APOGEE_RETURN_IF_ERROR(n.field("clientAddr", out.clientAddr));
  APOGEE_RETURN_IF_ERROR(n.field("clientId", out.clientId));
  APOGEE_RETURN_IF_ERROR(n.field("language", out.language));
  return n.field("version", out.version);
}

void ConsumerConnection::writeJson(JsonWriter& w) const {
  w.beginObject()
      .field("connectionSet", connectionSet)
      .field("consumeFromWhere", consumeFromWhere)
      .field("consumeType", consumeType)
      .field("messageModel", messageModel)
      .mapField("subscriptionTable", subscriptionTable, JavaMapKind::concurrentHashMap())
      .endObject();
}

Status ConsumerConnection::readJson(const JsonNode& n, ConsumerConnection& out) {
  APOGEE_RETURN_IF_ERROR(n.field("connectionSet", out.connectionSet));
  APOGEE_RETURN_IF_ERROR(n.field("consumeFromWhere", out.consumeFromWhere));
  APOGEE_RETURN_IF_ERROR(n.field("consumeType", out.consumeType));
  APOGEE_RETURN_IF_ERROR(n.field("messageModel", out.messageModel));
  return n.field("subscriptionTable", out.subscriptionTable);
}

std::string ConsumerConnection::toJson() const { return encodeJsonBody(*this); }

Result<ConsumerConnection> ConsumerConnection::fromJson(std::string_view body) {
  return decodeJsonBody<ConsumerConnection>(body);
}

void ProducerConnection::writeJson(JsonWriter& w) const {
  w.beginObject().field("connectionSet", connectionSet).endObject();
}

Status ProducerConnection::readJson(const JsonNode& n, ProducerConnection& out) {
  return n.field("connectionSet", out.connectionSet);
}

std::string ProducerConnection::toJson() const { return encodeJsonBody(*this); }

Result<ProducerConnection> ProducerConnection::fromJson(std::string_view body) {
  return decodeJsonBody<ProducerConnection>(body);
}

}  // namespace apogee::remoting
