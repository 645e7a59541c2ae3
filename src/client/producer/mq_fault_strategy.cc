#include "client/producer/mq_fault_strategy.h"

#include <algorithm>
#include <random>

#include "client/topic_publish_info.h"

namespace apogee::client {

void LatencyFaultTolerance::updateFaultItem(const std::string& name, std::int64_t currentLatencyMs,
                                            std::int64_t notAvailableDurationMs) {
  std::lock_guard lock(mutex_);
  FaultItem& item = items_[name];
  item.currentLatency = currentLatencyMs;
  item.startTimestamp = Clock::now() + std::chrono::milliseconds(notAvailableDurationMs);
}

bool LatencyFaultTolerance::isAvailable(std::string_view name) const {
  std::lock_guard lock(mutex_);
  auto it = items_.find(name);
  return it == items_.end() || Clock::now() >= it->second.startTimestamp;
}

void LatencyFaultTolerance::remove(std::string_view name) {
  std::lock_guard lock(mutex_);
  auto it = items_.find(name);
  if (it != items_.end()) items_.erase(it);
}

std::string LatencyFaultTolerance::pickOneAtLeast() {
  struct Entry {
    std::string name;
    bool available;
    std::int64_t latency;
    Clock::time_point start;
  };
  std::vector<Entry> entries;
  {
    std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    for (const auto& [name, item] : items_) {
      entries.push_back(
          {name, now >= item.startTimestamp, item.currentLatency, item.startTimestamp});
    }
  }
  if (entries.empty()) return {};
  // Shuffle first so that equal entries are picked fairly, as RocketMQ does.
  thread_local std::mt19937 rng{std::random_device{}()};
  std::shuffle(entries.begin(), entries.end(), rng);
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.available != b.available) return a.available;
    if (a.latency != b.latency) return a.latency < b.latency;
    return a.start < b.start;
  });
  const std::size_t half = entries.size() / 2;
  if (half == 0) return entries.front().name;
  return entries[which_item_worst_.fetch_add(1, std::memory_order_relaxed) % half].name;
}

MessageQueue MQFaultStrategy::selectOneMessageQueue(const TopicPublishInfo& info,
                                                    std::string_view lastBrokerName) {
  if (!enabled_) return info.selectOneMessageQueue(lastBrokerName);
  const auto& queues = info.getMessageQueueList();
  std::uint32_t index = info.nextIndex();
  for (std::size_t i = 0; i < queues.size(); ++i) {
    const MessageQueue& mq = queues[index++ % queues.size()];
    if (tolerance_.isAvailable(mq.getBrokerName())) return mq;
  }
  const std::string not_best = tolerance_.pickOneAtLeast();
  const int write_queue_nums = not_best.empty() ? -1 : info.getQueueIdByBroker(not_best);
  if (write_queue_nums > 0) {
    MessageQueue mq = info.selectOneMessageQueue();
    mq.setBrokerName(not_best);
    mq.setQueueId(
        static_cast<std::int32_t>(info.nextIndex() % static_cast<std::uint32_t>(write_queue_nums)));
    return mq;
  }
  if (!not_best.empty()) tolerance_.remove(not_best);
  return info.selectOneMessageQueue();
}

void MQFaultStrategy::updateFaultItem(const std::string& brokerName, std::int64_t currentLatencyMs,
                                      bool isolation) {
  if (!enabled_) return;
  const std::int64_t duration = computeNotAvailableDuration(isolation ? 30000 : currentLatencyMs);
  tolerance_.updateFaultItem(brokerName, currentLatencyMs, duration);
}

std::int64_t MQFaultStrategy::computeNotAvailableDuration(std::int64_t currentLatencyMs) const {
  const std::size_t n = std::min(latency_max_.size(), not_available_duration_.size());
  for (std::size_t i = n; i-- > 0;) {
    if (currentLatencyMs >= latency_max_[i]) return not_available_duration_[i];
  }
  return 0;
}

}  // namespace apogee::client
