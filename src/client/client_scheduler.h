#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace apogee::client {

// The instance's one timer thread (RocketMQ's scheduledExecutorService):
// named periodic tasks with an initial delay, plus runNow() to run a task
// ahead of time (a heartbeat after a consumer registers, a rebalance on
// NOTIFY_CONSUMER_IDS_CHANGED). Tasks run one at a time on that thread, so a
// slow task (a dead name server's timeout) delays the others; none holds a
// lock while it runs. A task's exceptions are caught and logged.
//
// Thread safety: schedule() before start(); runNow() from any thread;
// shutdown() from the owner, which joins (a running task finishes first).
class ClientScheduler {
 public:
  using Clock = std::chrono::steady_clock;

  explicit ClientScheduler(std::string name) : name_(std::move(name)) {}
  ~ClientScheduler() { shutdown(); }
  ClientScheduler(const ClientScheduler&) = delete;
  ClientScheduler& operator=(const ClientScheduler&) = delete;

  // Runs `fn` after `initial_delay`, then `period` after the end of each run
  // (fixed delay; RocketMQ uses fixed rate, which differs only when a run
  // takes longer than its period).
  void schedule(std::string task, std::chrono::milliseconds initial_delay,
                std::chrono::milliseconds period, std::function<void()> fn);
  void start();
  // Makes `task` due now; its period restarts after the run.
  void runNow(const std::string& task) { runIn(task, std::chrono::milliseconds(0)); }
  // Makes `task` due within `delay` (sooner if it already is); its period
  // restarts after the run.
  void runIn(const std::string& task, std::chrono::milliseconds delay);
  void shutdown();

 private:
  struct Task {
    std::function<void()> fn;
    std::chrono::milliseconds period;
    Clock::time_point due;
  };
  void loop();

  const std::string name_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::map<std::string, Task> tasks_;  // guarded by mutex_
  bool stopping_ = false;              // guarded by mutex_
  std::thread thread_;
};

}  // namespace apogee::client
