#include "broker/subscription_group_manager.h"

#include <chrono>

#include "broker/json_file.h"
#include "common/logging.h"
#include "remoting/body/json_reader.h"
#include "remoting/body/json_writer.h"
#include "remoting/fastjson_compat.h"

namespace apogee::broker {
namespace {

std::int64_t nowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

SubscriptionGroupManager::SubscriptionGroupManager(const BrokerConfig& config,
                                                   std::filesystem::path file)
    : config_(config), file_(std::move(file)) {}

Result<std::map<std::string, SubscriptionGroupConfig>> SubscriptionGroupManager::parseJson(
    std::string_view text) {
  auto normalized = remoting::normalizeFastjson(text);
  if (!normalized.ok()) return normalized.status();
  auto parsed = remoting::SubscriptionGroupWrapper::fromJson(*normalized);
  if (!parsed.ok()) return parsed.status();
  std::map<std::string, SubscriptionGroupConfig> out;
  for (auto& [name, c] : parsed->subscriptionGroupTable) {
    c.groupName = name;
    out.emplace(name, c);
  }
  return out;
}

Status SubscriptionGroupManager::load() {
  auto text = readFileIfExists(file_);
  if (!text.ok()) return text.status();
  std::lock_guard lock(mu_);
  if (text->has_value()) {
    auto table = parseJson(**text);
    if (!table.ok()) return Status::Corruption(file_.string() + ": " + table.status().message());
    table_ = std::move(*table);
  }
  version_.timestamp = nowMillis();
  addSystemGroupsLocked();
  return Status::OK();
}

// Groups RocketMQ creates at start for its own tools.
void SubscriptionGroupManager::addSystemGroupsLocked() {
  for (std::string_view name : {"TOOLS_CONSUMER", "FILTERSRV_CONSUMER", "SELF_TEST_C_GROUP",
                                "CID_ONS-HTTP-PROXY", "CID_ONSAPI_PULL", "CID_ONSAPI_PERMISSION",
                                "CID_ONSAPI_OWNER", "CID_SYS_RMQ_TRANS"}) {
    SubscriptionGroupConfig c;
    c.groupName = std::string(name);
    table_.try_emplace(c.groupName, c);
  }
}

std::optional<SubscriptionGroupConfig> SubscriptionGroupManager::selectConfig(
    std::string_view group) const {
  std::lock_guard lock(mu_);
  auto it = table_.find(std::string(group));
  if (it == table_.end()) return std::nullopt;
  return it->second;
}

std::optional<SubscriptionGroupConfig> SubscriptionGroupManager::findSubscriptionGroupConfig(
    std::string_view group) {
  SubscriptionGroupConfig created;
  {
    std::lock_guard lock(mu_);
    auto it = table_.find(std::string(group));
    if (it != table_.end()) return it->second;
    if (!config_.autoCreateSubscriptionGroup || group.empty()) return std::nullopt;
    created.groupName = std::string(group);
    table_.emplace(created.groupName, created);
    version_.counter += 1;
    version_.timestamp = nowMillis();
  }
  logger("broker")->info("auto-created subscription group {}", group);
  Status s = persist();
  if (!s.ok()) logger("broker")->error("persisting subscription groups: {}", s.toString());
  return created;
}

Status SubscriptionGroupManager::updateSubscriptionGroupConfig(const SubscriptionGroupConfig& c) {
  {
    std::lock_guard lock(mu_);
    table_.insert_or_assign(c.groupName, c);
    version_.counter += 1;
    version_.timestamp = nowMillis();
  }
  return persist();
}

bool SubscriptionGroupManager::deleteSubscriptionGroupConfig(std::string_view group) {
  {
    std::lock_guard lock(mu_);
    if (table_.erase(std::string(group)) == 0) return false;
    version_.counter += 1;
    version_.timestamp = nowMillis();
  }
  Status s = persist();
  if (!s.ok()) logger("broker")->error("persisting subscription groups: {}", s.toString());
  return true;
}

remoting::SubscriptionGroupWrapper SubscriptionGroupManager::snapshot() const {
  remoting::SubscriptionGroupWrapper w;
  std::lock_guard lock(mu_);
  w.dataVersion = version_;
  w.subscriptionGroupTable = table_;
  return w;
}

std::string SubscriptionGroupManager::toJson() const { return snapshot().toJson(); }

Status SubscriptionGroupManager::persist() {
  std::lock_guard file_lock(file_mu_);
  return writeFileAtomically(file_, toJson());
}

}  // namespace apogee::broker
