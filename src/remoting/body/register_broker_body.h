#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "remoting/body/json_writer.h"
#include "remoting/body/topic_config.h"

namespace apogee::remoting {

class JsonNode;

// MQVersion V5_0_0: brokers from this version on add a topic-queue-mapping
// section to the compressed RegisterBrokerBody.
inline constexpr int kRegisterBodyMappingVersion = 413;

// The REGISTER_BROKER (103) request body (rocketmq-protocol.md 3.6.5).
//
// JSON form (header compressed=false, what 4.9.8 sends by default):
//   {"filterServerList":[...],"topicConfigSerializeWrapper":{...}}
// Compressed form (compressed=true): a zlib stream (RFC 1950, best
// compression) of big-endian int32-length-prefixed parts: the DataVersion
// JSON, the topic count, each topic's TopicConfig::encodeText, the filter
// server list JSON, and from broker version V5_0_0 on a count of
// topic-queue-mapping entries, each a length and a JSON text.
//
// 5.x static-topic data (topicQueueMappingInfoMap, mapping data versions) is
// not modelled: JSON reading ignores it, compressed reading skips the
// entries, and compressed writing for a 5.x broker writes an empty section,
// as a Java broker with no static topics does.
struct RegisterBrokerBody {
  std::vector<std::string> filterServerList;
  TopicConfigSerializeWrapper topicConfigSerializeWrapper;

  std::string toJson() const;
  static Result<RegisterBrokerBody> fromJson(std::string_view body);

  // `broker_version`: the MQVersion ordinal of the registering broker
  // (the request's version field).
  std::string toCompressed(int broker_version) const;
  static Result<RegisterBrokerBody> fromCompressed(std::string_view body, int broker_version);

  // Either form, after the request's `compressed` header field.
  static Result<RegisterBrokerBody> decode(std::string_view body, bool compressed,
                                           int broker_version);

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, RegisterBrokerBody& out);
  friend bool operator==(const RegisterBrokerBody&, const RegisterBrokerBody&) = default;
};

}  // namespace apogee::remoting
