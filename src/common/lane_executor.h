#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace apogee {

// A fixed set of worker threads shared by several independent users, each
// through its own Lane: a client instance's push consumers share one consume
// executor and one pull executor, so the process's threads do not grow with
// its consumers or queues.
//
// Scheduling: lanes with work take turns (round robin, one task per turn),
// tasks of one lane run in submission order (delayed ones when due), and a
// lane never runs more than its concurrency limit at once. While several
// lanes are open, a lane may use at most workers - (open lanes - 1) workers,
// so every other lane always finds a thread free for it: one consumer whose
// listeners block cannot starve the others.
//
// Control tasks (Lane::controlLater) run on an optional extra thread, outside
// the limits: periodic maintenance that must still run when every worker is
// busy (a consume-timeout check looks for stuck listeners). They should be
// short or bounded by timeouts, as they delay each other.
//
// Thread safety: every method from any thread. Lifetime: a Lane keeps the
// executor's shared state alive; once the executor is shut down, lanes
// accept nothing. A task that throws is logged (logger "common").
class LaneExecutor {
 public:
  using Task = std::function<void()>;
  using Clock = std::chrono::steady_clock;
  class Lane;
  struct LaneState;

  // `workers` (at least 1) threads named `name`-<i>, plus one named
  // `name`-ctl when `controlThread` (else control tasks go to the workers).
  LaneExecutor(std::string name, std::size_t workers, bool controlThread);
  ~LaneExecutor();
  LaneExecutor(const LaneExecutor&) = delete;
  LaneExecutor& operator=(const LaneExecutor&) = delete;

  // A new lane running at most `maxConcurrency` tasks at once (<= 0: as many
  // as the workers).
  std::shared_ptr<Lane> openLane(std::string name, int maxConcurrency);
  // Adds workers up to `workers`; never removes any (one may be running a
  // long task). Ignored after shutdown.
  void ensureWorkers(std::size_t workers);
  std::size_t workerCount() const;
  // Threads started by this executor: the workers plus the control thread.
  std::size_t threadCount() const;
  // Stops every thread (running tasks finish first; queued and delayed
  // ones are dropped). Idempotent; from one of its own threads, that thread
  // is detached and exits after its task.
  void shutdown();

 private:
  struct Core;
  void spawnWorker();  // requires threads_mutex_

  const std::shared_ptr<Core> core_;
  mutable std::mutex threads_mutex_;
  std::vector<std::thread> threads_;  // guarded by threads_mutex_
};

// A user's handle on the executor; destroying it closes the lane.
class LaneExecutor::Lane {
 public:
  Lane(std::shared_ptr<Core> core, std::string name, int maxConcurrency);
  ~Lane() { close(); }
  Lane(const Lane&) = delete;
  Lane& operator=(const Lane&) = delete;

  // Queues `task` for a worker. False (task dropped) once closed.
  bool execute(Task task);
  // Queues `task` for a worker after `delay`.
  bool executeLater(Task task, std::chrono::milliseconds delay);
  // Runs `task` on the control thread after `delay`.
  bool controlLater(Task task, std::chrono::milliseconds delay);

  void setMaxConcurrency(int maxConcurrency);
  int maxConcurrency() const;
  // Tasks queued for a worker now (delayed ones not counted).
  std::size_t queued() const;

  // Drops the queued and delayed tasks, refuses new ones, and waits for the
  // running ones (when called from one of this lane's own tasks, for the
  // others). Idempotent.
  void close();

 private:
  const std::shared_ptr<Core> core_;
  // The lane as the executor sees it: shared with queued and delayed tasks'
  // bookkeeping, so it never needs the executor's lock to die.
  const std::shared_ptr<LaneState> state_;
};

}  // namespace apogee
