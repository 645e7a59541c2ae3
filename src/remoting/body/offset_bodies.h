#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "remoting/body/json_writer.h"
#include "remoting/body/message_queue_json.h"

namespace apogee::remoting {

class JsonNode;

// Bodies that carry an offset per message queue. Java keys these maps by
// MessageQueue and fastjson writes each key as a bare object,
//   {"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:5}}
// which is not JSON. Apogee writes the same by default (ObjectKeyStyle::kBare),
// so every client that reads a Java broker reads Apogee too, and the bytes
// equal Java's for the same data. kStringified writes each key as a JSON
// string holding the object instead: valid JSON, which fastjson also
// accepts (rocketmq-protocol.md 3.6.3). Reading accepts both.

// RESET_CONSUMER_CLIENT_OFFSET (220) request body and the
// INVOKE_BROKER_TO_RESET_OFFSET (222) response body.
struct ResetOffsetBody {
  std::map<MessageQueueKey, std::int64_t> offsetTable;

  std::string toJson(ObjectKeyStyle keys = ObjectKeyStyle::kBare) const;
  static Result<ResetOffsetBody> fromJson(std::string_view body);

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, ResetOffsetBody& out);
  friend bool operator==(const ResetOffsetBody&, const ResetOffsetBody&) = default;
};

// One entry of ResetOffsetBodyForC (Java's MessageQueueForC).
struct MessageQueueForC {
  std::string brokerName;
  std::int64_t offset = 0;
  std::int32_t queueId = 0;
  std::string topic;

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, MessageQueueForC& out);
  friend bool operator==(const MessageQueueForC&, const MessageQueueForC&) = default;
};

// The list form of ResetOffsetBody, {"offsetTable":[{...,"offset":N,...}]},
// which a Java broker sends when the admin request came from a CPP client.
struct ResetOffsetBodyForC {
  std::vector<MessageQueueForC> offsetTable;

  std::string toJson() const;
  static Result<ResetOffsetBodyForC> fromJson(std::string_view body);

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, ResetOffsetBodyForC& out);
  friend bool operator==(const ResetOffsetBodyForC&, const ResetOffsetBodyForC&) = default;
};

// GET_CONSUMER_STATUS_FROM_CLIENT (221) response body, and the
// INVOKE_BROKER_TO_GET_CONSUMER_STATUS (223) response body.
struct GetConsumerStatusBody {
  std::map<std::string, std::map<MessageQueueKey, std::int64_t>> consumerTable;  // client id ->
  std::map<MessageQueueKey, std::int64_t> messageQueueTable;

  std::string toJson(ObjectKeyStyle keys = ObjectKeyStyle::kBare) const;
  static Result<GetConsumerStatusBody> fromJson(std::string_view body);

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, GetConsumerStatusBody& out);
  friend bool operator==(const GetConsumerStatusBody&, const GetConsumerStatusBody&) = default;
};

}  // namespace apogee::remoting
