#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "remoting/body/route.h"
#include "remoting/body/topic_config.h"
#include "remoting/transport/connection.h"

namespace apogee::namesrv {

// MixAll.MASTER_ID: the broker id of a master.
inline constexpr std::int64_t kMasterId = 0;

// One REGISTER_BROKER (103), decoded: who the broker is and what it serves.
struct BrokerRegistration {
  std::string clusterName;
  std::string brokerAddr;  // "ip:port" clients connect to
  std::string brokerName;
  std::int64_t brokerId = kMasterId;
  std::string haServerAddr;  // "ip:haPort" slaves replicate from
  remoting::TopicConfigSerializeWrapper topicConfig;
  // nullopt: leave the broker's filter servers as they are (a broker older
  // than V3_0_11 sends no list); an empty list removes them.
  std::optional<std::vector<std::string>> filterServerList;
  // The connection the registration came on; its close drops the broker.
  // Null in unit tests.
  remoting::ChannelPtr channel;
};

// What a registering broker learns: for a slave, its master's addresses.
struct RegisterBrokerResult {
  std::optional<std::string> haServerAddr;
  std::optional<std::string> masterAddr;
};

// The name server's route table (RocketMQ's RouteInfoManager, semantics of
// 4.9.8; rocketmq-protocol.md 6.1):
//   topic       -> broker name -> QueueData   (queues the master announced)
//   broker name -> BrokerData                 (cluster, addresses by broker id)
//   cluster     -> broker names
//   broker addr -> live info                  (last registration, DataVersion,
//                                              channel, HA address)
//   broker addr -> filter servers
//
// A topic has a route only while it has queue data and at least one of its
// brokers is known. Queue data changes only on a master's (id 0) registration,
// and only when its DataVersion differs from the last one or the broker
// address is new. A broker address goes away on UNREGISTER_BROKER, when its
// connection closes (onChannelDestroy), or when it has not registered for
// `broker_expiry` (scanNotActiveBroker); with the last address of a broker
// name go its queue data and the topics left without any.
//
// Thread safety: every method is thread-safe. One reader/writer lock (lock_)
// guards all tables: queries share it, changes take it exclusively. It is a
// leaf: nothing else is locked, no channel is closed and no callback runs
// while it is held (docs/lock_order.md).
class RouteInfoManager {
 public:
  using Clock = std::chrono::steady_clock;
  using NowFn = std::function<Clock::time_point()>;

  // `now` is the clock of the live table (tests pass a fake one).
  explicit RouteInfoManager(std::chrono::milliseconds broker_expiry = std::chrono::minutes(2),
                            NowFn now = &Clock::now);

  RouteInfoManager(const RouteInfoManager&) = delete;
  RouteInfoManager& operator=(const RouteInfoManager&) = delete;

  // ---- brokers (route_info_manager.cc) -------------------------------------
  RegisterBrokerResult registerBroker(const BrokerRegistration& registration);
  // Removes the address `broker_id` has under `broker_name` and the live
  // entry of `broker_addr`; with the broker name's last address, its queue
  // data too.
  void unregisterBroker(std::string_view cluster_name, std::string_view broker_addr,
                        std::string_view broker_name, std::int64_t broker_id);
  // True when `broker_addr` is not registered or registered with another
  // DataVersion.
  bool isBrokerTopicConfigChanged(std::string_view broker_addr,
                                  const remoting::DataVersion& version) const;
  // The DataVersion of the last registration of `broker_addr`.
  std::optional<remoting::DataVersion> queryBrokerTopicConfig(std::string_view broker_addr) const;
  // Counts as a registration for expiry (QUERY_DATA_VERSION with no change).
  void updateBrokerInfoUpdateTimestamp(std::string_view broker_addr);
  // Drops every broker whose last registration is older than the expiry and
  // closes its channel (after releasing the lock). Returns how many.
  int scanNotActiveBroker();
  // The connection `channel` (remote address `remote_addr`) closed: drops the
  // broker registered on it. When no broker registered on that channel,
  // `remote_addr` itself is tried as a broker address, as Java does.
  void onChannelDestroy(std::string_view remote_addr, const remoting::ChannelPtr& channel);

  // ---- queries and topic admin (route_query.cc) ----------------------------
  // The route of `topic`, or nullopt when it has none. Queue and broker datas
  // come in the order Java's hash tables give them.
  std::optional<remoting::TopicRouteData> pickupTopicRouteData(std::string_view topic) const;
  remoting::ClusterInfo getAllClusterInfo() const;
  // Every topic with queue data, in the order of Java's topic HashSet.
  remoting::TopicList getAllTopicList() const;
  // Topics served by a broker of `cluster` (empty for an unknown cluster).
  remoting::TopicList getTopicsByCluster(std::string_view cluster) const;
  // Removes the topic's queue data: all of it, or that of `cluster`'s brokers.
  void deleteTopic(std::string_view topic);
  void deleteTopic(std::string_view topic, std::string_view cluster);

  // Addresses of the brokers in the live table, sorted (tests, logs).
  std::vector<std::string> liveBrokerAddrs() const;

 private:
  struct BrokerLiveInfo {
    Clock::time_point lastUpdate;
    remoting::DataVersion dataVersion;
    remoting::ChannelPtr channel;
    std::string haServerAddr;
  };
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  template <typename V>
  using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;
  using QueueDataByBroker = std::map<std::string, remoting::QueueData, std::less<>>;

  // ---- lock_ held exclusively ----
  void createAndUpdateQueueData(const std::string& broker_name,
                                const remoting::TopicConfig& topic_config);
  // Removes `broker_addr` everywhere (live and filter tables, its broker
  // name's address list) and, when that was the broker name's last address,
  // the broker name with its queue data. Java's onChannelDestroy cleanup.
  void removeBrokerAddr(const std::string& broker_addr);
  void removeBrokerName(const std::string& broker_name);
  // Drops `broker_name`'s queue data and the topics left without any.
  void removeTopicByBrokerName(const std::string& broker_name);
  // ---- lock_ held (either mode) ----
  bool knowsBrokerAddr(std::string_view broker_addr) const;

  const std::chrono::milliseconds broker_expiry_;
  const NowFn now_;

  mutable std::shared_mutex lock_;
  StringMap<QueueDataByBroker> topic_queue_table_;              // guarded by lock_
  StringMap<remoting::BrokerData> broker_addr_table_;           // guarded by lock_
  std::map<std::string, std::set<std::string>, std::less<>> cluster_addr_table_;  // guarded by lock_
  StringMap<BrokerLiveInfo> broker_live_table_;                 // guarded by lock_
  StringMap<std::vector<std::string>> filter_server_table_;     // guarded by lock_
};

}  // namespace apogee::namesrv
