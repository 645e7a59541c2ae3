#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "broker/broker_config.h"
#include "common/status.h"
#include "remoting/body/topic_config.h"

namespace apogee::broker {

// The broker's topic table (RocketMQ's TopicConfigManager): queue counts,
// permission, order flag per topic, with a DataVersion bumped on every change.
//
// Persistence: config/topics.json, {"dataVersion":{...},"topicConfigTable":{...}}
// (the TopicConfigSerializeWrapper JSON), replaced atomically after every
// change. System topics are (re)created by load().
//
// Thread safety: all methods from any thread. mu_ guards the table;
// file_mu_ serializes file writes and is taken before mu_ (docs/lock_order.md);
// no data lock is held while writing the file. The change listener (the
// name-server registration trigger) runs after the file is written, without
// locks.
class TopicConfigManager {
 public:
  using TopicConfig = remoting::TopicConfig;

  TopicConfigManager(const BrokerConfig& config, std::filesystem::path file);

  // Reads the file if present, then adds the system topics that are missing.
  Status load();

  std::optional<TopicConfig> selectTopicConfig(std::string_view topic) const;
  bool containsTopic(std::string_view topic) const { return selectTopicConfig(topic).has_value(); }

  // Creates or replaces a topic (UPDATE_AND_CREATE_TOPIC); persists.
  Status updateTopicConfig(const TopicConfig& topic_config);
  // Removes a topic; false when it did not exist. Persists.
  bool deleteTopicConfig(std::string_view topic);

  // Auto-creation on first send (createTopicInSendMessageMethod): copies the
  // default topic when it exists and carries the inherit bit; queue count is
  // min(client default, default topic's write queues). nullopt when the
  // topic cannot be created.
  std::optional<TopicConfig> createTopicInSendMessageMethod(std::string_view topic,
                                                            std::string_view default_topic,
                                                            std::int32_t client_default_queue_nums,
                                                            std::int32_t topic_sys_flag);
  // Retry and dead-letter topics: returns the existing config or creates one.
  TopicConfig createTopicInSendMessageBackMethod(std::string_view topic, std::int32_t queue_nums,
                                                 std::int32_t perm, std::int32_t topic_sys_flag);

  remoting::TopicConfigSerializeWrapper snapshot() const;
  remoting::DataVersion dataVersion() const;

  // Called after every change that was persisted (set before start).
  void setChangeListener(std::function<void()> listener) { listener_ = std::move(listener); }

  Status persist();

 private:
  void addSystemTopicsLocked();
  void putLocked(TopicConfig tc);
  void bumpVersionLocked();
  void changed();

  const BrokerConfig config_;
  const std::filesystem::path file_;
  std::function<void()> listener_;

  std::mutex file_mu_;  // serializes writers of file_; before mu_
  mutable std::mutex mu_;
  remoting::TopicConfigSerializeWrapper table_;  // guarded by mu_
};

}  // namespace apogee::broker
