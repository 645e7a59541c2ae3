#include "client/consumer/pull_message_service.h"

#include "common/logging.h"

namespace apogee::client {

PullMessageService::PullMessageService(std::string name) : name_(std::move(name)) {}

void PullMessageService::start() {
  std::lock_guard lock(mutex_);
  if (started_ || stopping_) return;
  started_ = true;
  thread_ = std::thread([this] { loop(); });
}

void PullMessageService::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    tasks_.clear();
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PullMessageService::executeLater(std::function<void()> task, std::chrono::milliseconds delay) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    tasks_.emplace(std::make_pair(Clock::now() + delay, next_++), std::move(task));
  }
  cv_.notify_one();
}

void PullMessageService::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (tasks_.empty()) {
      cv_.wait(lock);
      continue;
    }
    auto first = tasks_.begin();
    if (first->first.first > Clock::now()) {
      cv_.wait_until(lock, first->first.first);
      continue;
    }
    auto task = std::move(first->second);
    tasks_.erase(first);
    lock.unlock();
    try {
      task();
    } catch (const std::exception& e) {
      logger("client")->error("{}: pull task threw: {}", name_, e.what());
    }
    lock.lock();
  }
}

}  // namespace apogee::client
