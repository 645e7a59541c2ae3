#include "remoting/body/topic_config.h"

#include <charconv>

#include "remoting/body/json_reader.h"

namespace apogee::remoting {
namespace {

constexpr JavaEnumNames<TopicFilterType, 2> kTopicFilterTypeNames({"SINGLE_TAG", "MULTI_TAG"});

// Integer.parseInt: an optional sign and decimal digits, within int range.
bool parseJavaInt(std::string_view text, std::int32_t& out) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

// String.split(" "): every single space separates, and trailing empty parts
// are dropped.
std::vector<std::string_view> splitOnSpace(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t space = text.find(' ', start);
    parts.push_back(
        text.substr(start, space == std::string_view::npos ? text.npos : space - start));
    if (space == std::string_view::npos) break;
    start = space + 1;
  }
  while (!parts.empty() && parts.back().empty()) parts.pop_back();
  return parts;
}

}  // namespace

std::string permToString(std::int32_t perm) {
  std::string s = "---";
  if (isReadable(perm)) s[0] = 'R';
  if (isWriteable(perm)) s[1] = 'W';
  if (isInherited(perm)) s[2] = 'X';
  return s;
}

std::string_view javaName(TopicFilterType v) { return kTopicFilterTypeNames.nameOf(v); }
bool fromJavaName(std::string_view name, TopicFilterType& out) {
  return kTopicFilterTypeNames.parse(name, out);
}

std::string TopicConfig::encodeText() const {
  std::string out = topicName;
  for (std::int32_t n : {readQueueNums, writeQueueNums, perm}) {
    out.push_back(' ');
    out += std::to_string(n);
  }
  out.push_back(' ');
  out += javaName(topicFilterType);
  if (attributes) {
    out.push_back(' ');
    JsonWriter w;
    w.map(*attributes);
    out += w.take();
  }
  return out;
}

Result<TopicConfig> TopicConfig::decodeText(std::string_view text) {
  const auto parts = splitOnSpace(text);
  if (parts.size() < 5) return Status::Corruption("topic config text has fewer than 5 parts");
  TopicConfig tc;
  tc.topicName = parts[0];
  if (!parseJavaInt(parts[1], tc.readQueueNums) || !parseJavaInt(parts[2], tc.writeQueueNums) ||
      !parseJavaInt(parts[3], tc.perm)) {
    return Status::Corruption("topic config text: bad number in \"" + std::string(text) + "\"");
  }
  if (!fromJavaName(parts[4], tc.topicFilterType)) {
    return Status::Corruption("topic config text: unknown topicFilterType " +
                              std::string(parts[4]));
  }
  if (parts.size() >= 6) {
    // Java ignores attributes it cannot parse (a space inside them splits them).
    auto doc = parseJsonBody(parts[5]);
    std::map<std::string, std::string> attributes;
    if (doc.ok() && JsonNode(*doc, "attributes").read(attributes).ok()) tc.attributes = attributes;
  }
  return tc;
}

void TopicConfig::writeJson(JsonWriter& w) const {
  w.beginObject();
  if (attributes) w.mapField("attributes", *attributes, JavaMapKind::hashMap());
  w.field("order", order)
      .field("perm", perm)
      .field("readQueueNums", readQueueNums)
      .field("topicFilterType", topicFilterType)
      .field("topicName", topicName)
      .field("topicSysFlag", topicSysFlag)
      .field("writeQueueNums", writeQueueNums)
      .endObject();
}

Status TopicConfig::readJson(const JsonNode& n, TopicConfig& out) {
  APOGEE_RETURN_IF_ERROR(n.field("attributes", out.attributes));
  APOGEE_RETURN_IF_ERROR(n.field("order", out.order));
  APOGEE_RETURN_IF_ERROR(n.field("perm", out.perm));
  APOGEE_RETURN_IF_ERROR(n.field("readQueueNums", out.readQueueNums));
  APOGEE_RETURN_IF_ERROR(n.field("topicFilterType", out.topicFilterType));
  APOGEE_RETURN_IF_ERROR(n.field("topicName", out.topicName));
  APOGEE_RETURN_IF_ERROR(n.field("topicSysFlag", out.topicSysFlag));
  return n.field("writeQueueNums", out.writeQueueNums);
}

std::string TopicConfig::toJson() const { return encodeJsonBody(*this); }
Result<TopicConfig> TopicConfig::fromJson(std::string_view body) {
  return decodeJsonBody<TopicConfig>(body);
}

void DataVersion::writeJson(JsonWriter& w) const {
  w.beginObject()
      .field("counter", counter)
      .field("stateVersion", stateVersion)
      .field("timestamp", timestamp)
      .endObject();
}

Status DataVersion::readJson(const JsonNode& n, DataVersion& out) {
  APOGEE_RETURN_IF_ERROR(n.field("counter", out.counter));
  APOGEE_RETURN_IF_ERROR(n.field("stateVersion", out.stateVersion));
  return n.field("timestamp", out.timestamp);
}

std::string DataVersion::toJson() const { return encodeJsonBody(*this); }
Result<DataVersion> DataVersion::fromJson(std::string_view body) {
  return decodeJsonBody<DataVersion>(body);
}

void TopicConfigSerializeWrapper::writeJson(JsonWriter& w) const {
  w.beginObject()
      .field("dataVersion", dataVersion)
      .mapField("topicConfigTable", topicConfigTable, JavaMapKind::concurrentHashMap(2048))
      .endObject();
}

Status TopicConfigSerializeWrapper::readJson(const JsonNode& n, TopicConfigSerializeWrapper& out) {
  APOGEE_RETURN_IF_ERROR(n.field("dataVersion", out.dataVersion));
  return n.field("topicConfigTable", out.topicConfigTable);
}

std::string TopicConfigSerializeWrapper::toJson() const { return encodeJsonBody(*this); }
Result<TopicConfigSerializeWrapper> TopicConfigSerializeWrapper::fromJson(std::string_view body) {
  return decodeJsonBody<TopicConfigSerializeWrapper>(body);
}

void KVTable::writeJson(JsonWriter& w) const {
  w.beginObject().mapField("table", table, JavaMapKind::hashMap()).endObject();
}

Status KVTable::readJson(const JsonNode& n, KVTable& out) { return n.field("table", out.table); }

std::string KVTable::toJson() const { return encodeJsonBody(*this); }
Result<KVTable> KVTable::fromJson(std::string_view body) { return decodeJsonBody<KVTable>(body); }

void TopicList::writeJson(JsonWriter& w) const {
  w.beginObject().field("brokerAddr", brokerAddr).field("topicList", topicList).endObject();
}

Status TopicList::readJson(const JsonNode& n, TopicList& out) {
  APOGEE_RETURN_IF_ERROR(n.field("brokerAddr", out.brokerAddr));
  return n.field("topicList", out.topicList);
}

std::string TopicList::toJson() const { return encodeJsonBody(*this); }
Result<TopicList> TopicList::fromJson(std::string_view body) {
  return decodeJsonBody<TopicList>(body);
}

void GroupList::writeJson(JsonWriter& w) const {
  w.beginObject().field("groupList", groupList).endObject();
}

Status GroupList::readJson(const JsonNode& n, GroupList& out) {
  return n.field("groupList", out.groupList);
}

std::string GroupList::toJson() const { return encodeJsonBody(*this); }
Result<GroupList> GroupList::fromJson(std::string_view body) {
  return decodeJsonBody<GroupList>(body);
}

}  // namespace apogee::remoting
