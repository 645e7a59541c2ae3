#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

namespace apogee {

// A background thread that runs one service loop (after RocketMQ's
// ServiceThread): the loop calls waitForRunning() between rounds, which
// returns early when another thread calls wakeup() or stop() is requested.
// A wakeup() that arrives while the loop is busy is remembered, so the next
// waitForRunning() returns at once: no notice is lost.
//
// Thread safety: wakeup() and stopping() from any thread; start() and stop()
// from one owner thread. stop() joins.
class ServiceThread {
 public:
  explicit ServiceThread(std::string name) : name_(std::move(name)) {}
  ~ServiceThread() { stop(); }
  ServiceThread(const ServiceThread&) = delete;
  ServiceThread& operator=(const ServiceThread&) = delete;

  // Runs loop(*this) on a new thread until it returns; the loop should return
  // once stopping() is true.
  void start(std::function<void(ServiceThread&)> loop) {
    thread_ = std::jthread([this, loop = std::move(loop)](std::stop_token) { loop(*this); });
  }

  void stop() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard lock(mu_);
      stopping_.store(true, std::memory_order_release);
    }
    cv_.notify_all();
    thread_.join();
  }

  bool stopping() const { return stopping_.load(std::memory_order_acquire); }

  // Cheap when a notice is already pending (one atomic exchange): callers on
  // hot paths may call it for every event.
  void wakeup() {
    if (!notified_.exchange(true, std::memory_order_acq_rel)) {
      std::lock_guard lock(mu_);
      cv_.notify_one();
    }
  }

  // Waits until wakeup(), stop() or the timeout, whichever comes first, and
  // consumes the pending notice.
  void waitForRunning(std::chrono::microseconds timeout) {
    if (notified_.exchange(false, std::memory_order_acq_rel)) return;
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, timeout, [this] {
      return notified_.load(std::memory_order_acquire) || stopping();
    });
    notified_.store(false, std::memory_order_release);
  }

  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::mutex mu_;  // only pairs with cv_; never held while the loop works
  std::condition_variable cv_;
  std::atomic<bool> notified_{false};
  std::atomic<bool> stopping_{false};
  std::jthread thread_;
};

}  // namespace apogee
