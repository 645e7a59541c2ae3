#include "client/client_scheduler.h"

#include <algorithm>
#include <exception>

#include "common/logging.h"

namespace apogee::client {

void ClientScheduler::schedule(std::string task, std::chrono::milliseconds initial_delay,
                               std::chrono::milliseconds period, std::function<void()> fn) {
  std::lock_guard lock(mutex_);
  tasks_[std::move(task)] = Task{std::move(fn), period, Clock::now() + initial_delay};
}

void ClientScheduler::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { loop(); });
}

void ClientScheduler::runIn(const std::string& task, std::chrono::milliseconds delay) {
  {
    std::lock_guard lock(mutex_);
    auto it = tasks_.find(task);
    if (it == tasks_.end()) return;
    it->second.due = std::min(it->second.due, Clock::now() + delay);
  }
  cv_.notify_all();
}

void ClientScheduler::shutdown() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
  if (thread_.joinable()) thread_.detach();  // shutdown from a task: the loop exits by itself
}

void ClientScheduler::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    auto next = tasks_.end();
    for (auto it = tasks_.begin(); it != tasks_.end(); ++it) {
      if (next == tasks_.end() || it->second.due < next->second.due) next = it;
    }
    if (next == tasks_.end()) {
      cv_.wait(lock);
      continue;
    }
    if (next->second.due > Clock::now()) {
      cv_.wait_until(lock, next->second.due);
      continue;  // re-pick: runNow() or shutdown may have changed things
    }
    std::function<void()> fn = next->second.fn;
    const std::string name = next->first;
    next->second.due = Clock::time_point::max();  // not due again while it runs
    lock.unlock();
    try {
      fn();
    } catch (const std::exception& e) {
      logger("client")->warn("{}: task {} failed: {}", name_, name, e.what());
    }
    lock.lock();
    auto it = tasks_.find(name);
    // A runNow() during the run moved `due` back from max(): keep that.
    if (it != tasks_.end() && it->second.due == Clock::time_point::max()) {
      it->second.due = Clock::now() + it->second.period;
    }
  }
}

}  // namespace apogee::client
