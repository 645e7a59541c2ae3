#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "apogee/client_config.h"
#include "client/client_inner.h"
#include "client/client_remoting_processor.h"
#include "client/client_scheduler.h"
#include "client/consumer/cache_budget.h"
#include "client/mq_client_api.h"
#include "client/stats/consumer_stats_manager.h"
#include "client/topic_route_table.h"
#include "common/lane_executor.h"
#include "common/result.h"
#include "common/status.h"

namespace apogee::client {

// How often consumers rebalance without a trigger
// (rocketmq.client.rebalance.waitInterval).
inline constexpr std::chrono::milliseconds kRebalanceInterval{20000};
// How often unreachable brokers are probed (a connection attempt), how
// often incomplete routes are asked for, and for how long at most a route is.
inline constexpr std::chrono::milliseconds kBrokerProbeInterval{250};
inline constexpr std::chrono::milliseconds kRouteWatchInterval{1000};
inline constexpr std::chrono::milliseconds kRouteWatchWindow{30 * 60 * 1000};

// Everything the producers and consumers of one client id share (RocketMQ's
// MQClientInstance): the connections (one MQClientAPIImpl), the route cache,
// the group registrations, and the periodic tasks:
//
//   task            first run   period                         does
//   updateRoutes    10 ms       pollNameServerInterval (30 s)  refresh every used topic's route
//   heartbeat       1 s         heartbeatBrokerInterval (30 s) drop offline brokers, heartbeat
//   persistOffsets  10 s        persistConsumerOffsetInterval  consumers commit offsets
//   rebalance       20 s        20 s (and on NOTIFY)           consumers rebalance
//   brokerProbe     250 ms      250 ms                         probe unreachable brokers
//   routeWatch      1 s         1 s                            refresh incomplete routes only
//   statsMinute     10 s        10 s                           consumer stats: minute samples
//   statsHour       10 min      10 min                         consumer stats: hour samples
//
// brokerProbe and routeWatch are ours (RocketMQ waits for the next poll,
// heartbeat and rebalance): see brokerUnreachable, RouteWatchList and
// docs/client.md "Broker outages".
//
// Obtained from MQClientManager; the first producer or consumer to start()
// starts it and the last to shut down shuts it down (shutdown() is a no-op
// while any group is registered).
//
// Thread safety: all methods. Locks: mutex_ guards the group tables and the
// state; route_table_ has its own; neither is held while calling into a
// producer or consumer or doing I/O. heartbeat_mutex_ serialises heartbeats.
class DefaultMQProducerImpl;

class MQClientInstance {
 public:
  MQClientInstance(ClientConfig config, std::string clientId);
  ~MQClientInstance();
  MQClientInstance(const MQClientInstance&) = delete;
  MQClientInstance& operator=(const MQClientInstance&) = delete;

  const std::string& getClientId() const noexcept { return client_id_; }
  const ClientConfig& getConfig() const noexcept { return config_; }
  MQClientAPIImpl& getMQClientAPIImpl() noexcept { return *api_; }
  TopicRouteTable& routeTable() noexcept { return route_table_; }
  // The instance's own producer (RocketMQ's defaultMQProducer, group
  // CLIENT_INNER_PRODUCER, no namespace: callers give wire names), created
  // on first use: a consumer re-sends a message through it when
  // CONSUMER_SEND_MSG_BACK fails. nullptr unless running. It gets routes
  // like the registered producers but is not a group that keeps the
  // instance alive; shutdown() stops it.
  std::shared_ptr<DefaultMQProducerImpl> innerProducer();
  // The push consumers' shared cache budget (ClientConfig::cacheBudgetBytes).
  const std::shared_ptr<CacheBudget>& cacheBudget() const noexcept { return cache_budget_; }
  // The consumers' pull and consume statistics (RocketMQ's
  // getConsumerStatsManager()).
  ConsumerStatsManager& consumerStatsManager() noexcept { return consumer_stats_; }
  // The threads every push consumer of the instance shares, created on
  // first use and stopped by shutdown(); each consumer works through its
  // own lane. Consume: the listener workers, as many as the largest
  // consumeThreadMin asked for (`minWorkers`; updateCorePoolSize may grow
  // it), plus one control thread (lock renewals, the consume-timeout
  // check). Pull: one thread that starts every consumer's asynchronous
  // pulls (RocketMQ's PullMessageService).
  std::shared_ptr<LaneExecutor> consumeExecutor(std::size_t minWorkers);
  std::shared_ptr<LaneExecutor> pullExecutor();

  // Starts the transport and the scheduler; later calls do nothing.
  // InvalidArgument after shutdown.
  Status start();
  // Shuts down unless a producer or consumer is still registered: stops the
  // tasks, unregisters the client's inner producer group from the brokers,
  // closes the connections and removes the instance from MQClientManager.
  void shutdown();
  bool isRunning() const;

  // InvalidArgument "The producer group[G] has been created before, specify
  // another name please." when `group` is taken in this instance.
  Status registerProducer(const std::string& group, std::shared_ptr<MQProducerInner> producer);
  // Forgets `group` and sends UNREGISTER_CLIENT for it to every known broker.
  void unregisterProducer(const std::string& group);
  // Same contract for consumer groups.
  Status registerConsumer(const std::string& group, std::shared_ptr<MQConsumerInner> consumer);
  void unregisterConsumer(const std::string& group);
  std::shared_ptr<MQConsumerInner> selectConsumer(const std::string& group) const;

  // Fetches `topic`'s route and, when it changed, updates the producers'
  // publish info and the consumers' subscribe info. With `isDefault` the
  // route of TBW102 is fetched instead and stored for `topic` with at most
  // `defaultTopicQueueNums` queues per broker (sending to a topic the broker
  // will auto-create). NotFound (TOPIC_NOT_EXIST) when the name server has
  // no route.
  Status updateTopicRouteInfoFromNameServer(const std::string& topic, bool isDefault = false,
                                            int defaultTopicQueueNums = 4);
  // Refreshes every topic a producer or consumer uses.
  void updateTopicRouteInfoFromNameServer();
  // A broker of `topic` could not be reached (a failed pull): its route is
  // asked for within a second, and every second while it stays incomplete,
  // in case the broker left the route or comes back at another address.
  void checkRouteSoon(const std::string& topic);
  bool isRouteWatched(const std::string& topic) const { return route_watch_.watching(topic); }
  // A broker did not answer (a failed pull or heartbeat). It is probed every
  // 250 ms with a connection attempt (which never blocks the scheduler);
  // once one succeeds it gets a heartbeat, and when that is answered the
  // consumers rebalance at once: a restarted broker has forgotten the groups
  // and the queue locks, which the periodic tasks would renew only in up to
  // 30 s and 20 s. A broker that accepts connections but answers the
  // heartbeat with an error (still starting) stays unreachable.
  void brokerUnreachable(const std::string& brokerName);

  std::string findBrokerAddressInPublish(const std::string& brokerName) const {
    return route_table_.findBrokerAddressInPublish(brokerName);
  }
  std::optional<FindBrokerResult> findBrokerAddressInSubscribe(const std::string& brokerName,
                                                               std::int64_t brokerId,
                                                               bool onlyThisBroker) const {
    return route_table_.findBrokerAddressInSubscribe(brokerName, brokerId, onlyThisBroker);
  }
  std::optional<FindBrokerResult> findBrokerAddressInAdmin(const std::string& brokerName) const {
    return route_table_.findBrokerAddressInAdmin(brokerName);
  }

  // The client ids of `group`, asked of a broker serving `topic` (rebalance).
  Result<std::vector<std::string>> findConsumerIdList(const std::string& topic,
                                                      const std::string& group);

  // Heartbeats every broker now (masters only when there are no consumers).
  void sendHeartbeatToAllBrokers();
  // Runs the rebalance task now (on the scheduler thread).
  void rebalanceImmediately() { scheduler_.runNow("rebalance"); }
  // Runs the route refresh task within `delay` (a subscribed topic whose
  // route the name server did not have yet).
  void updateRoutesIn(std::chrono::milliseconds delay) { scheduler_.runIn("updateRoutes", delay); }
  // Runs the rebalance task within `delay` (a refused queue lock's retry).
  void rebalanceIn(std::chrono::milliseconds delay) { scheduler_.runIn("rebalance", delay); }
  // Runs the heartbeat task now (on the scheduler thread); calls made while
  // it is due or running coalesce into one.
  void heartbeatImmediately() { scheduler_.runNow("heartbeat"); }
  // Asks every consumer to commit its offsets (scheduler thread normally).
  void persistAllConsumerOffset();
  void doRebalance();
  // Drops broker addresses no route mentions (RocketMQ's cleanOfflineBroker).
  void cleanOfflineBroker();

 private:
  enum class State { kCreated, kRunning, kShutdown };

  std::vector<std::shared_ptr<MQProducerInner>> producers() const;
  std::vector<std::shared_ptr<MQConsumerInner>> consumers() const;
  remoting::HeartbeatData prepareHeartbeatData() const;
  void unregisterClient(const std::string& producerGroup, const std::string& consumerGroup);
  void shutdownExecutors();
  std::set<std::string> topicsInUse() const;
  // The brokerProbe task.
  void probeBrokers();
  // The routeWatch task: refreshes the watched topics still in use.
  void refreshWatchedRoutes();

  const ClientConfig config_;
  const std::string client_id_;
  std::unique_ptr<MQClientAPIImpl> api_;
  std::shared_ptr<ClientRemotingProcessor> processor_;
  TopicRouteTable route_table_;
  RouteWatchList route_watch_;
  ClientScheduler scheduler_;
  ConsumerStatsManager consumer_stats_;
  const std::shared_ptr<CacheBudget> cache_budget_;
  std::mutex executors_mutex_;
  std::shared_ptr<LaneExecutor> consume_executor_;  // guarded by executors_mutex_
  std::shared_ptr<LaneExecutor> pull_executor_;     // guarded by executors_mutex_

  mutable std::mutex mutex_;
  State state_ = State::kCreated;                                           // guarded by mutex_
  std::map<std::string, std::shared_ptr<MQProducerInner>> producer_table_;  // guarded by mutex_
  std::map<std::string, std::shared_ptr<MQConsumerInner>> consumer_table_;  // guarded by mutex_
  std::shared_ptr<DefaultMQProducerImpl> inner_producer_;                   // guarded by mutex_
  std::mutex heartbeat_mutex_;
  std::mutex route_update_mutex_;  // one route fetch-and-apply at a time
  std::mutex outage_mutex_;
  std::set<std::string> unreachable_brokers_;  // broker names; guarded by outage_mutex_
  std::set<std::string> connected_brokers_;    // probe connected; guarded by outage_mutex_
};

// The process's instances by client id (RocketMQ's MQClientManager).
// Thread-safe.
class MQClientManager {
 public:
  static MQClientManager& getInstance();

  // The instance for config.buildMQClientId(), created with `config` if none.
  std::shared_ptr<MQClientInstance> getOrCreateMQClientInstance(const ClientConfig& config);
  // Called by MQClientInstance::shutdown.
  void removeClientFactory(const std::string& clientId);
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<MQClientInstance>> table_;  // guarded by mutex_
};

}  // namespace apogee::client
