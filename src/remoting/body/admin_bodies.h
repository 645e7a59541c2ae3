#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "remoting/body/heartbeat.h"
#include "remoting/body/json_writer.h"
#include "remoting/body/message_queue_json.h"
#include "remoting/language_code.h"

namespace apogee::remoting {

class JsonNode;

// Bodies of the admin queries mqadmin sends to a broker. Maps keyed by a
// message queue are written with bare object keys by default; see
// offset_bodies.h for the choice.

std::string_view javaName(LanguageCode v);
bool fromJavaName(std::string_view name, LanguageCode& out);

// One queue's offsets in a TopicStatsTable.
struct TopicOffset {
  std::int64_t lastUpdateTimestamp = 0;  // store time of the last message, ms; 0 if none
  std::int64_t maxOffset = 0;
  std::int64_t minOffset = 0;

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, TopicOffset& out);
  friend bool operator==(const TopicOffset&, const TopicOffset&) = default;
};

// GET_TOPIC_STATS_INFO (202) response body.
struct TopicStatsTable {
  std::map<MessageQueueKey, TopicOffset> offsetTable;
  std::optional<double> topicPutTps;  // 5.x

  std::string toJson(ObjectKeyStyle keys = ObjectKeyStyle::kBare) const;
  static Result<TopicStatsTable> fromJson(std::string_view body);

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, TopicStatsTable& out);
  friend bool operator==(const TopicStatsTable&, const TopicStatsTable&) = default;
};

// One queue's progress in ConsumeStats.
struct OffsetWrapper {
  std::int64_t brokerOffset = 0;
  std::int64_t consumerOffset = 0;
  std::int64_t lastTimestamp = 0;
  std::optional<std::int64_t> pullOffset;  // 5.x

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, OffsetWrapper& out);
  friend bool operator==(const OffsetWrapper&, const OffsetWrapper&) = default;
};

// GET_CONSUME_STATS (208) response body.
struct ConsumeStats {
  double consumeTps = 0;
  std::map<MessageQueueKey, OffsetWrapper> offsetTable;

  std::string toJson(ObjectKeyStyle keys = ObjectKeyStyle::kBare) const;
  static Result<ConsumeStats> fromJson(std::string_view body);

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, ConsumeStats& out);
  friend bool operator==(const ConsumeStats&, const ConsumeStats&) = default;
};

// One client connection of a consumer group (Java: protocol.body.Connection;
// renamed because remoting::Connection is the transport's connection class,
// and two types of one name in one namespace break the one-definition rule:
// the linker merged their destructors).
struct ConnectionInfo {
  std::string clientAddr;
  std::string clientId;
  LanguageCode language = LanguageCode::JAVA;
  std::int32_t version = 0;  // the client's MQVersion ordinal

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, ConnectionInfo& out);
  friend bool operator==(const ConnectionInfo&, const ConnectionInfo&) = default;
};

// GET_CONSUMER_CONNECTION_LIST (203) response body.
struct ConsumerConnection {
  std::vector<ConnectionInfo> connectionSet;
  ConsumeFromWhere consumeFromWhere = ConsumeFromWhere::CONSUME_FROM_LAST_OFFSET;
  ConsumeType consumeType = ConsumeType::CONSUME_PASSIVELY;
  MessageModel messageModel = MessageModel::CLUSTERING;
  std::map<std::string, SubscriptionData> subscriptionTable;  // topic ->

  std::string toJson() const;
  static Result<ConsumerConnection> fromJson(std::string_view body);

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, ConsumerConnection& out);
  friend bool operator==(const ConsumerConnection&, const ConsumerConnection&) = default;
};

// GET_PRODUCER_CONNECTION_LIST (204) response body.
struct ProducerConnection {
  std::vector<ConnectionInfo> connectionSet;

  std::string toJson() const;
  static Result<ProducerConnection> fromJson(std::string_view body);

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, ProducerConnection& out);
  friend bool operator==(const ProducerConnection&, const ProducerConnection&) = default;
};

}  // namespace apogee::remoting
