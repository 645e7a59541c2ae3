#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "apogee/message_queue.h"

namespace apogee::client {

class TopicPublishInfo;

// Brokers to avoid for a while after slow or failed sends (RocketMQ's
// LatencyFaultToleranceImpl). Thread-safe.
class LatencyFaultTolerance {
 public:
  using Clock = std::chrono::steady_clock;

  // Records a send to `name` that took `currentLatencyMs`; the broker is
  // unavailable for `notAvailableDurationMs` from now.
  void updateFaultItem(const std::string& name, std::int64_t currentLatencyMs,
                       std::int64_t notAvailableDurationMs);
  // True when `name` has no record or its unavailable time is over.
  bool isAvailable(std::string_view name) const;
  void remove(std::string_view name);
  // Some broker among the recorded ones, preferring available, then fast,
  // then soon-available ones: one of the better half, in turn (RocketMQ's
  // pickOneAtLeast). Empty when nothing is recorded.
  std::string pickOneAtLeast();

 private:
  struct FaultItem {
    std::int64_t currentLatency = 0;
    Clock::time_point startTimestamp;  // available again from here
  };
  mutable std::mutex mutex_;
  std::map<std::string, FaultItem, std::less<>> items_;  // guarded by mutex_
  std::atomic<std::uint32_t> which_item_worst_{0};
};

// How the producer picks a queue (RocketMQ's MQFaultStrategy). With latency
// fault avoidance off (the default) it is round robin, skipping the broker
// of the previous failed attempt. With it on, brokers whose recent sends were
// slow or failed are skipped while their penalty lasts. Thread-safe after
// configuration.
class MQFaultStrategy {
 public:
  void setSendLatencyFaultEnable(bool enable) { enabled_ = enable; }
  bool isSendLatencyFaultEnable() const { return enabled_; }
  void setLatencyMax(std::vector<std::int64_t> v) { latency_max_ = std::move(v); }
  void setNotAvailableDuration(std::vector<std::int64_t> v) {
    not_available_duration_ = std::move(v);
  }

  // Requires info.ok().
  MessageQueue selectOneMessageQueue(const TopicPublishInfo& info, std::string_view lastBrokerName);
  // After each attempt: `isolation` (a failure) penalises as a 30 s latency.
  void updateFaultItem(const std::string& brokerName, std::int64_t currentLatencyMs,
                       bool isolation);
  // The penalty for a latency: the duration of the largest threshold it reaches.
  std::int64_t computeNotAvailableDuration(std::int64_t currentLatencyMs) const;

  LatencyFaultTolerance& latencyFaultTolerance() { return tolerance_; }

 private:
  bool enabled_ = false;
  std::vector<std::int64_t> latency_max_{50, 100, 550, 1000, 2000, 3000, 15000};
  std::vector<std::int64_t> not_available_duration_{0, 0, 30000, 60000, 120000, 180000, 600000};
  LatencyFaultTolerance tolerance_;
};

}  // namespace apogee::client
