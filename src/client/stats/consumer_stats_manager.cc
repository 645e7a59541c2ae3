#include "client/stats/consumer_stats_manager.h"

#include <functional>
#include <mutex>

namespace apogee::client {

ConsumerStatsManager::Entry& ConsumerStatsManager::entry(std::string_view group,
                                                         std::string_view topic) {
  const KeyLess::View key{group, topic};
  {
    std::shared_lock lock(mutex_);
    if (auto it = entries_.find(key); it != entries_.end()) return *it->second;
  }
  std::unique_lock lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    it = entries_.emplace(Key{group, topic}, std::make_unique<Entry>()).first;
  }
  return *it->second;
}

const ConsumerStatsManager::Entry* ConsumerStatsManager::find(std::string_view group,
                                                              std::string_view topic) const {
  std::shared_lock lock(mutex_);
  auto it = entries_.find(KeyLess::View{group, topic});
  return it == entries_.end() ? nullptr : it->second.get();
}

ConsumeStats ConsumerStatsManager::consumeStatus(std::string_view group,
                                                 std::string_view topic) const {
  ConsumeStats out;
  const Entry* e = find(group, topic);
  if (e == nullptr) return out;
  // Java: RT from the minute's average per call, TPS from the minute's sum
  // per second, failed messages from the hour's sum.
  out.pullRT = e->pullRT.inMinute().avgpt;
  out.pullTPS = e->pullTPS.inMinute().tps;
  out.consumeRT = e->consumeRT.inMinute().avgpt;
  out.consumeOKTPS = e->consumeOK.inMinute().tps;
  out.consumeFailedTPS = e->consumeFailed.inMinute().tps;
  out.consumeFailedMsgs = e->consumeFailed.inHour().sum;
  return out;
}

void ConsumerStatsManager::sampleMinute() {
  forEachItem([](StatsItem& item) { item.sampleMinute(); });
}

void ConsumerStatsManager::sampleHour() {
  forEachItem([](StatsItem& item) { item.sampleHour(); });
}

void ConsumerStatsManager::forEachItem(const std::function<void(StatsItem&)>& fn) {
  std::shared_lock lock(mutex_);
  for (auto& [key, e] : entries_) {
    for (StatsItem* item : {&e->pullRT, &e->pullTPS, &e->consumeRT, &e->consumeOK,
                            &e->consumeFailed}) {
      fn(*item);
    }
  }
}

}  // namespace apogee::client
