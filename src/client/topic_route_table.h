#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "remoting/body/route.h"

namespace apogee::client {

// A broker address found for a broker name, and whether it is a slave.
struct FindBrokerResult {
  std::string brokerAddr;
  bool slave = false;
};

// The instance's route bookkeeping (the topicRouteTable and brokerAddrTable
// of RocketMQ's MQClientInstance): the last route of every topic in use, and
// the addresses of every broker those routes name. Thread-safe: one mutex,
// never held across I/O.
class TopicRouteTable {
 public:
  // Stores `route` for `topic`; returns whether it differs from the stored
  // one (or there was none). The route's broker addresses replace the
  // stored ones of those brokers.
  bool update(const std::string& topic, const remoting::TopicRouteData& route);
  std::optional<remoting::TopicRouteData> route(const std::string& topic) const;
  std::vector<std::string> topics() const;

  // The master (id 0) address of `brokerName`, or empty.
  std::string findBrokerAddressInPublish(const std::string& brokerName) const;
  // RocketMQ's findBrokerAddressInSubscribe: the address of `brokerId`; if it
  // has none and !onlyThisBroker, any address of the broker.
  std::optional<FindBrokerResult> findBrokerAddressInSubscribe(const std::string& brokerName,
                                                               std::int64_t brokerId,
                                                               bool onlyThisBroker) const;
  // Any address of `brokerName`, the master preferred.
  std::optional<FindBrokerResult> findBrokerAddressInAdmin(const std::string& brokerName) const;
  // An address of some broker serving `topic` (RocketMQ's findBrokerAddrByTopic:
  // a random broker of the route, its master if it has one), or empty.
  std::string findBrokerAddrByTopic(const std::string& topic) const;
  // The broker name whose addresses include `addr`, or empty.
  std::string brokerNameOf(const std::string& addr) const;

  // Every master address (heartbeats of producer-only clients).
  std::vector<std::string> masterAddresses() const;
  // Every address, masters and slaves.
  std::vector<std::string> allAddresses() const;

  // Drops broker addresses no stored route mentions any more (RocketMQ's
  // cleanOfflineBroker). Returns the dropped addresses.
  std::vector<std::string> cleanOfflineBrokers();

 private:
  mutable std::mutex mutex_;
  std::map<std::string, remoting::TopicRouteData> routes_;                   // guarded by mutex_
  std::map<std::string, std::map<std::int64_t, std::string>> broker_addrs_;  // guarded by mutex_
};

// The topics whose route is incomplete: the name server has none any more,
// or it lost a broker that served the topic, or a broker of the topic stopped
// answering. The instance asks for these routes every second (only these:
// one small request per topic) instead of at the 30 s poll, so that a broker
// coming back after an outage is used again within about a second; RocketMQ
// waits for the next poll. A topic leaves the list when its route names every
// broker it named when watching began, or after `window` (a broker that was
// removed for good is then noticed by the regular poll only).
// Thread-safe: one mutex, never held across I/O.
class RouteWatchList {
 public:
  using Clock = std::chrono::steady_clock;

  // Watches `topic` until its route names every broker of `expected` (any
  // route at all when empty); `missing`: the name server's route lacks them
  // now (rather than a broker being unreachable). Watching it already: adds
  // to `expected` and keeps the start time.
  void watch(const std::string& topic, const std::set<std::string>& expected, bool missing,
             Clock::time_point now);
  // The watched topics; those watched longer than `window` are dropped.
  std::vector<std::string> due(Clock::time_point now, std::chrono::milliseconds window);
  // A route fetched for `topic`. When it names every expected broker the
  // topic is no longer watched; returns true if it was `missing` before
  // (brokers came back).
  bool settle(const std::string& topic, const remoting::TopicRouteData& route);
  void forget(const std::string& topic);
  bool watching(const std::string& topic) const;

  // The brokers of `route` that have queues of its topic.
  static std::set<std::string> brokersOf(const remoting::TopicRouteData& route);

 private:
  struct Watch {
    std::set<std::string> expected;
    bool missing = false;
    Clock::time_point since;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Watch> watches_;  // guarded by mutex_
};

}  // namespace apogee::client
