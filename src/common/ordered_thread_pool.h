#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/thread_pool.h"

namespace apogee {

// Worker threads that keep the order of each stream: tasks submitted with
// the same key run one after another, in submission order, on the key's own
// lane (one thread each); different keys run in parallel across lanes. The
// broker runs sends on one, so a client's pipelined async or oneway sends to
// a queue are stored in the order they were sent, while many clients still
// append in parallel.
//
// Thread safety and lifetime as ThreadPool's: every method from any thread;
// shutdown() (also run by the destructor) finishes queued tasks and joins.
class OrderedThreadPool final : public Executor {
 public:
  // `lanes` threads; `max_queued_per_lane` = 0 means unbounded.
  OrderedThreadPool(std::string name, std::size_t lanes, std::size_t max_queued_per_lane = 0);

  // Without a key: the next lane, round robin.
  bool tryExecute(Task& task) override;
  bool tryExecuteOrdered(std::uint64_t key, Task& task) override;

  void shutdown();
  std::size_t laneCount() const noexcept { return lanes_.size(); }
  std::size_t queuedTasks() const;

 private:
  std::vector<std::unique_ptr<ThreadPool>> lanes_;
  std::atomic<std::size_t> next_{0};
};

}  // namespace apogee
