// RouteInfoManager: route and topic queries, topic deletion.
//
// Java keeps these tables in HashMaps and HashSets and writes them in their
// iteration order. Where that order shows in an answer (the route's queue
// and broker lists, topic lists) we reproduce it with java_compat.h, so a
// Java name server and ours give the same bytes for the same registrations
// (short of hash collisions, where Java's order depends on insertion order).

#include <algorithm>
#include <mutex>

#include "namesrv/route_info_manager.h"
#include "remoting/body/java_compat.h"

namespace apogee::namesrv {

using remoting::BrokerData;
using remoting::ClusterInfo;
using remoting::JavaMapKind;
using remoting::TopicList;
using remoting::TopicRouteData;

namespace {

// RouteInfoManager.topicQueueTable is `new HashMap<>(1024)`.
constexpr std::size_t kJavaTopicTableCapacity = 1024;

// The names in the order a java.util.HashSet iterates them after being filled
// from the topic table (itself a HashMap(1024)) in that table's order. Sorted
// first so that colliding names come out the same on every call.
std::vector<std::string> javaTopicSetOrder(std::vector<std::string> topics) {
  std::sort(topics.begin(), topics.end());
  remoting::sortInJavaHashOrder(
      topics, [](const std::string& t) { return remoting::javaStringHashCode(t); },
      JavaMapKind{JavaMapKind::Type::kHashMap, kJavaTopicTableCapacity});
  return remoting::javaHashSetOrder(std::move(topics));
}

// Broker names in the order of a default HashMap/HashSet keyed by them (the
// per-topic queue map, the route's broker-name set, a cluster's name set).
std::vector<std::string> javaNameSetOrder(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  return remoting::javaHashSetOrder(std::move(names));
}

}  // namespace

std::optional<TopicRouteData> RouteInfoManager::pickupTopicRouteData(std::string_view topic) const {
  std::shared_lock lock(lock_);
  auto topic_it = topic_queue_table_.find(topic);
  if (topic_it == topic_queue_table_.end()) return std::nullopt;
  const QueueDataByBroker& by_broker = topic_it->second;

  std::vector<std::string> names;
  names.reserve(by_broker.size());
  for (const auto& [name, data] : by_broker) names.push_back(name);
  names = javaNameSetOrder(std::move(names));

  TopicRouteData route;
  route.queueDatas.reserve(names.size());
  for (const auto& name : names) route.queueDatas.push_back(by_broker.find(name)->second);
  for (const auto& name : names) {
    auto broker_it = broker_addr_table_.find(name);
    if (broker_it == broker_addr_table_.end()) continue;
    route.brokerDatas.push_back(broker_it->second);
    if (filter_server_table_.empty()) continue;
    for (const auto& [id, addr] : broker_it->second.brokerAddrs) {
      if (auto filter = filter_server_table_.find(addr); filter != filter_server_table_.end()) {
        route.filterServerTable.insert_or_assign(addr, filter->second);
      }
    }
  }
  if (route.brokerDatas.empty()) return std::nullopt;
  return route;
}

ClusterInfo RouteInfoManager::getAllClusterInfo() const {
  std::shared_lock lock(lock_);
  ClusterInfo info;
  for (const auto& [name, data] : broker_addr_table_) info.brokerAddrTable.emplace(name, data);
  for (const auto& [cluster, names] : cluster_addr_table_) {
    info.clusterAddrTable.emplace(cluster,
                                  javaNameSetOrder(std::vector<std::string>(names.begin(), names.end())));
  }
  return info;
}

TopicList RouteInfoManager::getAllTopicList() const {
  std::vector<std::string> topics;
  {
    std::shared_lock lock(lock_);
    topics.reserve(topic_queue_table_.size());
    for (const auto& [topic, by_broker] : topic_queue_table_) topics.push_back(topic);
  }
  TopicList list;
  list.topicList = javaTopicSetOrder(std::move(topics));
  return list;
}

TopicList RouteInfoManager::getTopicsByCluster(std::string_view cluster) const {
  std::vector<std::string> topics;
  {
    std::shared_lock lock(lock_);
    auto cluster_it = cluster_addr_table_.find(cluster);
    if (cluster_it != cluster_addr_table_.end()) {
      for (const auto& [topic, by_broker] : topic_queue_table_) {
        const bool served = std::any_of(cluster_it->second.begin(), cluster_it->second.end(),
                                        [&](const std::string& name) { return by_broker.contains(name); });
        if (served) topics.push_back(topic);
      }
    }
  }
  TopicList list;
  list.topicList = javaTopicSetOrder(std::move(topics));
  return list;
}

void RouteInfoManager::deleteTopic(std::string_view topic) {
  std::unique_lock lock(lock_);
  if (auto it = topic_queue_table_.find(topic); it != topic_queue_table_.end()) {
    topic_queue_table_.erase(it);
  }
}

void RouteInfoManager::deleteTopic(std::string_view topic, std::string_view cluster) {
  std::unique_lock lock(lock_);
  auto cluster_it = cluster_addr_table_.find(cluster);
  auto topic_it = topic_queue_table_.find(topic);
  if (cluster_it == cluster_addr_table_.end() || topic_it == topic_queue_table_.end()) return;
  for (const auto& name : cluster_it->second) topic_it->second.erase(name);
  if (topic_it->second.empty()) topic_queue_table_.erase(topic_it);
}

std::vector<std::string> RouteInfoManager::liveBrokerAddrs() const {
  std::vector<std::string> addrs;
  {
    std::shared_lock lock(lock_);
    for (const auto& [addr, info] : broker_live_table_) addrs.push_back(addr);
  }
  std::sort(addrs.begin(), addrs.end());
  return addrs;
}

}  // namespace apogee::namesrv
