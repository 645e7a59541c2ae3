// Issue 7: orderly consumption across processes joining, leaving and being
// killed with SIGKILL. `apogee consume --orderly --json` child processes
// share one group on an 8-queue topic of a real `apogee dev`; the test sends
// 100 order ids x 100 steps, each order id to queue id % 8 (what a
// MessageQueueSelector by order id does), in four phases of 25 steps, and
// changes the group between phases: 2 consumers, a 3rd joins, the 1st is
// killed with SIGKILL, the 2nd leaves with SIGINT, the 3rd finishes.
//
// Every step of every order must be printed at least once, every message
// from queue order % 8, and each process's output in order as
// apps/order_runs.h defines it.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "apps/apps_test_util.h"
#include "apps/consumer_group_probe.h"
#include "apps/order_runs.h"
#include "support/wait.h"

namespace apogee::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kQueues = 8;
constexpr int kOrders = 100;
constexpr int kSteps = 100;
constexpr int kPhases = 4;
constexpr int kStepsPerPhase = kSteps / kPhases;
constexpr const char* kTopic = "OrderKillT";
constexpr const char* kGroup = "OrderKillG";
constexpr auto kReadPoll = 2ms;  // see consumer_kill_test.cc

std::string bodyOf(int order, int step) {
  return "o" + std::to_string(order) + "-s" + std::to_string(step);
}

// One `apogee consume --orderly --json` child and what it printed.
struct OrderlyChild {
  std::unique_ptr<ApogeeProcess> process;
  PrintedSteps steps;
  std::size_t printed = 0;
  int max_step = -1;
  bool gone = false;  // killed or left
};

class OrderlyKillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(startDevWithTopic(tmp_, client_, dev_, kTopic, kQueues))
        << "apogee dev did not start or " << kTopic << " was not routed";
    probe_.emplace(client_, dev_.broker, kGroup, kTopic, kQueues);
  }

  void TearDown() override {
    released_phases_ = kPhases;  // never leave the producer waiting
    if (producer_.joinable()) producer_.join();
  }

  void startConsumer() {
    OrderlyChild c;
    c.process = ApogeeProcess::start(
        {"consume", "-t", kTopic, "-g", kGroup, "--json", "--orderly", "--from-beginning", "-n",
         dev_.namesrv},
        tmp_.path() / ("consumer-" + std::to_string(consumers_.size()) + ".log"));
    ASSERT_TRUE(c.process);
    consumers_.push_back(std::move(c));
  }

  // Sends phase after phase as the test releases them: step by step, every
  // order id's step to queue id % kQueues, synchronously (a step is stored
  // before the next is sent).
  void startProducer() {
    producer_ = std::thread([this] {
      TestClient sender;
      for (int step = 0; step < kSteps; ++step) {
        if (step % kStepsPerPhase == 0) {
          waitUntil([&] { return released_phases_.load() > step / kStepsPerPhase; }, 60s);
        }
        for (int order = 0; order < kOrders; ++order) {
          auto r = sender.call(
              dev_.broker, TestClient::sendRequest(kTopic, order % kQueues, bodyOf(order, step)));
          if (r.code() != rc::kSuccess) ++send_failures_;
          ++sent_;
        }
      }
    });
  }

  // Reads what the children printed so far (never blocks for long: a child
  // writing into a full pipe would stall); a killed child's pipe too.
  void pump() {
    for (auto& c : consumers_) {
      while (auto line = c.process->readLine(kReadPoll)) {
        rapidjson::Document d;
        d.Parse(line->c_str());
        ASSERT_FALSE(d.HasParseError()) << *line;
        int order = -1, step = -1;
        ASSERT_EQ(std::sscanf(d["body"].GetString(), "o%d-s%d", &order, &step), 2) << *line;
        ASSERT_TRUE(order >= 0 && order < kOrders && step >= 0 && step < kSteps) << *line;
        EXPECT_EQ(d["queueId"].GetInt(), order % kQueues) << *line;
        c.steps[order].push_back(step);
        ++c.printed;
        c.max_step = std::max(c.max_step, step);
        seen_.insert(order * kSteps + step);
      }
    }
  }

  bool splitAmong(std::size_t n, std::map<std::string, std::set<int>>* held = nullptr) {
    pump();
    return probe_->queuesSplitAmong(n, held);
  }

  // Waits (reading the children) until consumer `i` (any live one if -1)
  // printed a step of `phase`.
  bool phaseUnderway(int phase, int i = -1) {
    return waitUntil(
        [&] {
          pump();
          for (std::size_t j = 0; j < consumers_.size(); ++j) {
            const auto& c = consumers_[j];
            const bool asked = i < 0 ? !c.gone : j == static_cast<std::size_t>(i);
            if (asked && c.max_step >= phase * kStepsPerPhase) return true;
          }
          return false;
        },
        20s);
  }

  TempDir tmp_;
  DevServer dev_;
  TestClient client_;
  std::optional<ConsumerGroupProbe> probe_;  // once the broker runs
  std::vector<OrderlyChild> consumers_;
  std::set<int> seen_;  // order * kSteps + step, by any consumer
  std::thread producer_;
  std::atomic<int> released_phases_{0};
  std::atomic<int> sent_{0};
  std::atomic<int> send_failures_{0};
};

TEST_F(OrderlyKillTest, EveryOrderInOrderAcrossJoinLeaveAndSigkill) {
  startConsumer();
  startConsumer();
  ASSERT_TRUE(waitUntil([&] { return splitAmong(2); }, 20s)) << "2 consumers never split";
  startProducer();

  // Phase 0 with two consumers; the third joins while it is consumed.
  released_phases_ = 1;
  ASSERT_TRUE(phaseUnderway(0));
  startConsumer();
  released_phases_ = 2;
  std::map<std::string, std::set<int>> three;
  ASSERT_TRUE(waitUntil([&] { return splitAmong(3, &three); }, 20s)) << "3 never split";
  ASSERT_TRUE(phaseUnderway(1));

  // SIGKILL the first while phase 2 is consumed: what it consumed but had
  // not committed yet (offsets are persisted every 5 s) comes again.
  released_phases_ = 3;
  ASSERT_TRUE(phaseUnderway(2, 0));
  OrderlyChild& victim = consumers_[0];
  const std::string victim_id = ConsumerGroupProbe::idOfPid(three, victim.process->pid());
  ASSERT_FALSE(victim_id.empty());
  const std::size_t victim_queues = three[victim_id].size();
  const int victim_step = victim.max_step;  // as far as read: it may be further
  victim.process->signal(SIGKILL);
  ASSERT_EQ(victim.process->waitExit(kExitTimeout), 128 + SIGKILL);
  victim.gone = true;
  ASSERT_TRUE(waitUntil([&] { return splitAmong(2); }, 20s)) << "survivors never took over";

  // The second leaves (SIGINT: it commits and unlocks) during phase 3.
  released_phases_ = 4;
  ASSERT_TRUE(phaseUnderway(3, 1));
  OrderlyChild& leaver = consumers_[1];
  leaver.process->signal(SIGINT);
  ASSERT_TRUE(waitUntil(
      [&] {
        pump();
        return leaver.process->waitExit(0ms).has_value();
      },
      kExitTimeout));
  EXPECT_EQ(leaver.process->waitExit(0ms), 0) << leaver.process->stderrText();
  leaver.gone = true;

  producer_.join();
  EXPECT_EQ(sent_.load(), kOrders * kSteps);
  EXPECT_EQ(send_failures_.load(), 0);
  const bool all_seen = waitUntil(
      [&] {
        pump();
        return seen_.size() == static_cast<std::size_t>(kOrders * kSteps);
      },
      20s);
  EXPECT_TRUE(all_seen) << seen_.size() << " of " << kOrders * kSteps << " (order, step) seen";
  for (int id = 0; id < kOrders * kSteps && !all_seen; ++id) {
    if (!seen_.contains(id)) {
      ADD_FAILURE() << "never consumed: order " << id / kSteps << " step " << id % kSteps;
      break;
    }
  }

  std::vector<PrintedSteps> printed_steps;
  for (const auto& c : consumers_) printed_steps.push_back(c.steps);
  const OrderRuns runs = checkOrderRuns(printed_steps);
  for (const auto& v : runs.violations) ADD_FAILURE() << v;

  std::size_t printed = 0;
  for (const auto& c : consumers_) printed += c.printed;
  const auto duplicates = static_cast<long long>(printed) - kOrders * kSteps;
  std::printf(
      "[ orderly  ] %d orders x %d steps on %d queues; printed %zu / %zu / %zu (the killed one "
      "held %zu queues, had printed up to step %d of %d when killed); %lld duplicate deliveries, "
      "%d restarts within a process, %d forward "
      "jumps over steps another process printed\n",
      kOrders, kSteps, kQueues, consumers_[0].printed, consumers_[1].printed, consumers_[2].printed,
      victim_queues, victim_step, kSteps, duplicates, runs.restarts, runs.handover_jumps);
  RecordProperty("duplicates", static_cast<int>(duplicates));

  OrderlyChild& last = consumers_[2];
  last.process->signal(SIGINT);
  while (last.process->readLine(kReadPoll)) {
  }
  EXPECT_EQ(last.process->waitExit(kExitTimeout), 0) << last.process->stderrText();
}

}  // namespace
}  // namespace apogee::testing
