#include "common/thread_pool.h"

#include <atomic>
#include <future>
#include <latch>
#include <set>

#include <gtest/gtest.h>

#include "support/wait.h"

namespace apogee {
namespace {

using namespace std::chrono_literals;

TEST(ThreadPoolTest, RunsTasksOnItsWorkers) {
  ThreadPool pool("test-pool", 3);
  std::mutex mutex;
  std::set<std::thread::id> seen;
  std::atomic<int> done{0};
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(pool.execute([&] {
      std::lock_guard lock(mutex);
      seen.insert(std::this_thread::get_id());
      done.fetch_add(1);
    }));
  }
  ASSERT_TRUE(testing::waitUntil([&] { return done.load() == 100; }));
  std::lock_guard lock(mutex);
  EXPECT_FALSE(seen.contains(std::this_thread::get_id()));
  EXPECT_LE(seen.size(), 3u);
}

// Runs `tasks` tasks that each wait until `gate` opens and returns the
// largest number that ran at once.
int peakConcurrency(ThreadPool& pool, int tasks, std::atomic<bool>& gate) {
  std::atomic<int> running{0};
  std::atomic<int> peak{0};
  std::atomic<int> done{0};
  for (int i = 0; i < tasks; ++i) {
    EXPECT_TRUE(pool.execute([&] {
      const int now = running.fetch_add(1) + 1;
      int seen = peak.load();
      while (now > seen && !peak.compare_exchange_weak(seen, now)) {
      }
      while (!gate.load()) std::this_thread::sleep_for(1ms);
      running.fetch_sub(1);
      done.fetch_add(1);
    }));
  }
  // Every worker is busy once `peak` stops below `tasks`; give the pool the
  // time to start what it can, then open the gate.
  testing::waitUntil([&] { return peak.load() >= static_cast<int>(pool.threadCount()); }, 5s);
  gate = true;
  EXPECT_TRUE(testing::waitUntil([&] { return done.load() == tasks; }));
  return peak.load();
}

TEST(ThreadPoolTest, SetThreadCountShrinksAndGrowsTheWorkers) {
  ThreadPool pool("resize-pool", 4);
  EXPECT_EQ(pool.threadCount(), 4u);
  pool.setThreadCount(2);
  ASSERT_TRUE(testing::waitUntil([&] { return pool.threadCount() == 2; }));
  std::atomic<bool> gate{false};
  EXPECT_EQ(peakConcurrency(pool, 6, gate), 2);

  pool.setThreadCount(5);
  EXPECT_EQ(pool.threadCount(), 5u);
  gate = false;
  EXPECT_EQ(peakConcurrency(pool, 8, gate), 5);

  pool.setThreadCount(0);  // counts as 1
  ASSERT_TRUE(testing::waitUntil([&] { return pool.threadCount() == 1; }));
  pool.shutdown();
  EXPECT_EQ(pool.threadCount(), 0u);
  pool.setThreadCount(3);  // ignored after shutdown
  EXPECT_EQ(pool.threadCount(), 0u);
}

TEST(ThreadPoolTest, BoundedQueueRefusesAndLeavesTheTaskToTheCaller) {
  ThreadPool pool("bounded", 1, 1);
  std::latch release(1);
  std::atomic<bool> running{false};
  ASSERT_TRUE(pool.execute([&] {
    running = true;
    release.wait();
  }));
  ASSERT_TRUE(testing::waitUntil([&] { return running.load(); }));
  ASSERT_TRUE(pool.execute([] {}));  // fills the queue
  bool ran = false;
  Executor::Task refused = [&] { ran = true; };
  EXPECT_FALSE(pool.tryExecute(refused));
  ASSERT_TRUE(static_cast<bool>(refused));
  refused();
  EXPECT_TRUE(ran);
  release.count_down();
}

TEST(ThreadPoolTest, ShutdownRunsWhatWasQueuedThenRefuses) {
  ThreadPool pool("drain", 1);
  std::latch release(1);
  std::atomic<int> ran{0};
  ASSERT_TRUE(pool.execute([&] {
    release.wait();
    ran.fetch_add(1);
  }));
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(pool.execute([&] { ran.fetch_add(1); }));
  auto stopped = std::async(std::launch::async, [&] { pool.shutdown(); });
  // shutdown() must wait for the blocked task, so it cannot have returned.
  EXPECT_EQ(stopped.wait_for(20ms), std::future_status::timeout);
  release.count_down();
  stopped.get();
  EXPECT_EQ(ran.load(), 11);
  EXPECT_FALSE(pool.execute([] {}));
}

TEST(ThreadPoolTest, AThrowingTaskDoesNotStopTheWorker) {
  ThreadPool pool("throws", 1);
  ASSERT_TRUE(pool.execute([] { throw std::runtime_error("boom"); }));
  std::promise<void> after;
  ASSERT_TRUE(pool.execute([&] { after.set_value(); }));
  EXPECT_EQ(after.get_future().wait_for(5s), std::future_status::ready);
}

}  // namespace
}  // namespace apogee
