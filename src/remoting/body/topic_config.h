#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "remoting/body/json_writer.h"

namespace apogee::remoting {

class JsonNode;

// PermName: the permission bits of a topic (TopicConfig.perm, QueueData.perm).
inline constexpr std::int32_t kPermPriority = 8;
inline constexpr std::int32_t kPermRead = 4;
inline constexpr std::int32_t kPermWrite = 2;
inline constexpr std::int32_t kPermInherit = 1;

constexpr bool isReadable(std::int32_t perm) { return (perm & kPermRead) == kPermRead; }
constexpr bool isWriteable(std::int32_t perm) { return (perm & kPermWrite) == kPermWrite; }
constexpr bool isInherited(std::int32_t perm) { return (perm & kPermInherit) == kPermInherit; }
constexpr bool isPriority(std::int32_t perm) { return (perm & kPermPriority) == kPermPriority; }
// PermName.perm2String: "RWX" with '-' for each bit not set (X = inherit).
std::string permToString(std::int32_t perm);

enum class TopicFilterType { SINGLE_TAG, MULTI_TAG };
std::string_view javaName(TopicFilterType v);
bool fromJavaName(std::string_view name, TopicFilterType& out);

// A broker's configuration of one topic.
struct TopicConfig {
  std::optional<std::map<std::string, std::string>> attributes;  // 5.x only
  bool order = false;
  std::int32_t perm = kPermRead | kPermWrite;
  std::int32_t readQueueNums = 16;
  TopicFilterType topicFilterType = TopicFilterType::SINGLE_TAG;
  std::string topicName;
  std::int32_t topicSysFlag = 0;
  std::int32_t writeQueueNums = 16;

  // TopicConfig.encode(), the text the compressed RegisterBrokerBody carries:
  // "topicName readQueueNums writeQueueNums perm topicFilterType", plus
  // " " and the attributes JSON when attributes are set (5.x). `order` and
  // topicSysFlag are not in it.
  std::string encodeText() const;
  // TopicConfig.decode(): at least five space-separated parts; an attributes
  // part that does not parse is ignored, as in Java.
  static Result<TopicConfig> decodeText(std::string_view text);

  std::string toJson() const;
  static Result<TopicConfig> fromJson(std::string_view body);

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, TopicConfig& out);
  friend bool operator==(const TopicConfig&, const TopicConfig&) = default;
};

// A version stamp of a broker's topic configuration.
struct DataVersion {
  std::int64_t counter = 0;
  std::optional<std::int64_t> stateVersion;  // 5.x
  std::int64_t timestamp = 0;                // ms

  std::string toJson() const;
  static Result<DataVersion> fromJson(std::string_view body);

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, DataVersion& out);
  friend bool operator==(const DataVersion&, const DataVersion&) = default;
};

// A broker's topic table with its version. Java keeps the table in a
// ConcurrentHashMap(1024), whose order the JSON follows.
struct TopicConfigSerializeWrapper {
  DataVersion dataVersion;
  std::map<std::string, TopicConfig> topicConfigTable;

  std::string toJson() const;
  static Result<TopicConfigSerializeWrapper> fromJson(std::string_view body);

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, TopicConfigSerializeWrapper& out);
  friend bool operator==(const TopicConfigSerializeWrapper&,
                         const TopicConfigSerializeWrapper&) = default;
};

// Key-value pairs, {"table":{...}}: the REGISTER_BROKER (103) response and
// the GET_BROKER_RUNTIME_INFO (28) response.
struct KVTable {
  std::map<std::string, std::string> table;

  std::string toJson() const;
  static Result<KVTable> fromJson(std::string_view body);

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, KVTable& out);
  friend bool operator==(const KVTable&, const KVTable&) = default;
};

// {"topicList":[...]}: GET_ALL_TOPIC_LIST_FROM_NAMESERVER (206) and
// friends. Java holds a HashSet; javaHashSetOrder gives its order.
struct TopicList {
  std::optional<std::string> brokerAddr;
  std::vector<std::string> topicList;

  std::string toJson() const;
  static Result<TopicList> fromJson(std::string_view body);

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, TopicList& out);
  friend bool operator==(const TopicList&, const TopicList&) = default;
};

// {"groupList":[...]}: QUERY_TOPIC_CONSUME_BY_WHO (300) response.
struct GroupList {
  std::vector<std::string> groupList;

  std::string toJson() const;
  static Result<GroupList> fromJson(std::string_view body);

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, GroupList& out);
  friend bool operator==(const GroupList&, const GroupList&) = default;
};

}  // namespace apogee::remoting
