#include "common/lane_executor.h"

#include <pthread.h>

#include <algorithm>
#include <exception>

#include "common/logging.h"

namespace apogee {
namespace {

// The lane whose task this thread is running, so that close() from inside
// that task does not wait for itself.
thread_local const void* t_current_lane = nullptr;

void runTask(LaneExecutor::Task& task, const std::string& executor, const std::string& lane) {
  try {
    task();
  } catch (const std::exception& e) {
    logger("common")->error("{}: a task of {} threw: {}", executor, lane, e.what());
  } catch (...) {
    logger("common")->error("{}: a task of {} threw a non-std exception", executor, lane);
  }
}

}  // namespace

struct LaneExecutor::LaneState {
  LaneState(std::string n, int max) : name(std::move(n)), max_concurrency(max) {}
  const std::string name;
  // All guarded by Core::mutex.
  std::deque<Task> queue;
  int max_concurrency;
  int running = 0;          // on workers (counts against the limit)
  int control_running = 0;  // on the control thread
  bool closed = false;
  bool in_ready = false;
};

struct LaneExecutor::Core {
  using LanePtr = std::shared_ptr<LaneState>;
  struct Delayed {
    LanePtr lane;
    Task task;
  };
  // (due, sequence) -> task: due order, FIFO among equal deadlines.
  using Timers = std::map<std::pair<Clock::time_point, std::uint64_t>, Delayed>;

  Core(std::string n, bool withControl) : name(std::move(n)), has_control(withControl) {}

  // The most tasks `lane` may run at once now (requires mutex).
  int capOf(const LaneState& lane) const {
    const int workers_now = static_cast<int>(workers);
    const int others = static_cast<int>(open_lanes.size()) - 1;
    const int fair = workers_now - std::max(0, others);
    const int wanted = lane.max_concurrency <= 0 ? workers_now : lane.max_concurrency;
    return std::max(1, std::min(wanted, fair));
  }
  bool canRunLocked(const LaneState& lane) const {
    return !lane.closed && !lane.queue.empty() && lane.running < capOf(lane);
  }
  void makeReadyLocked(const LanePtr& lane) {
    if (lane->in_ready || stopping || !canRunLocked(*lane)) return;
    ready.push_back(lane);
    lane->in_ready = true;
    work.notify_one();
  }
  // Caps changed (lanes opened or closed, workers added): lanes that may run
  // more now join the ready list. Requires mutex.
  void refreshReadyLocked() {
    for (const auto& lane : open_lanes) makeReadyLocked(lane);
  }
  // Moves due worker timers into their lanes' queues (requires mutex).
  void releaseDueTimersLocked() {
    const auto now = Clock::now();
    while (!worker_timers.empty() && worker_timers.begin()->first.first <= now) {
      auto node = worker_timers.extract(worker_timers.begin());
      Delayed& d = node.mapped();
      if (d.lane->closed) continue;
      d.lane->queue.push_back(std::move(d.task));
      makeReadyLocked(d.lane);
    }
  }
  bool scheduleLocked(Timers& timers, const LanePtr& lane, Task task,
                      std::chrono::milliseconds delay) {
    if (lane->closed || stopping) return false;
    timers.emplace(std::make_pair(Clock::now() + delay, seq++), Delayed{lane, std::move(task)});
    return true;
  }
  void workerLoop();
  void controlLoop();

  const std::string name;
  const bool has_control;
  std::mutex mutex;
  std::condition_variable work;     // workers: a lane became ready, a timer, stop
  std::condition_variable control;  // control thread: a timer, stop
  std::condition_variable idle;     // close(): a closed lane's task ended
  // Everything below guarded by mutex.
  std::deque<LanePtr> ready;
  Timers worker_timers;
  Timers control_timers;
  std::set<LanePtr> open_lanes;
  std::size_t workers = 0;
  std::uint64_t seq = 0;
  bool stopping = false;
};

void LaneExecutor::Core::workerLoop() {
  std::unique_lock lock(mutex);
  while (!stopping) {
    releaseDueTimersLocked();
    if (ready.empty()) {
      if (worker_timers.empty()) {
        work.wait(lock);
      } else {
        work.wait_until(lock, worker_timers.begin()->first.first);
      }
      continue;
    }
    LanePtr lane = std::move(ready.front());
    ready.pop_front();
    lane->in_ready = false;
    if (!canRunLocked(*lane)) continue;  // its limit was lowered meanwhile
    Task task = std::move(lane->queue.front());
    lane->queue.pop_front();
    ++lane->running;
    // Round robin: the lane goes to the back with its next task.
    makeReadyLocked(lane);
    lock.unlock();
    t_current_lane = lane.get();
    runTask(task, name, lane->name);
    t_current_lane = nullptr;
    task = nullptr;  // its captures die outside the lock
    lock.lock();
    --lane->running;
    makeReadyLocked(lane);
    if (lane->closed) idle.notify_all();
  }
}

void LaneExecutor::Core::controlLoop() {
  std::unique_lock lock(mutex);
  while (!stopping) {
    if (control_timers.empty()) {
      control.wait(lock);
      continue;
    }
    if (control_timers.begin()->first.first > Clock::now()) {
      control.wait_until(lock, control_timers.begin()->first.first);
      continue;
    }
    auto node = control_timers.extract(control_timers.begin());
    Delayed& d = node.mapped();
    if (d.lane->closed) continue;
    ++d.lane->control_running;
    lock.unlock();
    t_current_lane = d.lane.get();
    runTask(d.task, name, d.lane->name);
    t_current_lane = nullptr;
    d.task = nullptr;
    lock.lock();
    --d.lane->control_running;
    if (d.lane->closed) idle.notify_all();
  }
}

LaneExecutor::LaneExecutor(std::string name, std::size_t workers, bool controlThread)
    : core_(std::make_shared<Core>(std::move(name), controlThread)) {
  std::lock_guard lock(threads_mutex_);
  if (controlThread) {
    threads_.emplace_back([core = core_] {
      pthread_setname_np(pthread_self(), (core->name.substr(0, 11) + "-ctl").c_str());
      core->controlLoop();
    });
  }
  for (std::size_t i = 0; i < std::max<std::size_t>(1, workers); ++i) spawnWorker();
}

LaneExecutor::~LaneExecutor() { shutdown(); }

void LaneExecutor::spawnWorker() {
  std::size_t index;
  {
    std::lock_guard lock(core_->mutex);
    if (core_->stopping) return;
    index = core_->workers++;
    core_->refreshReadyLocked();
  }
  threads_.emplace_back([core = core_, index] {
    // Linux shows 15 characters of a thread's name; keep the index visible.
    const std::string thread_name = core->name.substr(0, 11) + "-" + std::to_string(index);
    pthread_setname_np(pthread_self(), thread_name.substr(0, 15).c_str());
    core->workerLoop();
  });
}

void LaneExecutor::ensureWorkers(std::size_t workers) {
  std::lock_guard lock(threads_mutex_);
  while (workerCount() < workers) {
    const std::size_t before = workerCount();
    spawnWorker();
    if (workerCount() == before) return;  // shut down
  }
}

std::size_t LaneExecutor::workerCount() const {
  std::lock_guard lock(core_->mutex);
  return core_->workers;
}

std::size_t LaneExecutor::threadCount() const {
  std::lock_guard lock(threads_mutex_);
  return threads_.size();
}

void LaneExecutor::shutdown() {
  // Destroyed after the lock is released: the tasks' captures may lock.
  Core::Timers dropped_worker;
  Core::Timers dropped_control;
  std::deque<Core::LanePtr> dropped_ready;
  {
    std::lock_guard lock(core_->mutex);
    core_->stopping = true;
    dropped_worker.swap(core_->worker_timers);
    dropped_control.swap(core_->control_timers);
    dropped_ready.swap(core_->ready);
    for (auto& lane : dropped_ready) lane->in_ready = false;
  }
  core_->work.notify_all();
  core_->control.notify_all();
  core_->idle.notify_all();
  std::lock_guard lock(threads_mutex_);
  for (auto& t : threads_) {
    if (!t.joinable()) continue;
    // Shut down from one of its own tasks (a listener stopping the last
    // consumer): that thread leaves the loop by itself once its task ends.
    if (t.get_id() == std::this_thread::get_id()) {
      t.detach();
    } else {
      t.join();
    }
  }
  // Lanes still open keep their queued tasks until they close.
}

std::shared_ptr<LaneExecutor::Lane> LaneExecutor::openLane(std::string name, int maxConcurrency) {
  return std::make_shared<Lane>(core_, std::move(name), maxConcurrency);
}

LaneExecutor::Lane::Lane(std::shared_ptr<Core> core, std::string name, int maxConcurrency)
    : core_(std::move(core)), state_(std::make_shared<LaneState>(std::move(name), maxConcurrency)) {
  std::lock_guard lock(core_->mutex);
  // The other lanes' fair share shrank; running tasks are not stopped.
  core_->open_lanes.insert(state_);
}

bool LaneExecutor::Lane::execute(Task task) {
  std::lock_guard lock(core_->mutex);
  if (state_->closed || core_->stopping) return false;
  state_->queue.push_back(std::move(task));
  core_->makeReadyLocked(state_);
  return true;
}

bool LaneExecutor::Lane::executeLater(Task task, std::chrono::milliseconds delay) {
  if (delay <= std::chrono::milliseconds::zero()) return execute(std::move(task));
  std::lock_guard lock(core_->mutex);
  if (!core_->scheduleLocked(core_->worker_timers, state_, std::move(task), delay)) return false;
  core_->work.notify_one();
  return true;
}

bool LaneExecutor::Lane::controlLater(Task task, std::chrono::milliseconds delay) {
  if (!core_->has_control) return executeLater(std::move(task), delay);
  std::lock_guard lock(core_->mutex);
  if (!core_->scheduleLocked(core_->control_timers, state_, std::move(task), delay)) return false;
  core_->control.notify_one();
  return true;
}

void LaneExecutor::Lane::setMaxConcurrency(int maxConcurrency) {
  std::lock_guard lock(core_->mutex);
  state_->max_concurrency = maxConcurrency;
  core_->makeReadyLocked(state_);
}

int LaneExecutor::Lane::maxConcurrency() const {
  std::lock_guard lock(core_->mutex);
  return state_->max_concurrency;
}

std::size_t LaneExecutor::Lane::queued() const {
  std::lock_guard lock(core_->mutex);
  return state_->queue.size();
}

void LaneExecutor::Lane::close() {
  // Destroyed after the lock is released: the tasks' captures may lock.
  std::deque<Task> dropped;
  std::vector<Core::Delayed> dropped_timers;
  std::unique_lock lock(core_->mutex);
  if (!state_->closed) {
    state_->closed = true;
    core_->open_lanes.erase(state_);
    dropped.swap(state_->queue);
    std::erase(core_->ready, state_);
    state_->in_ready = false;
    for (auto* timers : {&core_->worker_timers, &core_->control_timers}) {
      for (auto it = timers->begin(); it != timers->end();) {
        if (it->second.lane == state_) {
          dropped_timers.push_back(std::move(it->second));
          it = timers->erase(it);
        } else {
          ++it;
        }
      }
    }
    core_->refreshReadyLocked();  // the others' fair share grew
  }
  const int self = t_current_lane == state_.get() ? 1 : 0;
  core_->idle.wait(lock, [&] { return state_->running + state_->control_running <= self; });
}

}  // namespace apogee
