#include "broker/rebalance_lock_manager.h"

#include "broker/client_channel_info.h"

namespace apogee::broker {

std::vector<remoting::MessageQueueKey> RebalanceLockManager::tryLockBatch(
    const std::string& group, const std::vector<remoting::MessageQueueKey>& mqs,
    const std::string& client_id) {
  std::vector<remoting::MessageQueueKey> locked;
  locked.reserve(mqs.size());
  const std::int64_t now = steadyMillis();
  std::lock_guard lock(mu_);
  auto& group_locks = table_[group];
  for (const auto& mq : mqs) {
    auto [it, inserted] = group_locks.try_emplace(mq, LockEntry{client_id, now});
    LockEntry& e = it->second;
    if (inserted || e.clientId == client_id || expired(e, now)) {
      e.clientId = client_id;
      e.lastUpdateTimestamp = now;
      locked.push_back(mq);
    }
  }
  return locked;
}

void RebalanceLockManager::unlockBatch(const std::string& group,
                                       const std::vector<remoting::MessageQueueKey>& mqs,
                                       const std::string& client_id) {
  std::lock_guard lock(mu_);
  auto g = table_.find(group);
  if (g == table_.end()) return;
  for (const auto& mq : mqs) {
    auto it = g->second.find(mq);
    if (it != g->second.end() && it->second.clientId == client_id) g->second.erase(it);
  }
  if (g->second.empty()) table_.erase(g);
}

std::size_t RebalanceLockManager::releaseClient(const std::string& group,
                                               const std::string& client_id) {
  std::lock_guard lock(mu_);
  auto g = table_.find(group);
  if (g == table_.end()) return 0;
  const std::size_t released =
      std::erase_if(g->second, [&](const auto& entry) { return entry.second.clientId == client_id; });
  if (g->second.empty()) table_.erase(g);
  return released;
}

bool RebalanceLockManager::isLocked(const std::string& group, const remoting::MessageQueueKey& mq,
                                    const std::string& client_id) const {
  std::lock_guard lock(mu_);
  auto g = table_.find(group);
  if (g == table_.end()) return false;
  auto it = g->second.find(mq);
  return it != g->second.end() && it->second.clientId == client_id &&
         !expired(it->second, steadyMillis());
}

}  // namespace apogee::broker
