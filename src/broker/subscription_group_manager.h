#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "broker/broker_config.h"
#include "common/result.h"
#include "common/status.h"
#include "remoting/body/topic_config.h"

namespace apogee::broker {

// One consumer group's settings (RocketMQ's SubscriptionGroupConfig, 4.9.8
// fields and defaults).
struct SubscriptionGroupConfig {
  std::string groupName;
  bool consumeEnable = true;
  bool consumeFromMinEnable = true;
  bool consumeBroadcastEnable = true;
  bool consumeMessageOrderly = false;
  std::int32_t retryQueueNums = 1;
  std::int32_t retryMaxTimes = 16;
  std::int64_t brokerId = 0;
  std::int64_t whichBrokerWhenConsumeSlowly = 1;
  bool notifyConsumerIdsChangedEnable = true;

  friend bool operator==(const SubscriptionGroupConfig&, const SubscriptionGroupConfig&) = default;
};

// The consumer groups this broker knows (RocketMQ's SubscriptionGroupManager).
// Unknown groups are created on first use when autoCreateSubscriptionGroup is
// on. Persistence: config/subscriptionGroup.json,
// {"dataVersion":{...},"subscriptionGroupTable":{"g":{...}}}, replaced
// atomically after every change.
//
// Thread safety: any thread. mu_ guards the table; file_mu_ (taken first)
// serializes file writes; no data lock is held while writing.
class SubscriptionGroupManager {
 public:
  SubscriptionGroupManager(const BrokerConfig& config, std::filesystem::path file);

  Status load();

  // The group's config; creates it if allowed, else nullopt.
  std::optional<SubscriptionGroupConfig> findSubscriptionGroupConfig(std::string_view group);
  // The group's config without auto-creation.
  std::optional<SubscriptionGroupConfig> selectConfig(std::string_view group) const;
  Status updateSubscriptionGroupConfig(const SubscriptionGroupConfig& config);
  bool deleteSubscriptionGroupConfig(std::string_view group);

  Status persist();

  // The file's JSON for the current table.
  std::string toJson() const;
  static Result<std::map<std::string, SubscriptionGroupConfig>> parseJson(std::string_view text);

 private:
  void addSystemGroupsLocked();

  const BrokerConfig config_;
  const std::filesystem::path file_;
  std::mutex file_mu_;
  mutable std::mutex mu_;
  std::map<std::string, SubscriptionGroupConfig> table_;  // guarded by mu_
  remoting::DataVersion version_;                          // guarded by mu_
};

}  // namespace apogee::broker
