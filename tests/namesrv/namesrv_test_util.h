#pragma once

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "namesrv/route_info_manager.h"
#include "remoting/body/topic_config.h"

namespace apogee::namesrv::testing {

struct TopicSpec {
  std::string name;
  std::int32_t perm = remoting::kPermRead | remoting::kPermWrite;
  std::int32_t queues = 4;
};

inline remoting::TopicConfig topicConfig(const TopicSpec& spec) {
  remoting::TopicConfig config;
  config.topicName = spec.name;
  config.perm = spec.perm;
  config.readQueueNums = spec.queues;
  config.writeQueueNums = spec.queues;
  return config;
}

// A registration of `broker_name` (cluster "DefaultCluster") at
// `addr` with id `id`, HA address "<addr host>:ha", DataVersion `counter`.
inline BrokerRegistration registration(const std::string& broker_name, const std::string& addr,
                                       std::int64_t id, std::int64_t counter,
                                       std::initializer_list<TopicSpec> topics,
                                       const std::string& cluster = "DefaultCluster") {
  BrokerRegistration reg;
  reg.clusterName = cluster;
  reg.brokerAddr = addr;
  reg.brokerName = broker_name;
  reg.brokerId = id;
  reg.haServerAddr = addr + "-ha";
  reg.topicConfig.dataVersion.counter = counter;
  reg.topicConfig.dataVersion.timestamp = 1700000000000 + counter;
  for (const auto& spec : topics) reg.topicConfig.topicConfigTable[spec.name] = topicConfig(spec);
  reg.filterServerList.emplace();
  return reg;
}

// A clock tests move by hand.
struct FakeClock {
  RouteInfoManager::Clock::time_point now{std::chrono::hours(1000)};
  RouteInfoManager::NowFn fn() {
    return [this] { return now; };
  }
};

}  // namespace apogee::namesrv::testing
