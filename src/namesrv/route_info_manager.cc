// RouteInfoManager: broker registration, unregistration and expiry. The
// queries are in route_query.cc.

#include "namesrv/route_info_manager.h"

#include <mutex>
#include <utility>

#include "common/logging.h"

namespace apogee::namesrv {

using remoting::BrokerData;
using remoting::ChannelPtr;
using remoting::DataVersion;
using remoting::QueueData;
using remoting::TopicConfig;

RouteInfoManager::RouteInfoManager(std::chrono::milliseconds broker_expiry, NowFn now)
    : broker_expiry_(broker_expiry), now_(std::move(now)) {}

RegisterBrokerResult RouteInfoManager::registerBroker(const BrokerRegistration& reg) {
  RegisterBrokerResult result;
  std::unique_lock lock(lock_);

  cluster_addr_table_[reg.clusterName].insert(reg.brokerName);

  bool register_first = false;
  auto broker_it = broker_addr_table_.find(reg.brokerName);
  if (broker_it == broker_addr_table_.end()) {
    register_first = true;
    BrokerData data;
    data.cluster = reg.clusterName;
    data.brokerName = reg.brokerName;
    broker_it = broker_addr_table_.emplace(reg.brokerName, std::move(data)).first;
  }
  auto& addrs = broker_it->second.brokerAddrs;
  // One address has one id: a slave turned master (or the reverse) first
  // drops the entry under its old id.
  std::erase_if(addrs, [&](const auto& entry) {
    return entry.second == reg.brokerAddr && entry.first != reg.brokerId;
  });
  auto [addr_it, inserted] = addrs.insert_or_assign(reg.brokerId, reg.brokerAddr);
  (void)addr_it;
  register_first = register_first || inserted;

  if (reg.brokerId == kMasterId) {
    auto live = broker_live_table_.find(reg.brokerAddr);
    const bool changed = live == broker_live_table_.end() ||
                         !(live->second.dataVersion == reg.topicConfig.dataVersion);
    if (changed || register_first) {
      for (const auto& [name, config] : reg.topicConfig.topicConfigTable) {
        createAndUpdateQueueData(reg.brokerName, config);
      }
    }
  }

  BrokerLiveInfo info{now_(), reg.topicConfig.dataVersion, reg.channel, reg.haServerAddr};
  auto [live_it, new_live] = broker_live_table_.insert_or_assign(reg.brokerAddr, std::move(info));
  (void)live_it;
  if (new_live) {
    logger("namesrv")->info("new broker registered: {} ({}/{} id {}), HA server {}", reg.brokerAddr,
                            reg.clusterName, reg.brokerName, reg.brokerId, reg.haServerAddr);
  }

  if (reg.filterServerList) {
    if (reg.filterServerList->empty()) {
      filter_server_table_.erase(reg.brokerAddr);
    } else {
      filter_server_table_.insert_or_assign(reg.brokerAddr, *reg.filterServerList);
    }
  }

  if (reg.brokerId != kMasterId) {
    auto master = addrs.find(kMasterId);
    if (master != addrs.end()) {
      auto master_live = broker_live_table_.find(master->second);
      if (master_live != broker_live_table_.end()) {
        result.haServerAddr = master_live->second.haServerAddr;
        result.masterAddr = master->second;
      }
    }
  }
  return result;
}

void RouteInfoManager::createAndUpdateQueueData(const std::string& broker_name,
                                                const TopicConfig& topic_config) {
  QueueData data;
  data.brokerName = broker_name;
  data.perm = topic_config.perm;
  data.readQueueNums = topic_config.readQueueNums;
  data.topicSysFlag = topic_config.topicSysFlag;
  data.writeQueueNums = topic_config.writeQueueNums;

  auto [topic_it, new_topic] = topic_queue_table_.try_emplace(topic_config.topicName);
  auto& by_broker = topic_it->second;
  if (new_topic) {
    logger("namesrv")->info("new topic registered: {} on {}", topic_config.topicName, broker_name);
  } else if (auto old = by_broker.find(broker_name); old != by_broker.end() && !(old->second == data)) {
    logger("namesrv")->info("topic {} changed on {}: perm {} read {} write {}", topic_config.topicName,
                            broker_name, data.perm, data.readQueueNums, data.writeQueueNums);
  }
  by_broker.insert_or_assign(broker_name, std::move(data));
}

void RouteInfoManager::unregisterBroker(std::string_view cluster_name, std::string_view broker_addr,
                                        std::string_view broker_name, std::int64_t broker_id) {
  std::unique_lock lock(lock_);
  if (auto live = broker_live_table_.find(broker_addr); live != broker_live_table_.end()) {
    broker_live_table_.erase(live);
  }
  if (auto filter = filter_server_table_.find(broker_addr); filter != filter_server_table_.end()) {
    filter_server_table_.erase(filter);
  }
  logger("namesrv")->info("unregister broker {} ({}/{} id {})", broker_addr, cluster_name,
                          broker_name, broker_id);

  auto broker_it = broker_addr_table_.find(broker_name);
  if (broker_it == broker_addr_table_.end()) return;
  // Java removes by id, not by address: the id's current address goes.
  broker_it->second.brokerAddrs.erase(broker_id);
  if (!broker_it->second.brokerAddrs.empty()) return;

  const std::string name = broker_it->first;
  broker_addr_table_.erase(broker_it);
  if (auto cluster = cluster_addr_table_.find(cluster_name); cluster != cluster_addr_table_.end()) {
    cluster->second.erase(name);
    if (cluster->second.empty()) cluster_addr_table_.erase(cluster);
  }
  removeTopicByBrokerName(name);
}

void RouteInfoManager::removeTopicByBrokerName(const std::string& broker_name) {
  for (auto it = topic_queue_table_.begin(); it != topic_queue_table_.end();) {
    it->second.erase(broker_name);
    if (it->second.empty()) {
      logger("namesrv")->info("topic {} has no queues left, removed", it->first);
      it = topic_queue_table_.erase(it);
    } else {
      ++it;
    }
  }
}

bool RouteInfoManager::isBrokerTopicConfigChanged(std::string_view broker_addr,
                                                  const DataVersion& version) const {
  std::shared_lock lock(lock_);
  auto live = broker_live_table_.find(broker_addr);
  return live == broker_live_table_.end() || !(live->second.dataVersion == version);
}

std::optional<DataVersion> RouteInfoManager::queryBrokerTopicConfig(std::string_view broker_addr) const {
  std::shared_lock lock(lock_);
  auto live = broker_live_table_.find(broker_addr);
  if (live == broker_live_table_.end()) return std::nullopt;
  return live->second.dataVersion;
}

void RouteInfoManager::updateBrokerInfoUpdateTimestamp(std::string_view broker_addr) {
  std::unique_lock lock(lock_);
  auto live = broker_live_table_.find(broker_addr);
  if (live != broker_live_table_.end()) live->second.lastUpdate = now_();
}

int RouteInfoManager::scanNotActiveBroker() {
  std::vector<ChannelPtr> to_close;
  int removed = 0;
  {
    std::unique_lock lock(lock_);
    const auto now = now_();
    std::vector<std::string> expired;
    for (const auto& [addr, info] : broker_live_table_) {
      if (info.lastUpdate + broker_expiry_ < now) expired.push_back(addr);
    }
    for (const auto& addr : expired) {
      auto live = broker_live_table_.find(addr);
      if (live->second.channel) to_close.push_back(live->second.channel);
      logger("namesrv")->warn("broker {} not heard from for more than {} ms, removed", addr,
                              broker_expiry_.count());
      removeBrokerAddr(addr);
      ++removed;
    }
  }
  // Closing only posts to the connection's I/O thread, but no lock is held
  // across it all the same; the close event finds nothing left to remove.
  for (const auto& channel : to_close) {
    channel->close(Status::Aborted("broker registration expired"));
  }
  return removed;
}

bool RouteInfoManager::knowsBrokerAddr(std::string_view broker_addr) const {
  if (broker_live_table_.contains(broker_addr) || filter_server_table_.contains(broker_addr)) {
    return true;
  }
  for (const auto& [name, data] : broker_addr_table_) {
    for (const auto& [id, addr] : data.brokerAddrs) {
      if (addr == broker_addr) return true;
    }
  }
  return false;
}

void RouteInfoManager::onChannelDestroy(std::string_view remote_addr, const ChannelPtr& channel) {
  std::string broker_addr;
  {
    // Most closing connections are clients'; they are ruled out under the
    // shared lock, without stopping route queries.
    std::shared_lock lock(lock_);
    if (channel) {
      for (const auto& [addr, info] : broker_live_table_) {
        if (info.channel == channel) {
          broker_addr = addr;
          break;
        }
      }
    }
    if (broker_addr.empty()) broker_addr = std::string(remote_addr);
    if (broker_addr.empty() || !knowsBrokerAddr(broker_addr)) return;
  }
  std::unique_lock lock(lock_);
  // The broker may have re-registered on a new channel meanwhile; then this
  // (old) channel no longer owns the address.
  auto live = broker_live_table_.find(broker_addr);
  if (live != broker_live_table_.end() && channel && live->second.channel &&
      live->second.channel != channel) {
    return;
  }
  logger("namesrv")->info("connection of broker {} closed, removing it", broker_addr);
  removeBrokerAddr(broker_addr);
}

void RouteInfoManager::removeBrokerAddr(const std::string& broker_addr) {
  broker_live_table_.erase(broker_addr);
  filter_server_table_.erase(broker_addr);
  for (auto it = broker_addr_table_.begin(); it != broker_addr_table_.end(); ++it) {
    auto& addrs = it->second.brokerAddrs;
    const auto erased = std::erase_if(addrs, [&](const auto& e) { return e.second == broker_addr; });
    if (erased == 0) continue;
    if (addrs.empty()) removeBrokerName(it->first);
    return;  // an address belongs to one broker name
  }
}

void RouteInfoManager::removeBrokerName(const std::string& broker_name) {
  const std::string name = broker_name;  // the table entry owning `broker_name` goes next
  broker_addr_table_.erase(name);
  for (auto it = cluster_addr_table_.begin(); it != cluster_addr_table_.end(); ++it) {
    if (it->second.erase(name) == 0) continue;
    if (it->second.empty()) cluster_addr_table_.erase(it);
    break;
  }
  removeTopicByBrokerName(name);
}

}  // namespace apogee::namesrv
