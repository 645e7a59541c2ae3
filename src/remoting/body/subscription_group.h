#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "common/result.h"
#include "remoting/body/topic_config.h"

namespace apogee::remoting {

class JsonNode;
class JsonWriter;

// One consumer group's settings (RocketMQ's SubscriptionGroupConfig, 4.9.8
// fields and defaults): the UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (200) request
// body, and an entry of SubscriptionGroupWrapper. Fields are written in
// fastjson's (alphabetical) order; reading leaves absent fields at their
// defaults, as fastjson does.
struct SubscriptionGroupConfig {
  std::string groupName;
  bool consumeEnable = true;
  bool consumeFromMinEnable = true;
  bool consumeBroadcastEnable = true;
  bool consumeMessageOrderly = false;  // 5.x; 4.9.8 ignores it
  std::int32_t retryQueueNums = 1;
  std::int32_t retryMaxTimes = 16;
  std::int64_t brokerId = 0;
  std::int64_t whichBrokerWhenConsumeSlowly = 1;
  bool notifyConsumerIdsChangedEnable = true;

  std::string toJson() const;
  static Result<SubscriptionGroupConfig> fromJson(std::string_view body);

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, SubscriptionGroupConfig& out);
  friend bool operator==(const SubscriptionGroupConfig&, const SubscriptionGroupConfig&) = default;
};

// Every group of a broker with the table's version: the
// GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201) response body, and the content of
// config/subscriptionGroup.json (Java encodes the SubscriptionGroupManager
// itself for both). Java keeps the table in a ConcurrentHashMap(1024), whose
// order the JSON follows.
struct SubscriptionGroupWrapper {
  DataVersion dataVersion;
  std::map<std::string, SubscriptionGroupConfig> subscriptionGroupTable;

  std::string toJson() const;
  static Result<SubscriptionGroupWrapper> fromJson(std::string_view body);

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, SubscriptionGroupWrapper& out);
  friend bool operator==(const SubscriptionGroupWrapper&, const SubscriptionGroupWrapper&) = default;
};

}  // namespace apogee::remoting
