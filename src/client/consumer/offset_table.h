#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "apogee/message_queue.h"

namespace apogee::client {

// The in-memory offset table both offset stores keep (RocketMQ's
// ConcurrentMap<MessageQueue, AtomicLong> offsetTable). Thread-safe: one
// mutex, held only for the map operation.
class OffsetTable {
 public:
  void update(const MessageQueue& mq, std::int64_t offset, bool increaseOnly) {
    std::lock_guard lock(mutex_);
    auto [it, inserted] = table_.emplace(mq, offset);
    if (inserted) return;
    if (!increaseOnly || offset > it->second) it->second = offset;
  }
  std::optional<std::int64_t> get(const MessageQueue& mq) const {
    std::lock_guard lock(mutex_);
    auto it = table_.find(mq);
    if (it == table_.end()) return std::nullopt;
    return it->second;
  }
  void remove(const MessageQueue& mq) {
    std::lock_guard lock(mutex_);
    table_.erase(mq);
  }
  // Entries of `topic` (all when empty).
  std::map<MessageQueue, std::int64_t> clone(const std::string& topic) const {
    std::lock_guard lock(mutex_);
    std::map<MessageQueue, std::int64_t> out;
    for (const auto& [mq, offset] : table_) {
      if (topic.empty() || mq.getTopic() == topic) out.emplace(mq, offset);
    }
    return out;
  }
  // The entries of `keep`; with `dropOthers` every other entry is erased.
  std::map<MessageQueue, std::int64_t> select(const std::set<MessageQueue>& keep, bool dropOthers) {
    std::lock_guard lock(mutex_);
    std::map<MessageQueue, std::int64_t> out;
    for (auto it = table_.begin(); it != table_.end();) {
      if (keep.contains(it->first)) {
        out.emplace(*it);
        ++it;
      } else if (dropOthers) {
        it = table_.erase(it);
      } else {
        ++it;
      }
    }
    return out;
  }

 private:
  mutable std::mutex mutex_;
  std::map<MessageQueue, std::int64_t> table_;  // guarded by mutex_
};

}  // namespace apogee::client
