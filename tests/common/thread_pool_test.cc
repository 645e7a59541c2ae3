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
