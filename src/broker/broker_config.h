#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "store/store_config.h"

namespace apogee::broker {

// Settings of one broker, with RocketMQ's names and (4.9.8) defaults where
// RocketMQ has the setting. docs/configuration.md lists every key.
struct BrokerConfig {
  std::string brokerName = "broker-a";
  std::string brokerClusterName = "DefaultCluster";
  std::int64_t brokerId = 0;  // 0 = master
  // The address clients are told (registration, offsetMsgId): brokerIP1 plus
  // the bound port.
  std::string brokerIP1 = "127.0.0.1";
  std::string listenHost = "0.0.0.0";
  std::uint16_t listenPort = 10911;  // 0 picks a free port (tests)
  // Name servers, "host:port;host:port"; empty runs without registration.
  std::string namesrvAddr;
  // Root of the store and of config/ (topics.json, consumerOffset.json, ...).
  std::filesystem::path storePathRootDir;

  // PermName bits of the whole broker (6 = read and write).
  std::int32_t brokerPermission = 6;
  // Create an unknown topic on its first send from the default topic TBW102.
  bool autoCreateTopicEnable = false;
  std::int32_t defaultTopicQueueNums = 8;
  bool autoCreateSubscriptionGroup = true;
  bool clusterTopicEnable = true;
  bool brokerTopicEnable = true;

  // Registration with the name servers: at start, every period (clamped to
  // 10..60 s as RocketMQ does), and when topics change.
  std::chrono::milliseconds registerNameServerPeriod{30000};
  std::chrono::milliseconds registerBrokerTimeout{6000};

  // Consumer offsets and delay offsets are written this often (and at
  // shutdown).
  std::chrono::milliseconds flushConsumerOffsetInterval{5000};
  // A client silent this long is dropped; the scan runs every clientScanInterval.
  std::chrono::milliseconds channelExpiredTimeout{120000};
  std::chrono::milliseconds clientScanInterval{10000};
  bool notifyConsumerIdsChangedEnable = true;
  // Orderly-consumption queue locks expire this long after the last renewal.
  std::chrono::milliseconds rebalanceLockMaxLiveTime{60000};

  // Long polling: held pulls wait for an arrival; the hold service re-checks
  // every held queue this often as a safety net (RocketMQ: 5 s).
  bool longPollingEnable = true;
  std::chrono::milliseconds shortPollingTime{1000};
  std::chrono::milliseconds holdCheckInterval{5000};

  // Largest message body accepted (also passed to the store).
  std::int32_t maxMessageSize = 4 * 1024 * 1024;
  std::string regionId = "DefaultRegion";
  bool traceOn = true;
  // Delay ladder (levels 1..n).
  std::string messageDelayLevel = "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h";

  // Threads.
  std::size_t ioThreads = 2;
  std::size_t sendThreads = 4;
  std::size_t pullThreads = 8;
  std::size_t adminThreads = 4;

  // Store settings; storePathRootDir, maxMessageSize, storeHost and
  // messageDelayLevel are overwritten from the fields above at start.
  store::MessageStoreConfig store;

  std::filesystem::path configDir() const { return storePathRootDir / "config"; }
};

}  // namespace apogee::broker
