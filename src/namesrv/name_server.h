#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "common/status.h"
#include "namesrv/broker_housekeeping.h"
#include "namesrv/kv_config_manager.h"
#include "namesrv/route_info_manager.h"
#include "remoting/transport/remoting_server.h"

namespace apogee::namesrv {

// Settings of a name server; defaults are RocketMQ 4.9.8's (NamesrvConfig,
// NettyServerConfig, rocketmq-protocol.md 6.1).
struct NameServerConfig {
  std::string listen_host = "0.0.0.0";
  std::uint16_t listen_port = 9876;  // 0 picks a free port; see NameServer::port()
  std::size_t io_threads = 2;
  std::size_t processor_threads = 8;  // serverWorkerThreads
  // A broker not heard from for this long is dropped with its routes; the
  // scan for such brokers runs every `scan_interval`, first after
  // `scan_initial_delay`.
  std::chrono::milliseconds broker_expiry{std::chrono::seconds(120)};
  std::chrono::milliseconds scan_interval{std::chrono::seconds(10)};
  std::chrono::milliseconds scan_initial_delay{std::chrono::seconds(5)};
  // Connections silent this long are closed (serverChannelMaxIdleTimeSeconds).
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(120)};
  // Where the KV config is kept (Java's ~/namesrv/kvConfig.json); empty keeps
  // it in memory only.
  std::string kv_config_path;
  // NamesrvConfig.orderMessageEnable: routes carry orderTopicConf from the
  // ORDER_TOPIC_CONFIG namespace.
  bool order_message_enable = false;
};

// One name server: the remoting server with the name server's processors,
// the route table, the KV store and the broker housekeeping (expiry scan and
// connection-close hook). Name servers do not talk to each other; every
// broker registers with each of them.
//
// Requests (docs/namesrv.md): 100-106, 206, 216, 219, 224, 322; any other
// code is answered REQUEST_CODE_NOT_SUPPORTED by the transport.
//
// Thread safety: start() and shutdown() from one owner thread; the
// accessors from any thread. Lifetime: start() at most once; shutdown()
// (also run by the destructor) stops accepting, closes the connections,
// waits for running requests and stops the scan thread.
class NameServer {
 public:
  explicit NameServer(NameServerConfig config);
  ~NameServer();

  NameServer(const NameServer&) = delete;
  NameServer& operator=(const NameServer&) = delete;

  // Loads the KV file, binds, starts the I/O, processor and scan threads.
  // Errors: IOError (cannot bind), InvalidArgument (bad host), Corruption
  // (unreadable KV file).
  Status start();
  void shutdown();

  // The bound port (the chosen one when configured with 0); 0 before start.
  std::uint16_t port() const noexcept { return server_->port(); }

  const NameServerConfig& config() const noexcept { return config_; }
  RouteInfoManager& routeInfoManager() noexcept { return routes_; }
  KVConfigManager& kvConfigManager() noexcept { return kv_; }
  const BrokerHousekeepingService& housekeeping() const noexcept { return housekeeping_; }

 private:
  const NameServerConfig config_;
  // Declared before the server so they outlive its processors and hook.
  RouteInfoManager routes_;
  KVConfigManager kv_;
  BrokerHousekeepingService housekeeping_;
  std::unique_ptr<remoting::RemotingServer> server_;
  std::once_flag shutdown_once_;
};

}  // namespace apogee::namesrv
