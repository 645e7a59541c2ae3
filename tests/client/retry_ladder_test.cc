#include <chrono>
#include <mutex>
#include <vector>

#include "apogee/default_mq_pull_consumer.h"
#include "apogee/default_mq_push_consumer.h"
#include "client/consumer/default_mq_push_consumer_impl.h"
#include "client_test_util.h"

// The retry ladder end to end (issue 7): a push consumer's RECONSUME_LATER
// sends the message back (CONSUMER_SEND_MSG_BACK), the broker parks it at a
// delay level of SCHEDULE_TOPIC_XXXX, the schedule service moves it to
// %RETRY%<group> when due, and it is delivered again; after
// maxReconsumeTimes it lands in %DLQ%<group>. The broker runs a shortened
// ladder in milliseconds so each step is timed without slowing the suite.
namespace apogee::client::testing {
namespace {

using ::apogee::testing::waitUntil;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Level n waits kLadder[n-1]. Levels 3, 4, 5 (what the broker picks for
// reconsumeTimes 0, 1, 2) differ, so a step taken at the wrong level shows.
constexpr std::chrono::milliseconds kLadder[] = {
    100ms,  200ms,  300ms,  500ms,  700ms,  900ms,  1100ms, 1300ms, 1500ms,
    1700ms, 1900ms, 2100ms, 2300ms, 2500ms, 2700ms, 2900ms, 3100ms, 3300ms};
constexpr const char* kLadderConfig =
    "100ms 200ms 300ms 500ms 700ms 900ms 1100ms 1300ms 1500ms "
    "1700ms 1900ms 2100ms 2300ms 2500ms 2700ms 2900ms 3100ms 3300ms";
// "Not absurdly later": the schedule service looks every 100 ms and the
// consumer's pull of the retry queue is parked on the broker, so a step
// normally lands within a few ms of its due time; the slack absorbs a loaded
// 2-core machine.
constexpr auto kSlack = 1000ms;

std::chrono::milliseconds levelDelay(int level) {
  return kLadder[static_cast<std::size_t>(level - 1)];
}

// Every delivery of the test message, with when it reached the listener.
struct Deliveries {
  std::mutex mutex;
  std::vector<std::pair<Clock::time_point, MessageExt>> seen;

  void add(const MessageExt& m) {
    std::lock_guard lock(mutex);
    seen.emplace_back(Clock::now(), m);
  }
  std::size_t size() {
    std::lock_guard lock(mutex);
    return seen.size();
  }
};

class RetryLadderTest : public ClusterFixture {
 protected:
  void configureBroker(broker::BrokerConfig& c) override { c.messageDelayLevel = kLadderConfig; }

  void SetUp() override {
    ClusterFixture::SetUp();
    createTopic("LadderT", 4);
    producer_ = makeProducer("LadderProducer");
    producer_->start();
  }
  void TearDown() override {
    if (consumer_) consumer_->shutdown(3000ms);
    producer_->shutdown();
    ClusterFixture::TearDown();
  }

  // A push consumer of LadderT whose listener records every delivery and
  // answers with `decide` (which may set the context's delay level).
  void startConsumer(const std::string& group, int maxReconsumeTimes, Deliveries& deliveries,
                     std::function<ConsumeConcurrentlyStatus(const MessageExt&,
                                                             ConsumeConcurrentlyContext&)>
                         decide) {
    consumer_ = std::make_unique<DefaultMQPushConsumer>(group);
    consumer_->setNamesrvAddr(namesrv_addr_);
    consumer_->setClientIP("127.0.0.1");
    consumer_->setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
    consumer_->setPollNameServerInterval(200ms);
    consumer_->setMaxReconsumeTimes(maxReconsumeTimes);
    consumer_->subscribe("LadderT", "*");
    consumer_->registerMessageListener(
        [&deliveries, decide](const std::vector<MessageExt>& msgs,
                              ConsumeConcurrentlyContext& ctx) {
          // consumeMessageBatchMaxSize is 1: one message per call.
          deliveries.add(msgs.at(0));
          return decide(msgs.at(0), ctx);
        });
    consumer_->start();
    // Timing starts at the first delivery: wait until the consumer owns the
    // retry queue too (its route is learnt after the first heartbeat
    // creates the topic), so a retry is never late for want of an owner.
    ASSERT_TRUE(waitUntil([&] {
      for (const auto& [mq, pq] : consumer_->getDefaultMQPushConsumerImpl()->processQueueTable()) {
        if (mq.getTopic() == "%RETRY%" + group) return true;
      }
      return false;
    })) << "the consumer never owned %RETRY%" << group;
  }

  // Sends the test message: tags, keys and a user property to follow along
  // the ladder.
  SendResult sendTracked() {
    Message msg("LadderT", "TagL", "ladder-body");
    msg.setKeys("key-1 key-2");
    msg.putUserProperty("color", "blue");
    SendResult r = producer_->send(msg);
    EXPECT_EQ(r.getSendStatus(), SendStatus::SEND_OK);
    return r;
  }

  // The group's dead letters, read with the pull consumer. Brokers create
  // %DLQ% topics write-only (as RocketMQ 4.9 does); an operator makes one
  // readable with updateTopic before reading it, which is what we do.
  std::vector<MessageExt> readDlq(const std::string& group, std::size_t expected) {
    const std::string dlq = "%DLQ%" + group;
    createTopic(dlq, 1);
    DefaultMQPullConsumer puller("LadderDlqReader");
    puller.setNamesrvAddr(namesrv_addr_);
    puller.setClientIP("127.0.0.1");
    puller.start();
    std::vector<MessageExt> out;
    EXPECT_TRUE(waitUntil([&] {
      out.clear();
      for (const auto& mq : puller.fetchSubscribeMessageQueues(dlq)) {
        PullResult r = puller.pull(mq, "*", 0, 32);
        if (r.getPullStatus() != PullStatus::FOUND) continue;
        for (const auto& m : r.getMsgFoundList()) out.push_back(m);
      }
      return out.size() >= expected;
    })) << "the DLQ never held " << expected << " message(s)";
    puller.shutdown();
    return out;
  }

  std::int64_t retryQueueMaxOffset(const std::string& group) {
    DefaultMQPullConsumer puller("LadderRetryReader");
    puller.setNamesrvAddr(namesrv_addr_);
    puller.setClientIP("127.0.0.1");
    puller.start();
    const std::int64_t max = puller.maxOffset(MessageQueue("%RETRY%" + group, "broker-a", 0));
    puller.shutdown();
    return max;
  }

  // What every delivery and the dead letter must still carry.
  static void expectOriginal(const MessageExt& m, const SendResult& sent) {
    EXPECT_EQ(m.getMsgId(), sent.getMsgId());
    EXPECT_EQ(m.getTags(), "TagL");
    EXPECT_EQ(m.getKeys(), "key-1 key-2");
    EXPECT_EQ(m.getUserProperty("color"), "blue");
    EXPECT_EQ(m.getBody(), "ladder-body");
  }

  std::unique_ptr<DefaultMQProducer> producer_;
  std::unique_ptr<DefaultMQPushConsumer> consumer_;
};

// The default ladder: reconsumeTimes 0, 1, 2, 3 each after level
// 3 + reconsumeTimes of the previous delivery, then the DLQ and silence.
TEST_F(RetryLadderTest, EachStepWaitsItsLevelThenTheDlqEndsIt) {
  constexpr int kMaxReconsume = 3;
  Deliveries deliveries;
  ASSERT_NO_FATAL_FAILURE(startConsumer("LadderG", kMaxReconsume, deliveries,
                [](const MessageExt&, ConsumeConcurrentlyContext&) {
                  return ConsumeConcurrentlyStatus::RECONSUME_LATER;
                }));
  const SendResult sent = sendTracked();

  ASSERT_TRUE(waitUntil([&] { return deliveries.size() >= kMaxReconsume + 1; }, 15s))
      << "only " << deliveries.size() << " deliveries";
  std::vector<MessageExt> dead = readDlq("LadderG", 1);
  // Past maxReconsumeTimes nothing comes back: wait longer than the next
  // level (6) would have taken.
  EXPECT_FALSE(waitUntil([&] { return deliveries.size() > kMaxReconsume + 1; },
                         levelDelay(6) + kSlack));

  std::lock_guard lock(deliveries.mutex);
  ASSERT_EQ(deliveries.seen.size(), static_cast<std::size_t>(kMaxReconsume + 1));
  for (int i = 0; i <= kMaxReconsume; ++i) {
    const auto& [at, m] = deliveries.seen[static_cast<std::size_t>(i)];
    SCOPED_TRACE("delivery " + std::to_string(i));
    expectOriginal(m, sent);
    EXPECT_EQ(m.getReconsumeTimes(), i);
    EXPECT_EQ(m.getTopic(), "LadderT");  // the real topic, restored by the consumer
    if (i == 0) continue;
    // Retries came through the group's retry queue, one record each.
    EXPECT_EQ(m.getProperty("RETRY_TOPIC"), "LadderT");
    EXPECT_EQ(m.getQueueOffset(), i - 1);
    const auto step = std::chrono::duration_cast<std::chrono::milliseconds>(
        at - deliveries.seen[static_cast<std::size_t>(i - 1)].first);
    const auto due = levelDelay(3 + (i - 1));
    std::printf("[ ladder   ] reconsumeTimes %d after %lld ms (level %d = %lld ms)\n", i,
                static_cast<long long>(step.count()), 3 + i - 1,
                static_cast<long long>(due.count()));
    // Not earlier than its level, to the millisecond: the broker's due time
    // is a store timestamp in whole ms plus the delay, and `step` is
    // truncated to whole ms too (700 ms due was once measured as 699).
    EXPECT_GE(step, due - std::chrono::milliseconds(1));
    EXPECT_LT(step, due + kSlack);
  }
  EXPECT_EQ(retryQueueMaxOffset("LadderG"), kMaxReconsume);

  ASSERT_EQ(dead.size(), 1u);
  expectOriginal(dead[0], sent);
  EXPECT_EQ(dead[0].getTopic(), "%DLQ%LadderG");
  EXPECT_EQ(dead[0].getReconsumeTimes(), kMaxReconsume + 1);
  EXPECT_EQ(dead[0].getProperty("RETRY_TOPIC"), "LadderT");
  EXPECT_EQ(dead[0].getProperty("ORIGIN_MESSAGE_ID"), sent.getOffsetMsgId());
}

// delayLevelWhenNextConsume = -1: no retry at all, straight to the DLQ.
TEST_F(RetryLadderTest, NegativeDelayLevelSendsStraightToTheDlq) {
  Deliveries deliveries;
  ASSERT_NO_FATAL_FAILURE(startConsumer("LadderDirectDlq", 3, deliveries,
                [](const MessageExt&, ConsumeConcurrentlyContext& ctx) {
                  ctx.setDelayLevelWhenNextConsume(-1);
                  return ConsumeConcurrentlyStatus::RECONSUME_LATER;
                }));
  const SendResult sent = sendTracked();
  ASSERT_TRUE(waitUntil([&] { return deliveries.size() >= 1; }));
  std::vector<MessageExt> dead = readDlq("LadderDirectDlq", 1);
  ASSERT_EQ(dead.size(), 1u);
  expectOriginal(dead[0], sent);
  EXPECT_EQ(dead[0].getReconsumeTimes(), 1);
  // The default first step (level 3) would have brought it back by now.
  EXPECT_FALSE(waitUntil([&] { return deliveries.size() > 1; }, levelDelay(3) + kSlack));
  EXPECT_EQ(retryQueueMaxOffset("LadderDirectDlq"), 0);
}

// A positive delayLevelWhenNextConsume replaces the broker's choice
// (3 + reconsumeTimes): level 9 waits 1500 ms instead of level 3's 300 ms.
TEST_F(RetryLadderTest, PositiveDelayLevelPicksThatLevel) {
  constexpr int kLevel = 9;
  Deliveries deliveries;
  ASSERT_NO_FATAL_FAILURE(startConsumer("LadderLevel", 3, deliveries,
                [](const MessageExt& m, ConsumeConcurrentlyContext& ctx) {
                  if (m.getReconsumeTimes() > 0) return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
                  ctx.setDelayLevelWhenNextConsume(kLevel);
                  return ConsumeConcurrentlyStatus::RECONSUME_LATER;
                }));
  const SendResult sent = sendTracked();
  ASSERT_TRUE(waitUntil([&] { return deliveries.size() >= 2; }));
  std::lock_guard lock(deliveries.mutex);
  ASSERT_EQ(deliveries.seen.size(), 2u);
  expectOriginal(deliveries.seen[1].second, sent);
  EXPECT_EQ(deliveries.seen[1].second.getReconsumeTimes(), 1);
  const auto step = std::chrono::duration_cast<std::chrono::milliseconds>(
      deliveries.seen[1].first - deliveries.seen[0].first);
  std::printf("[ ladder   ] level %d step after %lld ms\n", kLevel,
              static_cast<long long>(step.count()));
  EXPECT_GE(step, levelDelay(kLevel) - std::chrono::milliseconds(1));  // whole ms, as above
  EXPECT_LT(step, levelDelay(kLevel) + kSlack);
}

}  // namespace
}  // namespace apogee::client::testing
