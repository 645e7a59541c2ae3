#include "broker/consumer_manager.h"

#include <algorithm>
#include <set>

namespace apogee::broker {

std::vector<std::string> ConsumerGroupInfo::allClientIds() const {
  std::vector<std::string> ids;
  ids.reserve(channels.size());
  for (const auto& [id, c] : channels) ids.push_back(c.clientId);
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<remoting::ChannelPtr> ConsumerManager::channelsOf(const ConsumerGroupInfo& info) {
  std::vector<remoting::ChannelPtr> out;
  out.reserve(info.channels.size());
  for (const auto& [id, c] : info.channels) out.push_back(c.channel);
  return out;
}

bool ConsumerManager::registerConsumer(const std::string& group, const ClientChannelInfo& client,
                                       const remoting::ConsumerData& data, bool notify) {
  std::vector<remoting::ChannelPtr> to_notify;
  std::vector<Departure> departed;
  bool changed = false;
  {
    std::lock_guard lock(mu_);
    auto [it, inserted] = groups_.try_emplace(group);
    ConsumerGroupInfo& info = it->second;
    if (inserted) info.groupName = group;
    info.consumeType = data.consumeType;
    info.messageModel = data.messageModel;
    info.consumeFromWhere = data.consumeFromWhere;

    const std::uint64_t id = client.channel->id();
    auto ch = info.channels.find(id);
    if (ch == info.channels.end()) {
      info.channels.emplace(id, client);
      changed = true;
    } else {
      const std::string old_client_id = ch->second.clientId;
      ch->second = client;
      if (old_client_id != client.clientId) {
        changed = true;
        noteIfDeparted(info, old_client_id, departed);
      }
    }

    // New topics and dropped topics count as a change; a newer version of
    // an existing subscription replaces it silently (as RocketMQ does).
    std::set<std::string> seen;
    for (const auto& sub : data.subscriptionDataSet) {
      seen.insert(sub.topic);
      auto old = info.subscriptionTable.find(sub.topic);
      if (old == info.subscriptionTable.end()) {
        info.subscriptionTable.emplace(sub.topic, sub);
        changed = true;
      } else if (sub.subVersion > old->second.subVersion) {
        old->second = sub;
      }
    }
    for (auto s = info.subscriptionTable.begin(); s != info.subscriptionTable.end();) {
      if (!seen.contains(s->first)) {
        s = info.subscriptionTable.erase(s);
        changed = true;
      } else {
        ++s;
      }
    }
    if (changed && notify) to_notify = channelsOf(info);
  }
  notifyDeparted(departed);
  if (!to_notify.empty()) notifyChanged(group, std::move(to_notify));
  return changed;
}

void ConsumerManager::unregisterConsumer(const std::string& group,
                                         const remoting::ChannelPtr& channel, bool notify) {
  std::vector<remoting::ChannelPtr> to_notify;
  std::vector<Departure> departed;
  {
    std::lock_guard lock(mu_);
    auto it = groups_.find(group);
    if (it == groups_.end()) return;
    auto ch = it->second.channels.find(channel->id());
    if (ch == it->second.channels.end()) return;
    const std::string client_id = ch->second.clientId;
    it->second.channels.erase(ch);
    noteIfDeparted(it->second, client_id, departed);
    if (it->second.channels.empty()) {
      groups_.erase(it);
    } else if (notify) {
      to_notify = channelsOf(it->second);
    }
  }
  notifyDeparted(departed);
  if (!to_notify.empty()) notifyChanged(group, std::move(to_notify));
}

void ConsumerManager::doChannelCloseEvent(const remoting::ChannelPtr& channel) {
  std::vector<std::pair<std::string, std::vector<remoting::ChannelPtr>>> notices;
  std::vector<Departure> departed;
  {
    std::lock_guard lock(mu_);
    for (auto it = groups_.begin(); it != groups_.end();) {
      auto ch = it->second.channels.find(channel->id());
      if (ch == it->second.channels.end()) {
        ++it;
        continue;
      }
      const std::string client_id = ch->second.clientId;
      it->second.channels.erase(ch);
      noteIfDeparted(it->second, client_id, departed);
      if (it->second.channels.empty()) {
        it = groups_.erase(it);
        continue;
      }
      notices.emplace_back(it->first, channelsOf(it->second));
      ++it;
    }
  }
  notifyDeparted(departed);
  for (auto& [group, channels] : notices) notifyChanged(group, std::move(channels));
}

std::vector<remoting::ChannelPtr> ConsumerManager::scanNotActiveChannel(std::int64_t expiry_ms) {
  std::vector<remoting::ChannelPtr> expired;
  std::vector<std::pair<std::string, std::vector<remoting::ChannelPtr>>> notices;
  std::vector<Departure> departed;
  const std::int64_t now = steadyMillis();
  {
    std::lock_guard lock(mu_);
    for (auto it = groups_.begin(); it != groups_.end();) {
      bool removed = false;
      auto& channels = it->second.channels;
      for (auto c = channels.begin(); c != channels.end();) {
        if (now - c->second.lastUpdateTimestamp > expiry_ms) {
          expired.push_back(c->second.channel);
          const std::string client_id = c->second.clientId;
          c = channels.erase(c);
          noteIfDeparted(it->second, client_id, departed);
          removed = true;
        } else {
          ++c;
        }
      }
      if (channels.empty()) {
        it = groups_.erase(it);
        continue;
      }
      if (removed) notices.emplace_back(it->first, channelsOf(it->second));
      ++it;
    }
  }
  notifyDeparted(departed);
  for (auto& [group, channels] : notices) notifyChanged(group, std::move(channels));
  return expired;
}

std::optional<ConsumerGroupInfo> ConsumerManager::getConsumerGroupInfo(std::string_view group) const {
  std::lock_guard lock(mu_);
  auto it = groups_.find(group);
  if (it == groups_.end()) return std::nullopt;
  return it->second;
}

std::optional<remoting::SubscriptionData> ConsumerManager::findSubscriptionData(
    std::string_view group, std::string_view topic) const {
  std::lock_guard lock(mu_);
  auto it = groups_.find(group);
  if (it == groups_.end()) return std::nullopt;
  auto s = it->second.subscriptionTable.find(std::string(topic));
  if (s == it->second.subscriptionTable.end()) return std::nullopt;
  return s->second;
}

std::optional<ClientChannelInfo> ConsumerManager::findChannel(std::string_view group,
                                                             std::string_view clientId) const {
  std::lock_guard lock(mu_);
  auto it = groups_.find(group);
  if (it == groups_.end()) return std::nullopt;
  for (const auto& [id, c] : it->second.channels) {
    if (c.clientId == clientId) return c;
  }
  return std::nullopt;
}

std::vector<std::string> ConsumerManager::queryTopicConsumeByWho(std::string_view topic) const {
  std::vector<std::string> out;
  std::lock_guard lock(mu_);
  for (const auto& [name, info] : groups_) {
    if (info.subscriptionTable.contains(std::string(topic))) out.push_back(name);
  }
  return out;
}

void ConsumerManager::noteIfDeparted(const ConsumerGroupInfo& info, const std::string& clientId,
                                     std::vector<Departure>& departed) {
  for (const auto& [id, c] : info.channels) {
    if (c.clientId == clientId) return;
  }
  departed.push_back({info.groupName, clientId});
}

void ConsumerManager::notifyDeparted(const std::vector<Departure>& departed) {
  if (!departure_) return;
  for (const auto& d : departed) departure_(d.group, d.clientId);
}

void ConsumerManager::notifyChanged(const std::string& group,
                                    std::vector<remoting::ChannelPtr> channels) {
  if (listener_) listener_(group, channels);
}

}  // namespace apogee::broker
