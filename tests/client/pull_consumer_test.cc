#include <future>

#include "apogee/default_mq_pull_consumer.h"
#include "client_test_util.h"

// DefaultMQPullConsumer against an in-process name server and broker.
namespace apogee::client::testing {
namespace {

using ::apogee::testing::waitUntil;
using namespace std::chrono_literals;

class PullConsumerTest : public ClusterFixture {
 protected:
  void SetUp() override {
    ClusterFixture::SetUp();
    createTopic("PullT", 2);
    producer_ = makeProducer("PullTestProducer");
    producer_->start();
  }
  void TearDown() override {
    producer_->shutdown();
    ClusterFixture::TearDown();
  }

  std::unique_ptr<DefaultMQPullConsumer> makeConsumer(const std::string& group) {
    auto c = std::make_unique<DefaultMQPullConsumer>(group);
    c->setNamesrvAddr(namesrv_addr_);
    c->setClientIP("127.0.0.1");
    return c;
  }

  void send(const std::string& tag, const std::string& body, int queue = 0) {
    Message msg("PullT", tag, body);
    auto r = producer_->send(msg, MessageQueue("PullT", "broker-a", queue));
    ASSERT_EQ(r.getSendStatus(), SendStatus::SEND_OK);
  }

  // Pulls until the queue shows `n` messages at offset 0 (dispatch is async).
  PullResult pullWhenDispatched(DefaultMQPullConsumer& c, const std::string& expr, std::size_t n) {
    PullResult r;
    EXPECT_TRUE(waitUntil([&] {
      r = c.pull(mq_, expr, 0, 32);
      return r.getMaxOffset() >= static_cast<std::int64_t>(n);
    }));
    return c.pull(mq_, expr, 0, 32);
  }

  std::unique_ptr<DefaultMQProducer> producer_;
  const MessageQueue mq_{"PullT", "broker-a", 0};
};

TEST_F(PullConsumerTest, FoundNoNewMessageAndIllegalOffset) {
  auto c = makeConsumer("PullG1");
  c->start();
  EXPECT_EQ(c->fetchSubscribeMessageQueues("PullT").size(), 2u);
  EXPECT_THROW(c->fetchSubscribeMessageQueues("NoSuchTopic"), MQClientException);
  send("TagA", "m0");
  send("TagB", "m1");
  send("TagA", "m2");
  PullResult r = pullWhenDispatched(*c, "*", 3);
  ASSERT_EQ(r.getPullStatus(), PullStatus::FOUND) << r.toString();
  ASSERT_EQ(r.getMsgFoundList().size(), 3u);
  EXPECT_EQ(r.getMsgFoundList()[1].getBody(), "m1");
  EXPECT_EQ(r.getMsgFoundList()[1].getQueueOffset(), 1);
  EXPECT_EQ(r.getMsgFoundList()[0].getTopic(), "PullT");
  EXPECT_EQ(r.getMsgFoundList()[0].getProperty("MAX_OFFSET"), "3");
  EXPECT_EQ(r.getNextBeginOffset(), 3);

  PullResult none = c->pull(mq_, "*", 3, 32);
  EXPECT_EQ(none.getPullStatus(), PullStatus::NO_NEW_MSG);
  EXPECT_EQ(none.getNextBeginOffset(), 3);
  PullResult illegal = c->pull(mq_, "*", 100, 32);
  EXPECT_EQ(illegal.getPullStatus(), PullStatus::OFFSET_ILLEGAL);
  // RocketMQ's store corrects an offset past the end to the min offset while
  // that is 0, else to the max offset.
  EXPECT_EQ(illegal.getNextBeginOffset(), 0);
  EXPECT_THROW(c->pull(mq_, "*", -1, 32), MQClientException);
  EXPECT_EQ(c->maxOffset(mq_), 3);
  EXPECT_EQ(c->minOffset(mq_), 0);
}

TEST_F(PullConsumerTest, TagFiltering) {
  auto c = makeConsumer("PullG2");
  c->start();
  send("TagA", "a0");
  send("TagB", "b0");
  send("TagA", "a1");
  pullWhenDispatched(*c, "*", 3);
  PullResult a = c->pull(mq_, "TagA", 0, 32);
  ASSERT_EQ(a.getPullStatus(), PullStatus::FOUND);
  ASSERT_EQ(a.getMsgFoundList().size(), 2u);
  EXPECT_EQ(a.getMsgFoundList()[0].getBody(), "a0");
  EXPECT_EQ(a.getMsgFoundList()[1].getBody(), "a1");
  PullResult both = c->pull(mq_, "TagA || TagB", 0, 32);
  EXPECT_EQ(both.getMsgFoundList().size(), 3u);
  PullResult none = c->pull(mq_, "TagC", 0, 32);
  EXPECT_EQ(none.getPullStatus(), PullStatus::NO_MATCHED_MSG);
  EXPECT_EQ(none.getNextBeginOffset(), 3);
}

TEST_F(PullConsumerTest, LongPollWakesUpOnArrival) {
  auto c = makeConsumer("PullG3");
  c->start();
  send("TagA", "first");
  pullWhenDispatched(*c, "*", 1);
  std::promise<PullResult> got;
  const auto started = std::chrono::steady_clock::now();
  c->pullBlockIfNotFound(mq_, "*", 1, 32,
                         PullCallback{[&](PullResult& r) { got.set_value(r); },
                                      [&](const MQClientException& e) {
                                        got.set_exception(std::make_exception_ptr(e));
                                      }});
  auto future = got.get_future();
  // Still held by the broker: nothing has arrived.
  EXPECT_EQ(future.wait_for(200ms), std::future_status::timeout);
  send("TagA", "second");
  ASSERT_EQ(future.wait_for(10s), std::future_status::ready);
  PullResult r = future.get();
  ASSERT_EQ(r.getPullStatus(), PullStatus::FOUND);
  EXPECT_EQ(r.getMsgFoundList().at(0).getBody(), "second");
  // Woken by the arrival, well before the 20 s hold time.
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
}

TEST_F(PullConsumerTest, AsyncPullAndErrors) {
  auto c = makeConsumer("PullG4");
  c->start();
  send("TagA", "x");
  pullWhenDispatched(*c, "*", 1);
  std::promise<std::size_t> got;
  c->pull(mq_, "*", 0, 32,
          PullCallback{[&](PullResult& r) { got.set_value(r.getMsgFoundList().size()); },
                       [&](const MQClientException&) { got.set_value(999); }});
  EXPECT_EQ(got.get_future().get(), 1u);
  std::promise<int> failed;
  c->pull(MessageQueue("PullT", "no-such-broker", 0), "*", 0, 32,
          PullCallback{[&](PullResult&) { failed.set_value(0); },
                       [&](const MQClientException&) { failed.set_value(1); }});
  EXPECT_EQ(failed.get_future().get(), 1);
}

TEST_F(PullConsumerTest, OffsetsUpdateFetchAndPersist) {
  {
    auto c = makeConsumer("PullG5");
    c->start();
    // A new group on a queue whose first message is still in memory reads 0
    // (the broker's QUERY_CONSUMER_OFFSET rule), not QUERY_NOT_FOUND.
    EXPECT_EQ(c->fetchConsumeOffset(mq_, true), 0);
    c->updateConsumeOffset(mq_, 2);
    EXPECT_EQ(c->fetchConsumeOffset(mq_, false), 2);
    c->shutdown();  // commits
  }
  auto c = makeConsumer("PullG5");
  c->start();
  EXPECT_EQ(c->fetchConsumeOffset(mq_, true), 2);
  // The periodic commit reaches the broker too.
  c->updateConsumeOffset(mq_, 5);
  c->getOffsetStore()->persistAll({mq_});
  EXPECT_TRUE(waitUntil([&] { return c->fetchConsumeOffset(mq_, true) == 5; }));
}

TEST_F(PullConsumerTest, RegisteredTopicsAreBalanced) {
  std::promise<std::set<MessageQueue>> divided;
  std::atomic<bool> told{false};
  auto c = makeConsumer("PullG6");
  c->registerMessageQueueListener("PullT", [&](const std::string&, const std::set<MessageQueue>&,
                                               const std::set<MessageQueue>& mine) {
    if (!told.exchange(true)) divided.set_value(mine);
  });
  c->start();
  auto future = divided.get_future();
  ASSERT_EQ(future.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(future.get().size(), 2u);
  EXPECT_EQ(c->fetchMessageQueuesInBalance("PullT").size(), 2u);
}

TEST_F(PullConsumerTest, GroupChecks) {
  DefaultMQPullConsumer def;
  def.setNamesrvAddr(namesrv_addr_);
  EXPECT_THROW(def.start(), MQClientException);
  auto a = makeConsumer("PullDup");
  a->setInstanceName("shared");
  a->start();
  auto b = makeConsumer("PullDup");
  b->setInstanceName("shared");
  EXPECT_THROW(b->start(), MQClientException);
  EXPECT_THROW(makeConsumer("NotStarted")->pull(mq_, "*", 0, 1), MQClientException);
}

}  // namespace
}  // namespace apogee::client::testing
