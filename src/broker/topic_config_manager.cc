#include "broker/topic_config_manager.h"

#include <algorithm>
#include <chrono>

#include "broker/json_file.h"
#include "broker/topic_validator.h"
#include "common/logging.h"
#include "remoting/fastjson_compat.h"

namespace apogee::broker {
namespace {

using remoting::kPermInherit;
using remoting::kPermRead;
using remoting::kPermWrite;

std::int64_t nowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

remoting::TopicConfig makeTopic(std::string_view name, std::int32_t read, std::int32_t write,
                                std::int32_t perm) {
  remoting::TopicConfig tc;
  tc.topicName = std::string(name);
  tc.readQueueNums = read;
  tc.writeQueueNums = write;
  tc.perm = perm;
  return tc;
}

}  // namespace

TopicConfigManager::TopicConfigManager(const BrokerConfig& config, std::filesystem::path file)
    : config_(config), file_(std::move(file)) {}

Status TopicConfigManager::load() {
  auto text = readFileIfExists(file_);
  if (!text.ok()) return text.status();
  std::lock_guard file_lock(file_mu_);
  {
    std::lock_guard lock(mu_);
    if (text->has_value()) {
      auto normalized = remoting::normalizeFastjson(**text);
      if (!normalized.ok()) return normalized.status();
      auto wrapper = remoting::TopicConfigSerializeWrapper::fromJson(*normalized);
      if (!wrapper.ok()) {
        return Status::Corruption(file_.string() + ": " + wrapper.status().message());
      }
      table_ = std::move(*wrapper);
    } else {
      table_.dataVersion.timestamp = nowMillis();
    }
    addSystemTopicsLocked();
  }
  return Status::OK();
}

// The topics RocketMQ 4.9.8 creates at start (the corpus' REGISTER_BROKER body
// lists them). They are (re)written each start, as Java does, so a config file
// from another setup cannot leave a system topic with odd settings.
void TopicConfigManager::addSystemTopicsLocked() {
  const std::int32_t rw = kPermRead | kPermWrite;
  putLocked(makeTopic(kSelfTestTopic, 1, 1, rw));
  if (config_.autoCreateTopicEnable) {
    putLocked(makeTopic(kAutoCreateTopicKeyTopic, config_.defaultTopicQueueNums,
                        config_.defaultTopicQueueNums, rw | kPermInherit));
  }
  putLocked(makeTopic(kBenchmarkTopic, 1024, 1024, rw));
  const std::int32_t cluster_perm = kPermInherit | (config_.clusterTopicEnable ? rw : 0);
  putLocked(makeTopic(config_.brokerClusterName, 16, 16, cluster_perm));
  const std::int32_t broker_perm = kPermInherit | (config_.brokerTopicEnable ? rw : 0);
  putLocked(makeTopic(config_.brokerName, 1, 1, broker_perm));
  putLocked(makeTopic(kOffsetMovedEventTopic, 1, 1, rw));
  putLocked(makeTopic(kScheduleTopic, 18, 18, rw));
  putLocked(makeTopic(config_.brokerClusterName + std::string(kReplyTopicSuffix), 1, 1, rw));
}

void TopicConfigManager::putLocked(TopicConfig tc) {
  std::string name = tc.topicName;
  table_.topicConfigTable.insert_or_assign(std::move(name), std::move(tc));
}

void TopicConfigManager::bumpVersionLocked() {
  table_.dataVersion.counter += 1;
  table_.dataVersion.timestamp = nowMillis();
}

std::optional<remoting::TopicConfig> TopicConfigManager::selectTopicConfig(
    std::string_view topic) const {
  std::lock_guard lock(mu_);
  auto it = table_.topicConfigTable.find(std::string(topic));
  if (it == table_.topicConfigTable.end()) return std::nullopt;
  return it->second;
}

Status TopicConfigManager::updateTopicConfig(const TopicConfig& topic_config) {
  {
    std::lock_guard lock(mu_);
    putLocked(topic_config);
    bumpVersionLocked();
  }
  Status s = persist();
  changed();
  return s;
}

bool TopicConfigManager::deleteTopicConfig(std::string_view topic) {
  {
    std::lock_guard lock(mu_);
    if (table_.topicConfigTable.erase(std::string(topic)) == 0) return false;
    bumpVersionLocked();
  }
  Status s = persist();
  if (!s.ok()) logger("broker")->error("persisting topics after delete: {}", s.toString());
  changed();
  return true;
}

std::optional<remoting::TopicConfig> TopicConfigManager::createTopicInSendMessageMethod(
    std::string_view topic, std::string_view default_topic, std::int32_t client_default_queue_nums,
    std::int32_t topic_sys_flag) {
  TopicConfig created;
  {
    std::lock_guard lock(mu_);
    auto existing = table_.topicConfigTable.find(std::string(topic));
    if (existing != table_.topicConfigTable.end()) return existing->second;
    auto def = table_.topicConfigTable.find(std::string(default_topic));
    if (def == table_.topicConfigTable.end()) return std::nullopt;
    std::int32_t default_perm = def->second.perm;
    // Without auto-creation the key topic never lends its queues (Java strips
    // the inherit bit from it).
    if (default_topic == kAutoCreateTopicKeyTopic && !config_.autoCreateTopicEnable) {
      default_perm = kPermRead | kPermWrite;
    }
    if (!remoting::isInherited(default_perm)) return std::nullopt;
    const std::int32_t queue_nums =
        std::max(0, std::min(client_default_queue_nums, def->second.writeQueueNums));
    created = makeTopic(topic, queue_nums, queue_nums, default_perm & ~kPermInherit);
    created.topicSysFlag = topic_sys_flag;
    created.topicFilterType = def->second.topicFilterType;
    putLocked(created);
    bumpVersionLocked();
  }
  logger("broker")->info("auto-created topic {} with {} queues", topic, created.writeQueueNums);
  Status s = persist();
  if (!s.ok()) logger("broker")->error("persisting topics: {}", s.toString());
  changed();
  return created;
}

remoting::TopicConfig TopicConfigManager::createTopicInSendMessageBackMethod(
    std::string_view topic, std::int32_t queue_nums, std::int32_t perm,
    std::int32_t topic_sys_flag) {
  TopicConfig created;
  {
    std::lock_guard lock(mu_);
    auto existing = table_.topicConfigTable.find(std::string(topic));
    if (existing != table_.topicConfigTable.end()) return existing->second;
    created = makeTopic(topic, queue_nums, queue_nums, perm);
    created.topicSysFlag = topic_sys_flag;
    putLocked(created);
    bumpVersionLocked();
  }
  Status s = persist();
  if (!s.ok()) logger("broker")->error("persisting topics: {}", s.toString());
  changed();
  return created;
}

remoting::TopicConfigSerializeWrapper TopicConfigManager::snapshot() const {
  std::lock_guard lock(mu_);
  return table_;
}

remoting::DataVersion TopicConfigManager::dataVersion() const {
  std::lock_guard lock(mu_);
  return table_.dataVersion;
}

Status TopicConfigManager::persist() {
  std::lock_guard file_lock(file_mu_);
  std::string json;
  {
    std::lock_guard lock(mu_);
    json = table_.toJson();
  }
  return writeFileAtomically(file_, json);
}

void TopicConfigManager::changed() {
  if (listener_) listener_();
}

}  // namespace apogee::broker
