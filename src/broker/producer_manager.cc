#include "broker/producer_manager.h"

#include <algorithm>

namespace apogee::broker {

void ProducerManager::registerProducer(const std::string& group, const ClientChannelInfo& client) {
  std::lock_guard lock(mu_);
  groups_[group][client.channel->id()] = client;
}

void ProducerManager::unregisterProducer(const std::string& group,
                                         const remoting::ChannelPtr& channel) {
  std::lock_guard lock(mu_);
  auto it = groups_.find(group);
  if (it == groups_.end()) return;
  it->second.erase(channel->id());
  if (it->second.empty()) groups_.erase(it);
}

void ProducerManager::doChannelCloseEvent(const remoting::ChannelPtr& channel) {
  std::lock_guard lock(mu_);
  for (auto it = groups_.begin(); it != groups_.end();) {
    it->second.erase(channel->id());
    it = it->second.empty() ? groups_.erase(it) : std::next(it);
  }
}

std::vector<remoting::ChannelPtr> ProducerManager::scanNotActiveChannel(std::int64_t expiry_ms) {
  std::vector<remoting::ChannelPtr> expired;
  const std::int64_t now = steadyMillis();
  std::lock_guard lock(mu_);
  for (auto it = groups_.begin(); it != groups_.end();) {
    for (auto c = it->second.begin(); c != it->second.end();) {
      if (now - c->second.lastUpdateTimestamp > expiry_ms) {
        expired.push_back(c->second.channel);
        c = it->second.erase(c);
      } else {
        ++c;
      }
    }
    it = it->second.empty() ? groups_.erase(it) : std::next(it);
  }
  return expired;
}

std::optional<std::vector<ClientChannelInfo>> ProducerManager::groupChannels(
    std::string_view group) const {
  std::lock_guard lock(mu_);
  auto it = groups_.find(group);
  if (it == groups_.end()) return std::nullopt;
  std::vector<ClientChannelInfo> out;
  for (const auto& [id, c] : it->second) out.push_back(c);
  std::sort(out.begin(), out.end(),
            [](const ClientChannelInfo& a, const ClientChannelInfo& b) { return a.clientId < b.clientId; });
  return out;
}

std::vector<std::string> ProducerManager::clientIds(std::string_view group) const {
  std::vector<std::string> out;
  std::lock_guard lock(mu_);
  auto it = groups_.find(group);
  if (it == groups_.end()) return out;
  for (const auto& [id, c] : it->second) out.push_back(c.clientId);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace apogee::broker
