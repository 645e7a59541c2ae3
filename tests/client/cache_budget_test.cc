#include "client/consumer/cache_budget.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <vector>

#include "client/consumer/process_queue.h"

// CacheBudget's rule, alone, on hand-computed scenarios (budget 40, pull
// batches of 4, 4 queues: share 10, bound 40 + 4 * 4 = 56), then a seeded
// random run of pulls in flight, consumption and rebalances checking the
// bound and that no queue is ever stuck with nothing cached.
namespace apogee::client {
namespace {

using namespace std::chrono_literals;
using Clock = CacheBudget::Clock;

constexpr std::int64_t kBudget = 40;
constexpr std::int64_t kBatch = 4;

// Queues joined to one budget; pull() asks the rule and, when allowed,
// caches one batch at once (the result of the pull).
struct Instance {
  explicit Instance(int queues, std::int64_t limit = kBudget) : budget(limit), accounts(queues) {
    for (auto& a : accounts) budget.join(a);
  }
  ~Instance() {
    for (auto& a : accounts) budget.leave(a);
  }
  bool pull(int q, Clock::time_point now) {
    if (budget.mustWait(accounts[q].bytes(), now)) return false;
    budget.add(accounts[q], kBatch, now);
    return true;
  }
  void consume(int q, std::int64_t bytes) { budget.add(accounts[q], -bytes); }
  std::int64_t held(int q) const { return accounts[q].bytes(); }

  CacheBudget budget;
  std::vector<CacheBudget::Account> accounts;
};

TEST(CacheBudgetTest, NoBudgetNeverWaits) {
  CacheBudget budget(0);
  CacheBudget::Account a;
  budget.join(a);
  budget.add(a, 1 << 30);
  EXPECT_FALSE(budget.mustWait(a.bytes()));
  budget.leave(a);
}

// The skewed load that reached twice the budget under the former rule:
// queue 0 fills the budget alone (the others idle, reserving nothing),
// then the others get messages. Former rule: each of them pulled to its
// share (12 with batches of 4) over budget, 44 + 3 * 12 = 80. Now each gets
// one batch (it held nothing) and the total stops at 56 = budget + 4 batches.
TEST(CacheBudgetTest, SkewedLoadStaysWithinBudgetPlusABatchPerQueue) {
  Instance in(4);
  const auto now = Clock::now();
  ASSERT_EQ(in.budget.share(), 10);
  int pulls = 0;
  while (in.pull(0, now)) ++pulls;
  EXPECT_EQ(pulls, 11);  // 0, 4, ..., 40 (not over budget yet) -> 44
  EXPECT_EQ(in.held(0), 44);
  for (int q = 1; q < 4; ++q) EXPECT_TRUE(in.pull(q, now)) << q;
  EXPECT_EQ(in.budget.bytes(), 56);
  for (int q = 0; q < 4; ++q) EXPECT_FALSE(in.pull(q, now)) << q;
  EXPECT_EQ(in.budget.bytes(), 56);

  // Queue 0 consumes 20 (total 36): the queues below their share pull
  // while the total is within budget: 1 -> 8 (40), 2 -> 8 (44), 3 waits.
  in.consume(0, 20);
  EXPECT_FALSE(in.pull(0, now));  // no refill of the hot queue: 36 + 6 * 3 reserved > 40
  EXPECT_TRUE(in.pull(1, now));
  EXPECT_TRUE(in.pull(2, now));
  EXPECT_FALSE(in.pull(3, now));
  EXPECT_EQ(in.budget.bytes(), 44);

  // Queue 0 consumes 8 more (total 36; 16 held, over its share): the
  // others' unmet shares (2 + 2 + 6 = 10) are reserved, so it waits while
  // they pull: 3 -> 8 (40), 1 -> 12 (44).
  in.consume(0, 8);
  EXPECT_EQ(in.budget.reservedBytes(now), 10);
  EXPECT_FALSE(in.pull(0, now));
  EXPECT_TRUE(in.pull(3, now));
  EXPECT_TRUE(in.pull(1, now));
  EXPECT_FALSE(in.pull(2, now));
  EXPECT_EQ(in.budget.bytes(), 44);

  // Queue 0 drains (28): 2 and 3 reach their share (12 each, 36). Queue 0,
  // holding nothing but just fed, now reserves its whole share, so the
  // others at their share wait while it pulls: 0 -> 4 (40, 6 reserved),
  // 1 waits (40 + 6 > 40), 0 -> 8 (44).
  in.consume(0, 16);
  EXPECT_TRUE(in.pull(2, now));
  EXPECT_TRUE(in.pull(3, now));
  EXPECT_EQ(in.budget.reservedBytes(now), 10);
  EXPECT_TRUE(in.pull(0, now));
  EXPECT_EQ(in.budget.reservedBytes(now), 6);
  EXPECT_FALSE(in.pull(1, now));
  EXPECT_TRUE(in.pull(0, now));
  EXPECT_EQ(in.budget.bytes(), 44);
}

// Evenly loaded queues pulling in turn with nothing consumed: 4 each (16),
// 8 each (32), then 0 -> 12 (36), 1 -> 12 (40), 2 -> 12 (44, over budget);
// 3 stays at 8, below its share, until something is consumed: then it pulls
// (and 0, at its share, not before it has).
TEST(CacheBudgetTest, EvenLoadStopsAtTheBudgetPlusABatchPerQueue) {
  Instance in(4);
  const auto now = Clock::now();
  bool any = true;
  while (any) {
    any = false;
    for (int q = 0; q < 4; ++q) any = in.pull(q, now) || any;
  }
  EXPECT_EQ(in.budget.bytes(), 44);
  EXPECT_EQ(in.held(3), 8);
  in.consume(1, 4);               // 40
  EXPECT_FALSE(in.pull(0, now));  // 40 + 2 + 2 reserved for queues 1 and 3
  EXPECT_TRUE(in.pull(3, now));   // 44
  EXPECT_EQ(in.held(3), 12);
  EXPECT_FALSE(in.pull(1, now));
}

// Progress: a queue holding nothing pulls however full the budget is, even
// when the budget is smaller than the number of queues (share 0).
TEST(CacheBudgetTest, AnEmptyQueueAlwaysPulls) {
  Instance in(4, 3);
  const auto now = Clock::now();
  ASSERT_EQ(in.budget.share(), 0);
  for (int q = 0; q < 4; ++q) EXPECT_TRUE(in.pull(q, now)) << q;
  EXPECT_EQ(in.budget.bytes(), 16);
  for (int q = 0; q < 4; ++q) EXPECT_FALSE(in.pull(q, now)) << q;
  in.consume(2, kBatch);
  EXPECT_TRUE(in.pull(2, now));
}

// An empty queue that received messages within kActiveFor keeps its share
// reserved (it is between batches); after that it is idle and reserves
// nothing, so a busy queue may use the whole budget.
TEST(CacheBudgetTest, OnlyActiveQueuesReserveTheirShare) {
  Instance in(4);
  const auto t0 = Clock::now();
  ASSERT_TRUE(in.pull(1, t0));
  in.consume(1, kBatch);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(in.pull(0, t0));  // 20, over its share
  EXPECT_EQ(in.budget.reservedBytes(t0), 10);
  ASSERT_TRUE(in.pull(0, t0));   // 20 + 10 <= 40
  ASSERT_TRUE(in.pull(0, t0));   // 24 + 10 <= 40
  ASSERT_TRUE(in.pull(0, t0));   // 28 + 10 <= 40
  EXPECT_FALSE(in.pull(0, t0));  // 32 + 10 > 40
  const auto later = t0 + CacheBudget::kActiveFor + 1ms;
  EXPECT_EQ(in.budget.reservedBytes(later), 0);
  EXPECT_TRUE(in.pull(0, later));
}

// Leaving releases what the queue holds and raises the others' share;
// joining lowers it. A process queue joins through attachBudget and leaves
// when dropped.
TEST(CacheBudgetTest, QueuesJoiningAndLeavingMoveTheShareAndTheBytes) {
  auto budget = std::make_shared<CacheBudget>(kBudget);
  ProcessQueue a, b;
  a.attachBudget(budget);
  b.attachBudget(budget);
  EXPECT_EQ(budget->share(), 20);
  MessageExt m;
  m.setQueueOffset(0);
  m.setBody(std::string(30, 'x'));
  b.putMessage({m});
  EXPECT_EQ(budget->bytes(), 30);
  b.setDropped(true);
  EXPECT_EQ(budget->queues(), 1);
  EXPECT_EQ(budget->bytes(), 0);
  EXPECT_EQ(budget->share(), 40);
  {
    ProcessQueue c;
    c.putMessage({m});  // held before it joins: counted from the join
    c.attachBudget(budget);
    EXPECT_EQ(budget->share(), 20);
    EXPECT_EQ(budget->bytes(), 30);
  }
  EXPECT_EQ(budget->queues(), 1);
  EXPECT_EQ(budget->bytes(), 0);
}

// Random pulls in flight (at most one per queue, landing later), slow
// consumption, backlogs arriving and queues moving by rebalance: the total
// never exceeds the budget plus one batch per queue held, a queue holding
// nothing is never refused, and every backlog is consumed.
TEST(CacheBudgetTest, RandomLoadKeepsTheBoundAndDrains) {
  constexpr int kQueues = 6;
  constexpr std::int64_t kLimit = 60;
  CacheBudget budget(kLimit);
  struct Queue {
    CacheBudget::Account account;
    bool joined = false;
    std::int64_t backlog = 0;    // at the broker
    std::int64_t inFlight = -1;  // the pending pull's result, -1: none
  };
  std::vector<Queue> queues(kQueues);
  std::mt19937 rng(20261127);
  auto now = Clock::now();
  std::int64_t peak = 0;
  std::int64_t consumed = 0, sent = 0;
  for (int q = 0; q < kQueues; ++q) {
    budget.join(queues[q].account);
    queues[q].joined = true;
  }
  for (int step = 0; step < 200000; ++step) {
    now += 1ms;
    auto& q = queues[rng() % kQueues];
    switch (rng() % 10) {
      case 0:  // messages arrive, most often on queue 0
        if (&q == &queues[0] || rng() % 8 == 0) {
          q.backlog += 8;
          sent += 8;
        }
        break;
      case 1:
      case 2:
      case 3:  // a pull is decided
        if (q.joined && q.inFlight < 0 && q.backlog > 0) {
          const bool wait = budget.mustWait(q.account.bytes(), now);
          ASSERT_FALSE(wait && q.account.bytes() == 0) << "an empty queue was refused";
          if (!wait) {
            q.inFlight = std::min<std::int64_t>(kBatch, q.backlog);
            q.backlog -= q.inFlight;
          }
        }
        break;
      case 4:
      case 5:
      case 6:  // a pull lands
        if (q.inFlight >= 0) {
          budget.add(q.account, q.inFlight, now);
          q.inFlight = -1;
        }
        break;
      case 7:
      case 8:  // slow consumption
        if (q.account.bytes() > 0) {
          budget.add(q.account, -1, now);
          ++consumed;
        }
        break;
      default:  // rebalance: the queue leaves (its cache returns to the
                // broker) or comes back
        if (rng() % 50 != 0) break;
        if (q.joined && q.inFlight < 0) {
          q.backlog += q.account.bytes();
          budget.add(q.account, -q.account.bytes(), now);
          budget.leave(q.account);
          q.joined = false;
        } else if (!q.joined) {
          budget.join(q.account);
          q.joined = true;
        }
    }
    peak = std::max(peak, budget.bytes());
    ASSERT_LE(budget.bytes(), kLimit + budget.queues() * kBatch) << "step " << step;
  }
  EXPECT_GT(peak, kLimit);  // the load was heavy enough to test the bound
  // Drain: with arrivals stopped, every queue rejoined, pulls and
  // consumption go on until nothing is left anywhere.
  for (auto& q : queues) {
    if (!q.joined) {
      budget.join(q.account);
      q.joined = true;
    }
  }
  for (int round = 0; round < 1000000; ++round) {
    now += 1ms;
    bool left = false;
    for (auto& q : queues) {
      if (q.inFlight >= 0) {
        budget.add(q.account, q.inFlight, now);
        q.inFlight = -1;
      }
      if (q.backlog > 0 && !budget.mustWait(q.account.bytes(), now)) {
        q.inFlight = std::min<std::int64_t>(kBatch, q.backlog);
        q.backlog -= q.inFlight;
      }
      if (q.account.bytes() > 0) {
        budget.add(q.account, -1, now);
        ++consumed;
      }
      left = left || q.backlog > 0 || q.inFlight >= 0 || q.account.bytes() > 0;
      ASSERT_LE(budget.bytes(), kLimit + kQueues * kBatch);
    }
    if (!left) break;
  }
  EXPECT_EQ(consumed, sent);
  for (auto& q : queues) budget.leave(q.account);
}

}  // namespace
}  // namespace apogee::client
