#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "remoting/body/message_queue_json.h"

namespace apogee::broker {

// Queue locks of orderly consumers, and of concurrent consumers that hand
// queues over on rebalance (RocketMQ's RebalanceLockManager): within a group,
// a queue belongs to one client id until that client unlocks it, stops
// renewing it for `max_live` (60 s), or leaves the group (its last
// connection closed, unregistered or expired: releaseClient). RocketMQ keeps
// a departed client's locks until they expire, so a crashed orderly consumer
// blocks its queues for a minute; releasing them at once lets the others
// take over as soon as they rebalance.
// Thread safety: any thread; one mutex.
class RebalanceLockManager {
 public:
  explicit RebalanceLockManager(std::chrono::milliseconds max_live) : max_live_(max_live) {}

  // Locks (or renews) each queue that is free, expired or already held by
  // `client_id`; returns those, in request order.
  std::vector<remoting::MessageQueueKey> tryLockBatch(
      const std::string& group, const std::vector<remoting::MessageQueueKey>& mqs,
      const std::string& client_id);
  // Releases the queues `client_id` holds; others' locks stay.
  void unlockBatch(const std::string& group, const std::vector<remoting::MessageQueueKey>& mqs,
                   const std::string& client_id);
  // Releases every lock `client_id` holds in `group`; returns how many.
  std::size_t releaseClient(const std::string& group, const std::string& client_id);
  // Whether `client_id` holds an unexpired lock on `mq`.
  bool isLocked(const std::string& group, const remoting::MessageQueueKey& mq,
                const std::string& client_id) const;

 private:
  struct LockEntry {
    std::string clientId;
    std::int64_t lastUpdateTimestamp = 0;  // steady ms
  };
  bool expired(const LockEntry& e, std::int64_t now) const {
    return now - e.lastUpdateTimestamp > max_live_.count();
  }

  const std::chrono::milliseconds max_live_;
  mutable std::mutex mu_;
  std::map<std::string, std::map<remoting::MessageQueueKey, LockEntry>> table_;  // guarded by mu_
};

}  // namespace apogee::broker
