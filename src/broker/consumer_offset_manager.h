#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "common/status.h"

namespace apogee::broker {

// Committed consumer offsets per (topic, group, queue) (RocketMQ's
// ConsumerOffsetManager). Commits overwrite; the table is written to
// config/consumerOffset.json by the broker's flush timer (every
// flushConsumerOffsetInterval) and at shutdown, atomically, in Java's form
// {"offsetTable":{"topic@group":{0:12,1:7}}} (unquoted integer keys). Reading
// accepts that form and standard JSON.
//
// Thread safety: any thread; mu_ guards the table and is never held while
// the file is written (file_mu_, taken first, serializes writers).
class ConsumerOffsetManager {
 public:
  using QueueOffsets = std::map<std::int32_t, std::int64_t>;

  explicit ConsumerOffsetManager(std::filesystem::path file);

  Status load();
  Status persist();

  void commitOffset(std::string_view group, std::string_view topic, std::int32_t queueId,
                    std::int64_t offset);
  // Only moves the offset forward: the commit offset a pull carries was read
  // when the client sent it, and a pull processed after a newer explicit
  // commit (a rebalance handover's) must not take the offset back.
  void commitOffsetForward(std::string_view group, std::string_view topic, std::int32_t queueId,
                           std::int64_t offset);
  // The committed offset, or -1 when there is none.
  std::int64_t queryOffset(std::string_view group, std::string_view topic,
                           std::int32_t queueId) const;
  // Drops every group's offsets of `topic` (topic deletion).
  void cleanOffsetByTopic(std::string_view topic);
  // Drops every offset of `group` (DELETE_SUBSCRIPTIONGROUP with removeOffset).
  void removeOffset(std::string_view group);
  // Topics `group` has offsets for, and groups with offsets for `topic`
  // (RocketMQ's whichTopicByConsumer / whichGroupByTopic), sorted.
  std::vector<std::string> whichTopicByConsumer(std::string_view group) const;
  std::vector<std::string> whichGroupByTopic(std::string_view topic) const;

  std::map<std::string, QueueOffsets> snapshot() const;

  std::string toJson() const;
  static Result<std::map<std::string, QueueOffsets>> parseJson(std::string_view text);

 private:
  static std::string key(std::string_view topic, std::string_view group);

  const std::filesystem::path file_;
  std::mutex file_mu_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, QueueOffsets> table_;  // "topic@group" -> offsets; guarded by mu_
};

}  // namespace apogee::broker
