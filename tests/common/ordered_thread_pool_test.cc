#include "common/ordered_thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "support/wait.h"

namespace apogee {
namespace {

TEST(OrderedThreadPoolTest, TasksOfOneKeyRunInSubmissionOrder) {
  OrderedThreadPool pool("ordered", 4);
  constexpr int kKeys = 8;
  constexpr int kPerKey = 500;
  std::mutex mu;
  std::vector<std::vector<int>> seen(kKeys);
  std::atomic<int> done{0};
  for (int i = 0; i < kPerKey; ++i) {
    for (int key = 0; key < kKeys; ++key) {
      Executor::Task task = [&, key, i] {
        {
          std::lock_guard lock(mu);
          seen[static_cast<std::size_t>(key)].push_back(i);
        }
        ++done;
      };
      ASSERT_TRUE(pool.tryExecuteOrdered(static_cast<std::uint64_t>(key), task));
    }
  }
  ASSERT_TRUE(testing::waitUntil([&] { return done == kKeys * kPerKey; }));
  for (const auto& s : seen) {
    ASSERT_EQ(s.size(), static_cast<std::size_t>(kPerKey));
    for (int i = 0; i < kPerKey; ++i) EXPECT_EQ(s[static_cast<std::size_t>(i)], i);
  }
}

TEST(OrderedThreadPoolTest, OtherKeysRunWhileOneKeyIsBlocked) {
  OrderedThreadPool pool("ordered", 2);
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  std::atomic<bool> other_ran{false};
  Executor::Task blocker = [&] {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return release; });
  };
  Executor::Task other = [&] { other_ran = true; };
  ASSERT_TRUE(pool.tryExecuteOrdered(0, blocker));
  ASSERT_TRUE(pool.tryExecuteOrdered(1, other));  // the other lane
  EXPECT_TRUE(testing::waitUntil([&] { return other_ran.load(); }));
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
  pool.shutdown();
}

TEST(OrderedThreadPoolTest, FullLaneRefusesAndShutdownRefuses) {
  OrderedThreadPool pool("ordered", 1, 1);
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  std::atomic<bool> started{false};
  Executor::Task blocker = [&] {
    started = true;
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return release; });
  };
  ASSERT_TRUE(pool.tryExecuteOrdered(7, blocker));
  ASSERT_TRUE(testing::waitUntil([&] { return started.load(); }));
  Executor::Task queued = [] {};
  EXPECT_TRUE(pool.tryExecuteOrdered(7, queued));
  Executor::Task refused = [] {};
  EXPECT_FALSE(pool.tryExecuteOrdered(7, refused));
  EXPECT_EQ(pool.queuedTasks(), 1u);
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
  pool.shutdown();
  Executor::Task late = [] {};
  EXPECT_FALSE(pool.tryExecute(late));
}

}  // namespace
}  // namespace apogee
