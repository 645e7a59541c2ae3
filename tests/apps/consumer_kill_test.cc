// Issue 6: a consumer process killed with SIGKILL mid-stream. Three real
// `apogee consume --json` processes share one group on an 8-queue topic of a
// real `apogee dev`; `apogee produce` sends a stream of 3000 numbered
// messages; one consumer is killed after the first 1000 were sent. The
// broker must notice the dead client through its closed connection (not the
// 120 s channel expiry), tell the survivors (NOTIFY_CONSUMER_IDS_CHANGED, not
// their 20 s periodic rebalance), and the survivors must take its queues and
// consume every message at least once.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <csignal>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "apps/apps_test_util.h"
#include "apps/consumer_group_probe.h"
#include "support/wait.h"

namespace apogee::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int kQueues = 8;
constexpr int kMessages = 3000;
constexpr int kKillAfterSent = 1000;
constexpr std::size_t kVictimPrintedBeforeKill = 100;
constexpr const char* kTopic = "KillT";
constexpr const char* kGroup = "KillG";
// How long one read of a child's stdout waits: readLine's deadline is in
// whole milliseconds, so 1 ms may not poll at all.
constexpr auto kReadPoll = 2ms;

// One `apogee consume --json` child and every message it printed.
struct ConsumerChild {
  std::unique_ptr<ApogeeProcess> process;
  std::map<std::string, int> bodies;  // body -> times printed
  std::set<int> queues;               // queue ids it printed from
  std::set<int> queuesAfterKill;      // ... after the kill
  bool killed = false;
};

class ConsumerKillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(startDevWithTopic(tmp_, client_, dev_, kTopic, kQueues))
        << "apogee dev did not start or " << kTopic << " was not routed";
    probe_.emplace(client_, dev_.broker, kGroup, kTopic, kQueues);
  }

  std::unique_ptr<ApogeeProcess> startTool(std::vector<std::string> args, const std::string& log) {
    args.push_back("-n");
    args.push_back(dev_.namesrv);
    return ApogeeProcess::start(args, tmp_.path() / log);
  }

  // Reads whatever the children printed so far (never blocks for long: a
  // child writing into a full pipe would stall).
  // With `read_producer` false the producer's stdout is left alone: once
  // its pipe is full, it waits, which keeps the stream going until then.
  void pump(bool read_producer = true) {
    const bool after_kill = kill_time_.has_value();
    // The killed child's pipe is read to its end too: what it printed before
    // SIGKILL is still there.
    for (auto& c : consumers_) {
      while (auto line = c.process->readLine(kReadPoll)) {
        rapidjson::Document d;
        d.Parse(line->c_str());
        ASSERT_FALSE(d.HasParseError()) << *line;
        ++c.bodies[d["body"].GetString()];
        const int queue = d["queueId"].GetInt();
        if (std::string(d["topic"].GetString()) != kTopic) continue;
        c.queues.insert(queue);
        if (after_kill) c.queuesAfterKill.insert(queue);
      }
    }
    if (producer_ && read_producer) {
      while (auto line = producer_->readLine(kReadPoll)) {
        if (line->find("SEND_OK") != std::string::npos) ++sent_;
      }
    }
  }

  // Deliveries of each body over every consumer.
  std::map<std::string, int> allBodies() const {
    std::map<std::string, int> all;
    for (const auto& c : consumers_) {
      for (const auto& [body, n] : c.bodies) all[body] += n;
    }
    return all;
  }

  // The group's members and the queues each holds.
  std::vector<std::string> consumerIds() { return probe_->consumerIds(); }
  bool queuesSplitAmong(std::size_t consumers, std::map<std::string, std::set<int>>* out) {
    pump();
    return probe_->queuesSplitAmong(consumers, out);
  }

  TempDir tmp_;
  DevServer dev_;
  TestClient client_;
  std::optional<ConsumerGroupProbe> probe_;  // once the broker runs
  std::vector<ConsumerChild> consumers_;
  std::unique_ptr<ApogeeProcess> producer_;
  int sent_ = 0;
  std::optional<Clock::time_point> kill_time_;
};

TEST_F(ConsumerKillTest, SurvivorsTakeTheKilledConsumersQueuesAndConsumeEverything) {
  for (int i = 0; i < 3; ++i) {
    ConsumerChild c;
    c.process = startTool({"consume", "-t", kTopic, "-g", kGroup, "--json", "--from-beginning"},
                          "consumer-" + std::to_string(i) + ".log");
    ASSERT_TRUE(c.process);
    consumers_.push_back(std::move(c));
  }
  std::map<std::string, std::set<int>> before;
  ASSERT_TRUE(waitUntil([&] { return queuesSplitAmong(3, &before); }, 20s))
      << "three consumers never split the 8 queues";

  producer_ = startTool({"produce", "-t", kTopic, "--count", std::to_string(kMessages), "--body",
                         "kill-{n}", "--keys", "key-{n}"},
                        "producer.log");
  ASSERT_TRUE(producer_);
  // Mid-stream: the producer has sent kKillAfterSent (it is then held back
  // by its own pipe) and the victim is consuming.
  ConsumerChild& victim = consumers_[0];
  ASSERT_TRUE(waitUntil(
      [&] {
        pump(sent_ < kKillAfterSent);
        return sent_ >= kKillAfterSent && victim.bodies.size() >= kVictimPrintedBeforeKill;
      },
      30s))
      << "the producer sent " << sent_ << ", the victim printed " << victim.bodies.size()
      << "; producer stderr: " << producer_->stderrText();

  // The victim: the client whose id names the first child's pid.
  const std::string victim_id = ConsumerGroupProbe::idOfPid(before, victim.process->pid());
  ASSERT_FALSE(victim_id.empty()) << "no client id of pid " << victim.process->pid();
  const std::set<int> victim_queues = before[victim_id];
  ASSERT_FALSE(victim_queues.empty());
  pump();
  victim.process->signal(SIGKILL);
  kill_time_ = Clock::now();
  const int sent_at_kill = sent_;
  ASSERT_EQ(victim.process->waitExit(kExitTimeout), 128 + SIGKILL);
  victim.killed = true;

  // The broker drops the dead client as soon as its connection closes.
  ASSERT_TRUE(waitUntil(
      [&] {
        pump();
        return consumerIds().size() == 2;
      },
      5s))
      << "the broker still lists the killed consumer";
  const auto noticed = Clock::now() - *kill_time_;
  // The survivors rebalance on the broker's notification: well before their
  // 20 s periodic rebalance.
  std::map<std::string, std::set<int>> after;
  ASSERT_TRUE(waitUntil([&] { return queuesSplitAmong(2, &after); }, 10s))
      << "the survivors never took all 8 queues";
  const auto rebalanced = Clock::now() - *kill_time_;
  for (const auto& [id, q] : after) EXPECT_NE(id, victim_id);

  // Its stdout is a pipe: keep reading while it finishes.
  ASSERT_TRUE(waitUntil(
      [&] {
        pump();
        return producer_->waitExit(0ms).has_value();
      },
      kExitTimeout));
  EXPECT_EQ(producer_->waitExit(0ms), 0) << producer_->stderrText();
  pump();
  EXPECT_EQ(sent_, kMessages);
  const bool all_seen = waitUntil(
      [&] {
        pump();
        return allBodies().size() == static_cast<std::size_t>(kMessages);
      },
      30s);

  const auto all = allBodies();
  std::vector<std::string> missing;
  for (int n = 0; n < kMessages; ++n) {
    if (!all.contains("kill-" + std::to_string(n))) missing.push_back("kill-" + std::to_string(n));
  }
  EXPECT_TRUE(all_seen && missing.empty())
      << missing.size() << " message(s) never consumed, first "
      << (missing.empty() ? "-" : missing.front());
  int duplicates = 0;
  for (const auto& [body, n] : all) {
    EXPECT_EQ(body.rfind("kill-", 0), 0u) << body;
    duplicates += n - 1;
  }
  // Survivors printed messages of every queue the victim held.
  std::set<int> taken_over;
  for (const auto& c : consumers_) {
    if (!c.killed) taken_over.insert(c.queuesAfterKill.begin(), c.queuesAfterKill.end());
  }
  for (int q : victim_queues) EXPECT_TRUE(taken_over.contains(q)) << "queue " << q;

  const auto ms = [](auto d) {
    return static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
  };
  std::printf(
      "[ kill     ] sent %d before SIGKILL; victim held %zu queues, printed %zu; broker dropped "
      "it after %lld ms, survivors held all %d queues after %lld ms; %d duplicate deliveries of "
      "%d messages\n",
      sent_at_kill, victim_queues.size(), victim.bodies.size(), ms(noticed), kQueues,
      ms(rebalanced), duplicates, kMessages);
  RecordProperty("duplicates", duplicates);
  RecordProperty("rebalanced_ms", ms(rebalanced));

  for (auto& c : consumers_) {
    if (c.killed) continue;
    c.process->signal(SIGINT);
    while (c.process->readLine(kReadPoll)) {
    }
    EXPECT_EQ(c.process->waitExit(kExitTimeout), 0) << c.process->stderrText();
  }
}

}  // namespace
}  // namespace apogee::testing
