#include <filesystem>
#include <set>

#include "apogee/default_lite_pull_consumer.h"
#include "client_test_util.h"

// DefaultLitePullConsumer against an in-process name server and broker.
namespace apogee::client::testing {
namespace {

using ::apogee::testing::waitUntil;
using namespace std::chrono_literals;

class LitePullConsumerTest : public ClusterFixture {
 protected:
  void SetUp() override {
    ClusterFixture::SetUp();
    createTopic("LiteT", 4);
    producer_ = makeProducer("LiteTestProducer");
    producer_->start();
  }
  void TearDown() override {
    producer_->shutdown();
    ClusterFixture::TearDown();
  }

  std::unique_ptr<DefaultLitePullConsumer> makeConsumer(const std::string& group) {
    auto c = std::make_unique<DefaultLitePullConsumer>(group);
    c->setNamesrvAddr(namesrv_addr_);
    c->setClientIP("127.0.0.1");
    c->setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
    c->setAutoCommitIntervalMillis(50ms);
    c->setPersistConsumerOffsetInterval(100ms);
    return c;
  }

  void send(const std::string& body, int queue = -1) {
    Message msg("LiteT", "TagA", body);
    SendResult r = queue < 0 ? producer_->send(msg)
                             : producer_->send(msg, MessageQueue("LiteT", "broker-a", queue));
    ASSERT_EQ(r.getSendStatus(), SendStatus::SEND_OK);
  }

  // Polls the consumers in turn until `seen` holds `n` bodies.
  static bool pollUntil(std::vector<DefaultLitePullConsumer*> consumers,
                        std::set<std::string>& seen, std::size_t n) {
    return waitUntil([&] {
      for (auto* c : consumers) {
        for (const auto& msg : c->poll(20ms)) seen.insert(msg.getBody());
      }
      return seen.size() >= n;
    });
  }

  std::int64_t brokerOffset(const std::string& group, int queue) {
    auto r = admin_.invokeSync(
        addrs_[0],
        RemotingCommand::createRequest(
            code::kQueryConsumerOffset,
            {{"consumerGroup", group}, {"topic", "LiteT"}, {"queueId", std::to_string(queue)}}),
        5s);
    if (!r.ok() || r->code() != rc::kSuccess) return -1;
    return std::stoll(std::string(r->extField("offset").value_or("-1")));
  }

  std::unique_ptr<DefaultMQProducer> producer_;
  const MessageQueue q0_{"LiteT", "broker-a", 0};
};

TEST_F(LitePullConsumerTest, TwoConsumersSplitQueuesAndTakeOverOnShutdown) {
  auto c1 = makeConsumer("LiteSplit");
  auto c2 = makeConsumer("LiteSplit");
  c1->subscribe("LiteT", "*");
  c2->subscribe("LiteT", "*");
  c1->start();
  ASSERT_TRUE(waitUntil([&] { return c1->assignment().size() == 4; }));
  c2->start();
  ASSERT_TRUE(waitUntil([&] {
    return c1->assignment().size() == 2 && c2->assignment().size() == 2;
  })) << c1->assignment().size()
      << " / " << c2->assignment().size();
  std::set<MessageQueue> both = c1->assignment();
  for (const auto& mq : c2->assignment()) EXPECT_TRUE(both.insert(mq).second) << mq.toString();

  for (int i = 0; i < 20; ++i) send("a" + std::to_string(i));
  std::set<std::string> seen;
  ASSERT_TRUE(pollUntil({c1.get(), c2.get()}, seen, 20)) << seen.size();

  c2->shutdown();  // commits what it polled; the broker tells c1 to rebalance
  ASSERT_TRUE(waitUntil([&] { return c1->assignment().size() == 4; }));
  for (int i = 0; i < 20; ++i) send("b" + std::to_string(i));
  ASSERT_TRUE(pollUntil({c1.get()}, seen, 40)) << seen.size();  // nothing lost
}

TEST_F(LitePullConsumerTest, AssignAndSeek) {
  auto c = makeConsumer("LiteAssign");
  c->assign({q0_});
  EXPECT_THROW(c->subscribe("LiteT", "*"), MQClientException);
  c->start();
  EXPECT_EQ(c->assignment(), std::set<MessageQueue>{q0_});
  for (int i = 0; i < 5; ++i) send("m" + std::to_string(i), 0);
  std::set<std::string> seen;
  ASSERT_TRUE(pollUntil({c.get()}, seen, 5));

  c->seek(q0_, 2);
  std::vector<std::string> again;
  ASSERT_TRUE(waitUntil([&] {
    for (const auto& msg : c->poll(20ms)) again.push_back(msg.getBody());
    return again.size() >= 3;
  }));
  EXPECT_EQ(again, (std::vector<std::string>{"m2", "m3", "m4"}));
  EXPECT_THROW(c->seek(q0_, 99), MQClientException);
  EXPECT_THROW(c->seek(MessageQueue("LiteT", "broker-a", 3), 0), MQClientException);
  c->seekToBegin(q0_);
  std::set<std::string> from_start;
  ASSERT_TRUE(pollUntil({c.get()}, from_start, 5));
  c->seekToEnd(q0_);
  EXPECT_TRUE(c->poll(100ms).empty());
  EXPECT_EQ(c->offsetForTimestamp(q0_, 0), 0);
}

TEST_F(LitePullConsumerTest, AutoCommitReachesTheBroker) {
  auto c = makeConsumer("LiteCommit");
  c->assign({q0_});
  c->start();
  for (int i = 0; i < 3; ++i) send("c" + std::to_string(i), 0);
  std::set<std::string> seen;
  ASSERT_TRUE(pollUntil({c.get()}, seen, 3));
  // The next polls record the offset; the persist task sends it.
  ASSERT_TRUE(waitUntil([&] {
    c->poll(10ms);
    return brokerOffset("LiteCommit", 0) == 3;
  }));
  EXPECT_EQ(c->committed(q0_), 3);
}

TEST_F(LitePullConsumerTest, PauseAndResume) {
  auto c = makeConsumer("LitePause");
  c->assign({q0_});
  c->start();
  send("before", 0);
  std::set<std::string> seen;
  ASSERT_TRUE(pollUntil({c.get()}, seen, 1));
  c->pause({q0_});
  // A pull already parked at the broker may still bring one message; after
  // it, nothing more comes while paused.
  send("while-paused", 0);
  for (const auto& msg : c->poll(300ms)) seen.insert(msg.getBody());
  const std::size_t after_pause = seen.size();
  send("while-paused-2", 0);
  EXPECT_TRUE(c->poll(1500ms).empty());
  EXPECT_EQ(seen.size(), after_pause);
  c->resume({q0_});
  ASSERT_TRUE(pollUntil({c.get()}, seen, 3));
}

TEST_F(LitePullConsumerTest, BroadcastingOffsetsSurviveRestart) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("apogee-lite-offsets-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto make = [&] {
    auto c = makeConsumer("LiteBroadcast");
    c->setMessageModel(MessageModel::BROADCASTING);
    c->setInstanceName("bcast");
    c->setLocalOffsetStoreDir(dir.string());
    c->subscribe("LiteT", "*");
    return c;
  };
  for (int i = 0; i < 3; ++i) send("old" + std::to_string(i), 0);
  {
    auto c = make();
    c->start();
    std::set<std::string> seen;
    ASSERT_TRUE(pollUntil({c.get()}, seen, 3));
    c->commitSync();  // broadcasting: written to the file now
    c->shutdown();
  }
  EXPECT_TRUE(std::filesystem::exists(dir / "127.0.0.1@bcast" / "LiteBroadcast" / "offsets.json"));
  send("new", 0);
  auto c = make();
  c->start();
  std::vector<std::string> got;
  ASSERT_TRUE(waitUntil([&] {
    for (const auto& msg : c->poll(20ms)) got.push_back(msg.getBody());
    return !got.empty();
  }));
  EXPECT_EQ(got, std::vector<std::string>{"new"});  // the old ones are not redelivered
  c->shutdown();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace apogee::client::testing
