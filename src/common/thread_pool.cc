#include "common/thread_pool.h"

#include <pthread.h>

#include <cassert>
#include <exception>

#include "common/logging.h"

namespace apogee {

ThreadPool::ThreadPool(std::string name, std::size_t threads, std::size_t max_queued)
    : name_(std::move(name)), max_queued_(max_queued) {
  setThreadCount(threads);
}

void ThreadPool::spawnWorker() {
  const std::size_t i = workers_.size();
  workers_.emplace_back([this, i] {
    // Linux truncates thread names at 15 characters; keep the index visible.
    std::string thread_name = name_.substr(0, 11) + "-" + std::to_string(i);
    pthread_setname_np(pthread_self(), thread_name.substr(0, 15).c_str());
    workerLoop();
  });
  ++live_threads_;
}

void ThreadPool::setThreadCount(std::size_t threads) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    target_threads_ = threads == 0 ? 1 : threads;
    while (live_threads_ < target_threads_) spawnWorker();
  }
  // Idle surplus workers wake up and exit.
  not_empty_.notify_all();
}

std::size_t ThreadPool::threadCount() const {
  std::lock_guard lock(mutex_);
  return live_threads_;
}

ThreadPool::~ThreadPool() { shutdown(); }

bool ThreadPool::tryExecute(Task& task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return false;
    if (max_queued_ != 0 && queue_.size() >= max_queued_) return false;
    queue_.push_back(std::move(task));
  }
  not_empty_.notify_one();
  return true;
}

void ThreadPool::shutdown() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  not_empty_.notify_all();
  std::call_once(join_once_, [this] {
    // No worker starts once stopping_ is set, so the list is final.
    std::vector<std::thread> workers;
    {
      std::lock_guard lock(mutex_);
      workers.swap(workers_);
    }
    for (auto& worker : workers) {
      assert(worker.get_id() != std::this_thread::get_id() && "ThreadPool shut down from its own worker");
      if (worker.joinable()) worker.join();
    }
  });
}

std::size_t ThreadPool::queuedTasks() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void ThreadPool::workerLoop() {
  for (;;) {
    Task task;
    {
      std::unique_lock lock(mutex_);
      not_empty_.wait(lock, [this] {
        return stopping_ || !queue_.empty() || live_threads_ > target_threads_;
      });
      // A shrink: this worker is surplus (queued work is left to the others).
      if (!stopping_ && live_threads_ > target_threads_) {
        --live_threads_;
        // The wake-up may have been meant for a queued task: pass it on.
        if (!queue_.empty()) not_empty_.notify_one();
        return;
      }
      // Drain what was accepted before shutdown: an accepted task is a promise
      // (a reply, a callback) that someone is waiting on.
      if (queue_.empty()) {
        --live_threads_;
        return;
      }
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      task();
    } catch (const std::exception& e) {
      logger("common")->error("task on pool {} threw: {}", name_, e.what());
    } catch (...) {
      logger("common")->error("task on pool {} threw a non-standard exception", name_);
    }
  }
}

}  // namespace apogee
