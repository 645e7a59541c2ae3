#include "client/topic_route_table.h"

#include <random>

#include "client/client_constants.h"

namespace apogee::client {

bool TopicRouteTable::update(const std::string& topic, const remoting::TopicRouteData& route) {
  std::lock_guard lock(mutex_);
  // Like RocketMQ, the newest route's view of a broker replaces the old one.
  for (const auto& bd : route.brokerDatas) broker_addrs_[bd.brokerName] = bd.brokerAddrs;
  auto it = routes_.find(topic);
  if (it != routes_.end() && it->second == route) return false;
  routes_[topic] = route;
  return true;
}

std::optional<remoting::TopicRouteData> TopicRouteTable::route(const std::string& topic) const {
  std::lock_guard lock(mutex_);
  auto it = routes_.find(topic);
  if (it == routes_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> TopicRouteTable::topics() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [topic, _] : routes_) out.push_back(topic);
  return out;
}

std::string TopicRouteTable::findBrokerAddressInPublish(const std::string& brokerName) const {
  std::lock_guard lock(mutex_);
  auto it = broker_addrs_.find(brokerName);
  if (it == broker_addrs_.end()) return {};
  auto master = it->second.find(kMasterId);
  return master == it->second.end() ? std::string() : master->second;
}

std::optional<FindBrokerResult> TopicRouteTable::findBrokerAddressInSubscribe(
    const std::string& brokerName, std::int64_t brokerId, bool onlyThisBroker) const {
  std::lock_guard lock(mutex_);
  auto it = broker_addrs_.find(brokerName);
  if (it == broker_addrs_.end() || it->second.empty()) return std::nullopt;
  if (auto exact = it->second.find(brokerId); exact != it->second.end()) {
    return FindBrokerResult{exact->second, brokerId != kMasterId};
  }
  if (onlyThisBroker) return std::nullopt;
  const auto& [id, addr] = *it->second.begin();
  return FindBrokerResult{addr, id != kMasterId};
}

std::optional<FindBrokerResult> TopicRouteTable::findBrokerAddressInAdmin(
    const std::string& brokerName) const {
  return findBrokerAddressInSubscribe(brokerName, kMasterId, false);
}

std::string TopicRouteTable::findBrokerAddrByTopic(const std::string& topic) const {
  std::lock_guard lock(mutex_);
  auto it = routes_.find(topic);
  if (it == routes_.end() || it->second.brokerDatas.empty()) return {};
  thread_local std::mt19937 rng{std::random_device{}()};
  const auto& brokers = it->second.brokerDatas;
  const auto& addrs =
      brokers[std::uniform_int_distribution<std::size_t>(0, brokers.size() - 1)(rng)].brokerAddrs;
  if (addrs.empty()) return {};
  auto master = addrs.find(kMasterId);
  return master != addrs.end() ? master->second : addrs.begin()->second;
}

std::string TopicRouteTable::brokerNameOf(const std::string& addr) const {
  std::lock_guard lock(mutex_);
  for (const auto& [name, addrs] : broker_addrs_) {
    for (const auto& [id, a] : addrs) {
      if (a == addr) return name;
    }
  }
  return {};
}

std::vector<std::string> TopicRouteTable::masterAddresses() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [name, addrs] : broker_addrs_) {
    if (auto m = addrs.find(kMasterId); m != addrs.end()) out.push_back(m->second);
  }
  return out;
}

std::vector<std::string> TopicRouteTable::allAddresses() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [name, addrs] : broker_addrs_) {
    for (const auto& [id, a] : addrs) out.push_back(a);
  }
  return out;
}

std::vector<std::string> TopicRouteTable::cleanOfflineBrokers() {
  std::lock_guard lock(mutex_);
  std::vector<std::string> dropped;
  for (auto name_it = broker_addrs_.begin(); name_it != broker_addrs_.end();) {
    auto& addrs = name_it->second;
    for (auto it = addrs.begin(); it != addrs.end();) {
      bool in_route = false;
      for (const auto& [topic, route] : routes_) {
        for (const auto& bd : route.brokerDatas) {
          for (const auto& [id, a] : bd.brokerAddrs) in_route = in_route || a == it->second;
        }
      }
      if (in_route) {
        ++it;
      } else {
        dropped.push_back(it->second);
        it = addrs.erase(it);
      }
    }
    name_it = addrs.empty() ? broker_addrs_.erase(name_it) : std::next(name_it);
  }
  return dropped;
}

void RouteWatchList::watch(const std::string& topic, const std::set<std::string>& expected,
                           bool missing, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto [it, added] = watches_.try_emplace(topic, Watch{expected, missing, now});
  if (added) return;
  it->second.expected.insert(expected.begin(), expected.end());
  it->second.missing = it->second.missing || missing;
}

std::vector<std::string> RouteWatchList::due(Clock::time_point now,
                                             std::chrono::milliseconds window) {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (auto it = watches_.begin(); it != watches_.end();) {
    if (now - it->second.since > window) {
      it = watches_.erase(it);
    } else {
      out.push_back(it->first);
      ++it;
    }
  }
  return out;
}

bool RouteWatchList::settle(const std::string& topic, const remoting::TopicRouteData& route) {
  std::lock_guard lock(mutex_);
  auto it = watches_.find(topic);
  if (it == watches_.end()) return false;
  const auto brokers = brokersOf(route);
  if (brokers.empty()) return false;
  for (const auto& name : it->second.expected) {
    if (!brokers.contains(name)) return false;
  }
  const bool returned = it->second.missing;
  watches_.erase(it);
  return returned;
}

void RouteWatchList::forget(const std::string& topic) {
  std::lock_guard lock(mutex_);
  watches_.erase(topic);
}

bool RouteWatchList::watching(const std::string& topic) const {
  std::lock_guard lock(mutex_);
  return watches_.contains(topic);
}

std::set<std::string> RouteWatchList::brokersOf(const remoting::TopicRouteData& route) {
  std::set<std::string> out;
  for (const auto& qd : route.queueDatas) out.insert(qd.brokerName);
  return out;
}

}  // namespace apogee::client
