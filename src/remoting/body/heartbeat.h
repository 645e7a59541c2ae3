#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "remoting/body/java_compat.h"
#include "remoting/body/json_writer.h"

namespace apogee::remoting {

class JsonNode;

// Consumer enums. The enumerators are the Java names, which is also what the
// JSON carries.
enum class ConsumeType { CONSUME_ACTIVELY, CONSUME_PASSIVELY, CONSUME_POP };  // pull, push, 5.x pop
enum class MessageModel { BROADCASTING, CLUSTERING };
enum class ConsumeFromWhere {
  CONSUME_FROM_LAST_OFFSET,
  CONSUME_FROM_LAST_OFFSET_AND_FROM_MIN_WHEN_BOOT_FIRST,  // deprecated in Java
  CONSUME_FROM_MIN_OFFSET,                                // deprecated in Java
  CONSUME_FROM_MAX_OFFSET,                                // deprecated in Java
  CONSUME_FROM_FIRST_OFFSET,
  CONSUME_FROM_TIMESTAMP,
};

std::string_view javaName(ConsumeType v);
std::string_view javaName(MessageModel v);
std::string_view javaName(ConsumeFromWhere v);
// False when `name` is not one of the Java names.
bool fromJavaName(std::string_view name, ConsumeType& out);
bool fromJavaName(std::string_view name, MessageModel& out);
bool fromJavaName(std::string_view name, ConsumeFromWhere& out);

inline constexpr std::string_view kSubAll = "*";
inline constexpr std::string_view kExpressionTypeTag = "TAG";
inline constexpr std::string_view kExpressionTypeSql92 = "SQL92";

// One subscription of a consumer group (rocketmq-protocol.md 3.6.2).
struct SubscriptionData {
  bool classFilterMode = false;
  std::vector<std::int32_t> codeSet;  // Java String.hashCode of each tag
  std::string expressionType{kExpressionTypeTag};
  std::string subString;
  std::int64_t subVersion = 0;  // ms timestamp of when it was built
  std::vector<std::string> tagsSet;
  std::string topic;

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, SubscriptionData& out);
  friend bool operator==(const SubscriptionData&, const SubscriptionData&) = default;
};

// Java's FilterAPI.buildSubscriptionData. For TAG expressions: an empty
// expression or "*" subscribes to everything (subString "*", no tags);
// otherwise the expression is split on "||", each part trimmed as Java's
// String.trim does (bytes <= ' '), empty parts dropped, and each tag and its
// hash code recorded, in the order Java's HashSets would write them. An
// expression made only of "||" separators is InvalidArgument, as in Java.
// Other expression types (SQL92) keep the expression as it is, with no tags.
// `sub_version` defaults to the current time in ms.
Result<SubscriptionData> buildSubscriptionData(
    std::string_view topic, std::string_view expression,
    std::string_view expression_type = kExpressionTypeTag,
    std::optional<std::int64_t> sub_version = std::nullopt);

struct ProducerData {
  std::string groupName;

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, ProducerData& out);
  friend bool operator==(const ProducerData&, const ProducerData&) = default;
};

struct ConsumerData {
  ConsumeFromWhere consumeFromWhere = ConsumeFromWhere::CONSUME_FROM_LAST_OFFSET;
  ConsumeType consumeType = ConsumeType::CONSUME_PASSIVELY;
  std::string groupName;
  MessageModel messageModel = MessageModel::CLUSTERING;
  std::vector<SubscriptionData> subscriptionDataSet;
  bool unitMode = false;

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, ConsumerData& out);
  friend bool operator==(const ConsumerData&, const ConsumerData&) = default;
};

// HEART_BEAT (34) request body. The Java client always lists its inner
// producer group CLIENT_INNER_PRODUCER among the producers.
struct HeartbeatData {
  std::string clientID;
  std::vector<ConsumerData> consumerDataSet;
  std::optional<std::int32_t> heartbeatFingerprint;  // 5.x heartbeat V2
  std::vector<ProducerData> producerDataSet;
  std::optional<bool> withoutSub;  // 5.x heartbeat V2

  std::string toJson() const;
  static Result<HeartbeatData> fromJson(std::string_view body);

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, HeartbeatData& out);
  friend bool operator==(const HeartbeatData&, const HeartbeatData&) = default;
};

// GET_CONSUMER_LIST_BY_GROUP (38) response body: {"consumerIdList":[...]}.
struct ConsumerIdList {
  std::vector<std::string> consumerIdList;

  std::string toJson() const;
  static Result<ConsumerIdList> fromJson(std::string_view body);

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, ConsumerIdList& out);
  friend bool operator==(const ConsumerIdList&, const ConsumerIdList&) = default;
};

}  // namespace apogee::remoting
