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
#include "remoting/body/subscription_group.h"
#include "remoting/body/topic_config.h"

namespace apogee::broker {

// One consumer group's settings; the JSON lives with the wire body.
using SubscriptionGroupConfig = remoting::SubscriptionGroupConfig;

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

  // The table and its version (GET_ALL_SUBSCRIPTIONGROUP_CONFIG).
  remoting::SubscriptionGroupWrapper snapshot() const;
  // The file's JSON for the current table (the same as snapshot()'s).
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
