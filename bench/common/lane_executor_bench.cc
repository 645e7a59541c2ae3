#include <benchmark/benchmark.h>

#include <atomic>
#include <memory>
#include <vector>

#include "common/lane_executor.h"
#include "common/thread_pool.h"

// The dispatch cost of the client instance's shared consume threads: how
// many tiny tasks per second go through lanes (one per consumer) compared
// with a plain ThreadPool, the per-consumer pool it replaced. Each task only
// counts, so the figure is the executor's own overhead (queue, lock, wake).
namespace apogee {
namespace {

constexpr int kTasks = 20000;

void waitFor(const std::atomic<int>& done, int n) {
  while (done.load(std::memory_order_acquire) < n) std::this_thread::yield();
}

// Args: workers, lanes.
void BM_LaneExecutorDispatch(benchmark::State& state) {
  const auto workers = static_cast<std::size_t>(state.range(0));
  const int lanes_n = static_cast<int>(state.range(1));
  LaneExecutor executor("bench", workers, false);
  std::vector<std::shared_ptr<LaneExecutor::Lane>> lanes;
  for (int i = 0; i < lanes_n; ++i) lanes.push_back(executor.openLane("l", 20));
  std::atomic<int> done{0};
  for (auto _ : state) {
    done = 0;
    for (int i = 0; i < kTasks; ++i) {
      lanes[static_cast<std::size_t>(i % lanes_n)]->execute(
          [&done] { done.fetch_add(1, std::memory_order_release); });
    }
    waitFor(done, kTasks);
  }
  state.SetItemsProcessed(state.iterations() * kTasks);
}
BENCHMARK(BM_LaneExecutorDispatch)->Args({2, 1})->Args({2, 4})->Args({20, 1})->Args({20, 4})
    ->UseRealTime();

// Args: workers.
void BM_ThreadPoolDispatch(benchmark::State& state) {
  ThreadPool pool("bench", static_cast<std::size_t>(state.range(0)));
  std::atomic<int> done{0};
  for (auto _ : state) {
    done = 0;
    for (int i = 0; i < kTasks; ++i) {
      pool.execute([&done] { done.fetch_add(1, std::memory_order_release); });
    }
    waitFor(done, kTasks);
  }
  state.SetItemsProcessed(state.iterations() * kTasks);
}
BENCHMARK(BM_ThreadPoolDispatch)->Arg(2)->Arg(20)->UseRealTime();

}  // namespace
}  // namespace apogee
