#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace apogee {

// Something that runs tasks, usually on other threads. The remoting layer
// hands processors and callbacks to an Executor so that socket I/O threads
// never run user code.
class Executor {
 public:
  using Task = std::function<void()>;

  virtual ~Executor() = default;

  // Queues `task`, moving from it. Returns false when the executor is full
  // or shut down, and then leaves `task` untouched, so the caller can still
  // decide what a rejection means (the remoting server answers SYSTEM_BUSY;
  // a callback that must run exactly once runs on the calling thread).
  // Safe to call from any thread.
  virtual bool tryExecute(Task& task) = 0;

  bool execute(Task task) { return tryExecute(task); }

  // As tryExecute, for a task of an ordered stream (the requests of one
  // connection): an executor that keeps order runs tasks with the same `key`
  // one after another in submission order. The default keeps no order.
  virtual bool tryExecuteOrdered(std::uint64_t key, Task& task) {
    static_cast<void>(key);
    return tryExecute(task);
  }
};

// A set of worker threads fed from one FIFO queue, optionally bounded. The
// number of workers is fixed unless setThreadCount() changes it.
//
// Thread safety: every method may be called from any thread, except that
// shutdown() and the destructor must not run on one of the pool's own
// workers (a thread cannot join itself).
// Lifetime: shutdown() stops new tasks, lets the workers finish everything
// already queued, and joins them; the destructor calls it. A task that throws
// is logged (logger "common") and the worker goes on.
class ThreadPool final : public Executor {
 public:
  // `max_queued` = 0 means unbounded. `name` prefixes the thread names
  // (at most 15 characters are visible in ps/top).
  ThreadPool(std::string name, std::size_t threads, std::size_t max_queued = 0);
  ~ThreadPool() override;

  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  bool tryExecute(Task& task) override;

  // Idempotent; blocks until every worker has exited.
  void shutdown();

  // Grows the pool to `threads` workers at once, or shrinks it: surplus
  // workers exit when they are idle (a running task finishes first). A
  // worker that left stays joinable until shutdown(). 0 counts as 1;
  // ignored after shutdown.
  void setThreadCount(std::size_t threads);
  // The workers running now (after a shrink or shutdown, it falls as they
  // exit).
  std::size_t threadCount() const;
  std::size_t queuedTasks() const;
  const std::string& name() const noexcept { return name_; }

 private:
  void workerLoop();
  void spawnWorker();  // requires mutex_

  const std::string name_;
  const std::size_t max_queued_;

  mutable std::mutex mutex_;
  std::condition_variable not_empty_;  // guarded by mutex_
  std::deque<Task> queue_;             // guarded by mutex_
  bool stopping_ = false;              // guarded by mutex_
  std::vector<std::thread> workers_;   // guarded by mutex_; every thread ever started
  std::size_t target_threads_ = 0;     // guarded by mutex_
  std::size_t live_threads_ = 0;       // guarded by mutex_
  std::once_flag join_once_;
};

}  // namespace apogee
