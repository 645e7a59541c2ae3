#include "namesrv/broker_housekeeping.h"

#include <pthread.h>

#include <exception>

#include "common/logging.h"
#include "remoting/transport/connection.h"

namespace apogee::namesrv {

BrokerHousekeepingService::BrokerHousekeepingService(RouteInfoManager& routes,
                                                     std::chrono::milliseconds initial_delay,
                                                     std::chrono::milliseconds interval)
    : routes_(routes), initial_delay_(initial_delay), interval_(interval) {}

BrokerHousekeepingService::~BrokerHousekeepingService() { stop(); }

void BrokerHousekeepingService::start() {
  if (thread_.joinable()) return;
  thread_ = std::jthread([this](std::stop_token stop) { run(std::move(stop)); });
}

void BrokerHousekeepingService::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();  // wakes wake_ through the stop token
  thread_.join();
}

void BrokerHousekeepingService::onConnectionEvent(remoting::ConnectionEvent event,
                                                  const remoting::ChannelPtr& channel) {
  if (event != remoting::ConnectionEvent::kClose || !channel) return;
  routes_.onChannelDestroy(channel->remoteAddress(), channel);
  closes_.fetch_add(1, std::memory_order_acq_rel);
}

void BrokerHousekeepingService::run(std::stop_token stop) {
  pthread_setname_np(pthread_self(), "ns-housekeep");
  auto next = std::chrono::steady_clock::now() + initial_delay_;
  std::unique_lock lock(mutex_);
  for (;;) {
    // Returns early, with the token set, when stop() is called.
    wake_.wait_until(lock, stop, next, [] { return false; });
    if (stop.stop_requested()) return;
    lock.unlock();
    try {
      const int removed = routes_.scanNotActiveBroker();
      if (removed > 0) logger("namesrv")->info("expiry scan removed {} broker(s)", removed);
    } catch (const std::exception& e) {
      logger("namesrv")->error("expiry scan failed: {}", e.what());
    }
    scans_.fetch_add(1, std::memory_order_acq_rel);
    lock.lock();
    // Fixed rate, as Java's scheduleAtFixedRate, without catching up on
    // periods a slow scan missed.
    next += interval_;
    const auto now = std::chrono::steady_clock::now();
    if (next < now) next = now;
  }
}

}  // namespace apogee::namesrv
