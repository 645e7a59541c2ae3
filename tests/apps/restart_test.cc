// The restart test: `apogee dev` stopped with SIGTERM in the middle of
// traffic and started again on the same data directory keeps its topic,
// committed offsets, subscription group and every acknowledged message.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "apps/apps_test_util.h"
#include "support/wait.h"

namespace apogee::testing {
namespace {

constexpr int kQueues = 4;
const std::string kTopic = "RestartTopic";
const std::string kGroup = "RestartGroup";

// Sends "restart-<n>" to queue n % kQueues, one at a time, until stopped;
// remembers what each queue acknowledged, in order. Once `expect_failures`
// is set (the server is going down) the first failure ends it; before
// that a failure is a test failure.
class Sender {
 public:
  explicit Sender(std::string broker) : broker_(std::move(broker)) {
    EXPECT_TRUE(client_.start().ok());
    thread_ = std::thread([this] { run(); });
  }
  ~Sender() { stop(); }

  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    client_.shutdown();
  }
  void expectFailures() { expect_failures_ = true; }
  std::size_t acked() const { return acked_count_.load(); }
  std::vector<std::vector<std::string>> ackedByQueue() {
    std::lock_guard lock(mu_);
    return acked_;
  }

 private:
  void run() {
    for (int n = 0; !stop_; ++n) {
      const int queue = n % kQueues;
      const std::string body = "restart-" + std::to_string(n);
      auto r = client_.invokeSync(broker_, TestClient::sendRequest(kTopic, queue, body),
                                  std::chrono::seconds(5));
      if (r.ok() && r->code() == rc::kSuccess) {
        std::lock_guard lock(mu_);
        acked_[queue].push_back(body);
        acked_count_.fetch_add(1);
        continue;
      }
      if (!expect_failures_) {
        ADD_FAILURE() << "send " << n << " failed before shutdown: "
                      << (r.ok() ? std::to_string(r->code()) : r.status().toString());
      }
      return;
    }
  }

  const std::string broker_;
  remoting::RemotingClient client_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> expect_failures_{false};
  std::atomic<std::size_t> acked_count_{0};
  std::mutex mu_;
  std::vector<std::vector<std::string>> acked_ = std::vector<std::vector<std::string>>(kQueues);
  std::thread thread_;
};

TEST(RestartTest, SigtermMidTrafficLosesNothingAcknowledged) {
  TempDir tmp;
  const auto data = tmp.path() / "data";
  const auto small = tmp.writeFile("small.conf", std::string(kSmallStoreConf));
  std::vector<std::vector<std::string>> acked;
  {
    DevServer dev = startDev(tmp, data, {"-c", small.string()}, "first-run.log");
    ASSERT_TRUE(dev.process);
    TestClient client;
    ASSERT_EQ(client.createTopic(dev.broker, kTopic, kQueues), rc::kSuccess);
    ASSERT_EQ(client.heartbeat(dev.broker, kGroup, kTopic), rc::kSuccess);

    Sender sender(dev.broker);
    ASSERT_TRUE(waitUntil([&] { return sender.acked() >= 1000; }, std::chrono::seconds(20)));
    ASSERT_EQ(client.updateOffset(dev.broker, kGroup, kTopic, 1, 7), rc::kSuccess);
    ASSERT_EQ(client.updateOffset(dev.broker, kGroup, kTopic, 2, 3), rc::kSuccess);
    // More traffic after the commit, so the stop lands in the middle of it.
    const std::size_t at_commit = sender.acked();
    ASSERT_TRUE(
        waitUntil([&] { return sender.acked() >= at_commit + 300; }, std::chrono::seconds(20)));

    sender.expectFailures();
    dev.process->signal(SIGTERM);
    EXPECT_EQ(dev.process->waitExit(kExitTimeout), 0) << dev.process->stderrText();
    sender.stop();
    acked = sender.ackedByQueue();
  }
  std::size_t acked_total = 0;
  for (const auto& q : acked) acked_total += q.size();
  ASSERT_GE(acked_total, 1300u);

  // The second run creates no subscription group on its own, so a pull by
  // kGroup works only if the group came back from disk.
  const auto conf = tmp.writeFile(
      "second.conf", std::string(kSmallStoreConf) + "autoCreateSubscriptionGroup=false\n");
  DevServer dev = startDev(tmp, data, {"-c", conf.string()}, "second-run.log");
  ASSERT_TRUE(dev.process);
  TestClient client;

  // The topic config came back and was registered again.
  auto route = client.route(dev.namesrv, kTopic);
  ASSERT_TRUE(route);
  ASSERT_EQ(route->queueDatas.size(), 1u);
  EXPECT_EQ(route->queueDatas[0].readQueueNums, kQueues);
  EXPECT_EQ(route->queueDatas[0].writeQueueNums, kQueues);

  EXPECT_EQ(client.queryOffset(dev.broker, kGroup, kTopic, 1), 7);
  EXPECT_EQ(client.queryOffset(dev.broker, kGroup, kTopic, 2), 3);

  EXPECT_EQ(client.pull(dev.broker, "NeverSeenGroup", kTopic, 0, 0).code(),
            rc::kSubscriptionGroupNotExist);

  // Every acknowledged message, in order; at most one more (a send the
  // broker stored whose answer the stop cut off).
  std::size_t pulled_total = 0;
  for (int q = 0; q < kQueues; ++q) {
    auto bodies = client.pullAll(dev.broker, kGroup, kTopic, q);
    pulled_total += bodies.size();
    ASSERT_GE(bodies.size(), acked[q].size()) << "queue " << q;
    EXPECT_TRUE(std::equal(acked[q].begin(), acked[q].end(), bodies.begin())) << "queue " << q;
  }
  EXPECT_LE(pulled_total, acked_total + 1);

  dev.process->signal(SIGTERM);
  EXPECT_EQ(dev.process->waitExit(kExitTimeout), 0) << dev.process->stderrText();
}

}  // namespace
}  // namespace apogee::testing
