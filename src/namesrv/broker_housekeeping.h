#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "namesrv/route_info_manager.h"
#include "remoting/transport/connection_event.h"

namespace apogee::namesrv {

// Drops brokers that went away (RocketMQ's BrokerHousekeepingService plus the
// name server's scanNotActiveBroker task):
//   - onConnectionEvent, the server's connection hook: a closed connection
//     takes the broker registered on it along (Java reacts to close, idle and
//     exception; our transport reports each of those as a kClose last);
//   - a scan thread: after `initial_delay`, every `interval`, it removes the
//     brokers not heard from for the route table's expiry time.
//
// Threads: the hook runs on the server's event thread; the scan runs on the
// thread start() creates. Thread safety: onConnectionEvent and scanCount may
// be called from any thread; start/stop from one owner thread.
// Lifetime: `routes` must outlive this object; stop() (also run by the
// destructor) wakes and joins the scan thread.
class BrokerHousekeepingService {
 public:
  BrokerHousekeepingService(RouteInfoManager& routes, std::chrono::milliseconds initial_delay,
                            std::chrono::milliseconds interval);
  ~BrokerHousekeepingService();

  BrokerHousekeepingService(const BrokerHousekeepingService&) = delete;
  BrokerHousekeepingService& operator=(const BrokerHousekeepingService&) = delete;

  void start();
  void stop();

  void onConnectionEvent(remoting::ConnectionEvent event, const remoting::ChannelPtr& channel);

  // Scans completed and connection closes handled so far (tests wait on them).
  std::uint64_t scanCount() const noexcept { return scans_.load(std::memory_order_acquire); }
  std::uint64_t closesHandled() const noexcept { return closes_.load(std::memory_order_acquire); }

 private:
  void run(std::stop_token stop);

  RouteInfoManager& routes_;
  const std::chrono::milliseconds initial_delay_;
  const std::chrono::milliseconds interval_;
  std::atomic<std::uint64_t> scans_{0};
  std::atomic<std::uint64_t> closes_{0};

  std::mutex mutex_;                  // only for the waits of the scan thread
  std::condition_variable_any wake_;  // notified by the stop token
  std::jthread thread_;
};

}  // namespace apogee::namesrv
