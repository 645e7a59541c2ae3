#include "common/ordered_thread_pool.h"

namespace apogee {

OrderedThreadPool::OrderedThreadPool(std::string name, std::size_t lanes,
                                     std::size_t max_queued_per_lane) {
  if (lanes == 0) lanes = 1;
  lanes_.reserve(lanes);
  for (std::size_t i = 0; i < lanes; ++i) {
    lanes_.push_back(std::make_unique<ThreadPool>(name + std::to_string(i), 1, max_queued_per_lane));
  }
}

bool OrderedThreadPool::tryExecute(Task& task) {
  return lanes_[next_.fetch_add(1, std::memory_order_relaxed) % lanes_.size()]->tryExecute(task);
}

bool OrderedThreadPool::tryExecuteOrdered(std::uint64_t key, Task& task) {
  return lanes_[key % lanes_.size()]->tryExecute(task);
}

void OrderedThreadPool::shutdown() {
  for (auto& lane : lanes_) lane->shutdown();
}

std::size_t OrderedThreadPool::queuedTasks() const {
  std::size_t n = 0;
  for (const auto& lane : lanes_) n += lane->queuedTasks();
  return n;
}

}  // namespace apogee
