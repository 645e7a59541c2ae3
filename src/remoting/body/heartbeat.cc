#include "remoting/body/heartbeat.h"

#include <chrono>
#include <set>

#include "remoting/body/json_reader.h"

namespace apogee::remoting {
namespace {

constexpr JavaEnumNames<ConsumeType, 3> kConsumeTypeNames({"CONSUME_ACTIVELY", "CONSUME_PASSIVELY",
                                                           "CONSUME_POP"});
constexpr JavaEnumNames<MessageModel, 2> kMessageModelNames({"BROADCASTING", "CLUSTERING"});
constexpr JavaEnumNames<ConsumeFromWhere, 6> kConsumeFromWhereNames({
    "CONSUME_FROM_LAST_OFFSET",
    "CONSUME_FROM_LAST_OFFSET_AND_FROM_MIN_WHEN_BOOT_FIRST",
    "CONSUME_FROM_MIN_OFFSET",
    "CONSUME_FROM_MAX_OFFSET",
    "CONSUME_FROM_FIRST_OFFSET",
    "CONSUME_FROM_TIMESTAMP",
});

// Java's String.trim: drops leading and trailing chars <= ' '.
std::string_view javaTrim(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

std::int64_t nowMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

std::string_view javaName(ConsumeType v) { return kConsumeTypeNames.nameOf(v); }
std::string_view javaName(MessageModel v) { return kMessageModelNames.nameOf(v); }
std::string_view javaName(ConsumeFromWhere v) { return kConsumeFromWhereNames.nameOf(v); }
bool fromJavaName(std::string_view name, ConsumeType& out) {
  return kConsumeTypeNames.parse(name, out);
}
bool fromJavaName(std::string_view name, MessageModel& out) {
  return kMessageModelNames.parse(name, out);
}
bool fromJavaName(std::string_view name, ConsumeFromWhere& out) {
  return kConsumeFromWhereNames.parse(name, out);
}

Result<SubscriptionData> buildSubscriptionData(std::string_view topic, std::string_view expression,
                                               std::string_view expression_type,
                                               std::optional<std::int64_t> sub_version) {
  SubscriptionData sd;
  sd.topic = topic;
  sd.subString = expression;
  sd.subVersion = sub_version.value_or(nowMillis());
  if (!expression_type.empty() && expression_type != kExpressionTypeTag) {
    if (expression.empty()) {
      return Status::InvalidArgument("empty " + std::string(expression_type) + " expression");
    }
    sd.expressionType = expression_type;
    return sd;
  }
  if (expression.empty() || expression == kSubAll) {
    sd.subString = kSubAll;
    return sd;
  }
  std::vector<std::string> tags;
  bool all_parts_empty = true;
  for (std::string_view rest = expression;;) {
    const std::size_t bar = rest.find("||");
    const std::string_view part = rest.substr(0, bar);
    if (!part.empty()) all_parts_empty = false;
    const std::string_view tag = javaTrim(part);
    if (!tag.empty()) tags.emplace_back(tag);
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 2);
  }
  // Java's split drops trailing empty parts; with nothing left it gives up.
  if (all_parts_empty)
    return Status::InvalidArgument("subscription expression has no parts: " +
                                   std::string(expression));
  sd.tagsSet = javaHashSetOrder(tags);
  std::set<std::int32_t> seen;
  for (const auto& tag : tags) {  // insertion order, as Java adds them
    const std::int32_t code = javaStringHashCode(tag);
    if (seen.insert(code).second) sd.codeSet.push_back(code);
  }
  sortInJavaHashOrder(
      sd.codeSet, [](std::int32_t code) { return code; }, JavaMapKind::hashMap());
  return sd;
}

void SubscriptionData::writeJson(JsonWriter& w) const {
  w.beginObject()
      .field("classFilterMode", classFilterMode)
      .field("codeSet", codeSet)
      .field("expressionType", expressionType)
      .field("subString", subString)
      .field("subVersion", subVersion)
      .field("tagsSet", tagsSet)
      .field("topic", topic)
      .endObject();
}

Status SubscriptionData::readJson(const JsonNode& n, SubscriptionData& out) {
  APOGEE_RETURN_IF_ERROR(n.field("classFilterMode", out.classFilterMode));
  APOGEE_RETURN_IF_ERROR(n.field("codeSet", out.codeSet));
  APOGEE_RETURN_IF_ERROR(n.field("expressionType", out.expressionType));
  APOGEE_RETURN_IF_ERROR(n.field("subString", out.subString));
  APOGEE_RETURN_IF_ERROR(n.field("subVersion", out.subVersion));
  APOGEE_RETURN_IF_ERROR(n.field("tagsSet", out.tagsSet));
  return n.field("topic", out.topic);
}

void ProducerData::writeJson(JsonWriter& w) const {
  w.beginObject().field("groupName", groupName).endObject();
}

Status ProducerData::readJson(const JsonNode& n, ProducerData& out) {
  return n.field("groupName", out.groupName);
}

void ConsumerData::writeJson(JsonWriter& w) const {
  w.beginObject()
      .field("consumeFromWhere", consumeFromWhere)
      .field("consumeType", consumeType)
      .field("groupName", groupName)
      .field("messageModel", messageModel)
      .field("subscriptionDataSet", subscriptionDataSet)
      .field("unitMode", unitMode)
      .endObject();
}

Status ConsumerData::readJson(const JsonNode& n, ConsumerData& out) {
  APOGEE_RETURN_IF_ERROR(n.field("consumeFromWhere", out.consumeFromWhere));
  APOGEE_RETURN_IF_ERROR(n.field("consumeType", out.consumeType));
  APOGEE_RETURN_IF_ERROR(n.field("groupName", out.groupName));
  APOGEE_RETURN_IF_ERROR(n.field("messageModel", out.messageModel));
  APOGEE_RETURN_IF_ERROR(n.field("subscriptionDataSet", out.subscriptionDataSet));
  return n.field("unitMode", out.unitMode);
}

void HeartbeatData::writeJson(JsonWriter& w) const {
  w.beginObject()
      .field("clientID", clientID)
      .field("consumerDataSet", consumerDataSet)
      .field("heartbeatFingerprint", heartbeatFingerprint)
      .field("producerDataSet", producerDataSet)
      .field("withoutSub", withoutSub)
      .endObject();
}

Status HeartbeatData::readJson(const JsonNode& n, HeartbeatData& out) {
  APOGEE_RETURN_IF_ERROR(n.field("clientID", out.clientID));
  APOGEE_RETURN_IF_ERROR(n.field("consumerDataSet", out.consumerDataSet));
  APOGEE_RETURN_IF_ERROR(n.field("heartbeatFingerprint", out.heartbeatFingerprint));
  APOGEE_RETURN_IF_ERROR(n.field("producerDataSet", out.producerDataSet));
  return n.field("withoutSub", out.withoutSub);
}

std::string HeartbeatData::toJson() const { return encodeJsonBody(*this); }

Result<HeartbeatData> HeartbeatData::fromJson(std::string_view body) {
  return decodeJsonBody<HeartbeatData>(body);
}

void ConsumerIdList::writeJson(JsonWriter& w) const {
  w.beginObject().field("consumerIdList", consumerIdList).endObject();
}

Status ConsumerIdList::readJson(const JsonNode& n, ConsumerIdList& out) {
  return n.field("consumerIdList", out.consumerIdList);
}

std::string ConsumerIdList::toJson() const { return encodeJsonBody(*this); }

Result<ConsumerIdList> ConsumerIdList::fromJson(std::string_view body) {
  return decodeJsonBody<ConsumerIdList>(body);
}

}  // namespace apogee::remoting
