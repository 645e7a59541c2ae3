#include "common/lane_executor.h"

#include <atomic>
#include <condition_variable>
#include <string>
#include <thread>
#include <mutex>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "support/wait.h"

namespace apogee {
namespace {

using namespace std::chrono_literals;
using ::apogee::testing::waitUntil;

// A latch the tests open when they are done looking at blocked tasks.
struct Gate {
  std::mutex mutex;
  std::condition_variable cv;
  bool open = false;
  void wait() {
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return open; });
  }
  void release() {
    {
      std::lock_guard lock(mutex);
      open = true;
    }
    cv.notify_all();
  }
};

// Counts tasks running at once and the peak.
struct Concurrency {
  std::atomic<int> running{0};
  std::atomic<int> peak{0};
  std::atomic<int> done{0};
  void enter() {
    const int now = ++running;
    int p = peak.load();
    while (now > p && !peak.compare_exchange_weak(p, now)) {
    }
  }
  void leave() {
    --running;
    ++done;
  }
};

TEST(LaneExecutorTest, ALaneWithLimitOneRunsItsTasksInOrder) {
  LaneExecutor executor("lane-test", 4, false);
  auto lane = executor.openLane("ordered", 1);
  std::mutex mutex;
  std::vector<int> order;
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(lane->execute([&, i] {
      std::lock_guard lock(mutex);
      order.push_back(i);
    }));
  }
  ASSERT_TRUE(waitUntil([&] {
    std::lock_guard lock(mutex);
    return order.size() == 200;
  }));
  for (int i = 0; i < 200; ++i) EXPECT_EQ(order[static_cast<std::size_t>(i)], i);
}

TEST(LaneExecutorTest, ALaneNeverRunsMoreThanItsLimit) {
  LaneExecutor executor("lane-test", 6, false);
  auto lane = executor.openLane("limited", 2);
  Concurrency c;
  Gate gate;
  for (int i = 0; i < 10; ++i) {
    lane->execute([&] {
      c.enter();
      gate.wait();
      c.leave();
    });
  }
  ASSERT_TRUE(waitUntil([&] { return c.running.load() == 2; }));
  EXPECT_EQ(lane->queued(), 8u);
  // Raising the limit lets more run at once.
  lane->setMaxConcurrency(4);
  ASSERT_TRUE(waitUntil([&] { return c.running.load() == 4; }));
  gate.release();
  ASSERT_TRUE(waitUntil([&] { return c.done.load() == 10; }));
  EXPECT_EQ(c.peak.load(), 4);
}

TEST(LaneExecutorTest, ABlockedLaneLeavesAWorkerForEveryOtherLane) {
  LaneExecutor executor("lane-test", 4, false);
  auto hog = executor.openLane("hog", 0);  // as many as the workers
  auto other = executor.openLane("other", 0);
  auto third = executor.openLane("third", 0);
  Concurrency c;
  Gate gate;
  for (int i = 0; i < 20; ++i) {
    hog->execute([&] {
      c.enter();
      gate.wait();
      c.leave();
    });
  }
  // Three lanes open: the hog may use 4 - 2 workers.
  ASSERT_TRUE(waitUntil([&] { return c.running.load() == 2; }));
  std::atomic<int> others{0};
  other->execute([&] { ++others; });
  third->execute([&] { ++others; });
  EXPECT_TRUE(waitUntil([&] { return others.load() == 2; }));
  // Closing a lane gives its reserve back.
  third->close();
  other->close();
  EXPECT_TRUE(waitUntil([&] { return c.running.load() == 4; }));
  gate.release();
  ASSERT_TRUE(waitUntil([&] { return c.done.load() == 20; }));
}

TEST(LaneExecutorTest, LanesTakeTurns) {
  LaneExecutor executor("lane-test", 1, false);
  auto a = executor.openLane("a", 0);
  auto b = executor.openLane("b", 0);
  Gate gate;
  std::mutex mutex;
  std::vector<char> order;
  // The single worker is held while both lanes queue work.
  a->execute([&] { gate.wait(); });
  for (int i = 0; i < 3; ++i) {
    a->execute([&] {
      std::lock_guard lock(mutex);
      order.push_back('a');
    });
    b->execute([&] {
      std::lock_guard lock(mutex);
      order.push_back('b');
    });
  }
  gate.release();
  ASSERT_TRUE(waitUntil([&] {
    std::lock_guard lock(mutex);
    return order.size() == 6;
  }));
  EXPECT_EQ(std::string(order.begin(), order.end()), "babab" "a");
}

TEST(LaneExecutorTest, DelayedTasksRunWhenDue) {
  LaneExecutor executor("lane-test", 2, false);
  auto lane = executor.openLane("delayed", 0);
  const auto begin = LaneExecutor::Clock::now();
  std::atomic<LaneExecutor::Clock::time_point::rep> ran_late{0};
  std::atomic<LaneExecutor::Clock::time_point::rep> ran_soon{0};
  lane->executeLater([&] { ran_late = (LaneExecutor::Clock::now() - begin).count(); }, 150ms);
  lane->executeLater([&] { ran_soon = (LaneExecutor::Clock::now() - begin).count(); }, 30ms);
  ASSERT_TRUE(waitUntil([&] { return ran_late.load() != 0 && ran_soon.load() != 0; }));
  EXPECT_GE(ran_soon.load(), LaneExecutor::Clock::duration(30ms).count());
  EXPECT_GE(ran_late.load(), LaneExecutor::Clock::duration(150ms).count());
  EXPECT_LT(ran_soon.load(), ran_late.load());
}

TEST(LaneExecutorTest, CloseDropsQueuedAndDelayedTasksAndWaitsForRunningOnes) {
  LaneExecutor executor("lane-test", 2, true);
  auto lane = executor.openLane("closing", 1);
  std::atomic<bool> release{false};
  std::atomic<bool> running{false};
  std::atomic<bool> finished{false};
  std::atomic<int> dropped_ran{0};
  lane->execute([&] {
    running = true;
    while (!release) std::this_thread::sleep_for(1ms);
    finished = true;
  });
  ASSERT_TRUE(waitUntil([&] { return running.load(); }));
  lane->execute([&] { ++dropped_ran; });
  lane->executeLater([&] { ++dropped_ran; }, 10ms);
  lane->controlLater([&] { ++dropped_ran; }, 10ms);
  std::thread closer([&] { lane->close(); });
  // close() is still waiting for the running task.
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(finished.load());
  release = true;
  closer.join();
  EXPECT_TRUE(finished.load());
  EXPECT_FALSE(lane->execute([&] { ++dropped_ran; }));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(dropped_ran.load(), 0);
}

TEST(LaneExecutorTest, CloseFromTheLanesOwnTaskDoesNotWaitForItself) {
  LaneExecutor executor("lane-test", 1, false);
  auto lane = executor.openLane("self", 0);
  std::atomic<bool> closed{false};
  lane->execute([&] {
    lane->close();
    closed = true;
  });
  EXPECT_TRUE(waitUntil([&] { return closed.load(); }));
}

TEST(LaneExecutorTest, ControlTasksRunWhileEveryWorkerIsBusy) {
  LaneExecutor executor("lane-test", 2, true);
  auto lane = executor.openLane("busy", 0);
  Gate gate;
  Concurrency c;
  for (int i = 0; i < 2; ++i) {
    lane->execute([&] {
      c.enter();
      gate.wait();
      c.leave();
    });
  }
  ASSERT_TRUE(waitUntil([&] { return c.running.load() == 2; }));
  std::atomic<bool> control_ran{false};
  lane->controlLater([&] { control_ran = true; }, 1ms);
  EXPECT_TRUE(waitUntil([&] { return control_ran.load(); }));
  gate.release();
  ASSERT_TRUE(waitUntil([&] { return c.done.load() == 2; }));
}

TEST(LaneExecutorTest, AThrowingTaskDoesNotStopTheWorker) {
  LaneExecutor executor("lane-test", 1, false);
  auto lane = executor.openLane("throws", 0);
  std::atomic<bool> after{false};
  lane->execute([] { throw std::runtime_error("boom"); });
  lane->execute([&] { after = true; });
  EXPECT_TRUE(waitUntil([&] { return after.load(); }));
}

TEST(LaneExecutorTest, WorkersGrowOnDemandAndShutdownRefusesWork) {
  LaneExecutor executor("lane-test", 1, true);
  EXPECT_EQ(executor.threadCount(), 2u);  // one worker and the control thread
  executor.ensureWorkers(3);
  EXPECT_EQ(executor.workerCount(), 3u);
  EXPECT_EQ(executor.threadCount(), 4u);
  executor.ensureWorkers(2);  // never shrinks
  EXPECT_EQ(executor.workerCount(), 3u);
  auto lane = executor.openLane("late", 0);
  executor.shutdown();
  EXPECT_FALSE(lane->execute([] {}));
  lane->close();  // nothing running: returns at once
}

}  // namespace
}  // namespace apogee
