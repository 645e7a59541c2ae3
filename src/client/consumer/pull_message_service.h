#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

namespace apogee::client {

// The thread that starts a consumer's pulls (RocketMQ's PullMessageService):
// pull tasks are queued now or after a delay (flow control, pause, errors)
// and run one at a time on this thread. A task only issues an asynchronous
// pull (the broker long-polls it; the answer arrives on the client's callback
// threads, which queue the next pull), so one thread serves any number of
// queues without blocking on the network. A task may block briefly for an
// offset lookup when a queue starts.
//
// Thread safety: execute/executeLater from any thread; shutdown() from the
// owner joins the thread and drops queued tasks. Tasks must not throw.
class PullMessageService {
 public:
  using Clock = std::chrono::steady_clock;

  explicit PullMessageService(std::string name);
  ~PullMessageService() { shutdown(); }
  PullMessageService(const PullMessageService&) = delete;
  PullMessageService& operator=(const PullMessageService&) = delete;

  void start();
  void shutdown();

  // Runs `task` as soon as the thread is free.
  void execute(std::function<void()> task) { executeLater(std::move(task), {}); }
  // Runs `task` after `delay`.
  void executeLater(std::function<void()> task, std::chrono::milliseconds delay);

 private:
  void loop();

  const std::string name_;
  std::mutex mutex_;
  std::condition_variable cv_;
  // (due, sequence) -> task: due order, FIFO among equal deadlines.
  std::map<std::pair<Clock::time_point, std::uint64_t>, std::function<void()>>
      tasks_;               // guarded by mutex_
  std::uint64_t next_ = 0;  // guarded by mutex_
  bool stopping_ = false;   // guarded by mutex_
  bool started_ = false;    // guarded by mutex_
  std::thread thread_;
};

}  // namespace apogee::client
