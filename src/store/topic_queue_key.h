#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace apogee::store {

// (topic, queue id) as a map key, looked up without building a string
// (heterogeneous lookup with TopicQueueRef).
struct TopicQueueRef {
  std::string_view topic;
  int32_t queueId = 0;
};

struct TopicQueueKey {
  std::string topic;
  int32_t queueId = 0;
  operator TopicQueueRef() const { return {topic, queueId}; }  // NOLINT: implicit by design
};

struct TopicQueueHash {
  using is_transparent = void;
  std::size_t operator()(TopicQueueRef r) const noexcept {
    return std::hash<std::string_view>{}(r.topic) * 31 + static_cast<std::size_t>(r.queueId);
  }
  std::size_t operator()(const TopicQueueKey& k) const noexcept { return (*this)(TopicQueueRef(k)); }
};

struct TopicQueueEqual {
  using is_transparent = void;
  bool operator()(TopicQueueRef a, TopicQueueRef b) const noexcept {
    return a.queueId == b.queueId && a.topic == b.topic;
  }
};

template <typename V>
using TopicQueueMap = std::unordered_map<TopicQueueKey, V, TopicQueueHash, TopicQueueEqual>;

}  // namespace apogee::store
