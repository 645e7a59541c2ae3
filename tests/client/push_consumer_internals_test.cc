#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "apogee/default_mq_push_consumer.h"
#include "client/consumer/default_mq_push_consumer_impl.h"
#include "client_test_util.h"
#include "remoting/body/consumer_running_info.h"

// The push consumer's internals (statistics, pool resizing, expiry of stuck
// messages and idle queues, the send-back fallback, the instance's cache
// budget) against an in-process name server and broker.
namespace apogee::client::testing {
namespace {

using ::apogee::testing::waitUntil;
using namespace std::chrono_literals;

constexpr const char* kTopic = "InternalsT";

class PushConsumerInternalsTest : public ClusterFixture {
 protected:
  void configureBroker(broker::BrokerConfig& c) override {
    c.messageDelayLevel = kOneSecondDelayLevels;
  }
  void SetUp() override {
    ClusterFixture::SetUp();
    createTopic(kTopic, 4);
    producer_ = makeProducer("InternalsProducer");
    producer_->start();
  }
  void TearDown() override {
    producer_->shutdown();
    ClusterFixture::TearDown();
  }

  // A consumer of `group` on kTopic with `listener`, not started.
  std::unique_ptr<DefaultMQPushConsumer> makeConsumer(const std::string& group,
                                                      MessageListenerConcurrently listener) {
    auto c = makePushConsumer(group, kTopic);
    c->registerMessageListener(std::move(listener));
    return c;
  }

  void send(const std::string& body, const std::string& tag = "TagA") {
    Message msg(kTopic, tag, body);
    ASSERT_EQ(producer_->send(msg).getSendStatus(), SendStatus::SEND_OK);
  }

  std::unique_ptr<DefaultMQProducer> producer_;
};

// Statistics: every message is counted once as pulled, once as consumed OK
// or failed, per topic (the retried messages under the retry topic), and
// the running info's statusTable carries the same numbers.
TEST_F(PushConsumerInternalsTest, StatisticsCountPullsAndConsumeOutcomes) {
  std::mutex mutex;
  std::map<std::string, int> deliveries;
  auto c = makeConsumer("StatsGroup", [&](const std::vector<MessageExt>& msgs,
                                          ConsumeConcurrentlyContext&) {
    std::lock_guard lock(mutex);
    const int n = ++deliveries[msgs.front().getBody()];
    // Bodies "bad*" fail the first time.
    return msgs.front().getBody().starts_with("bad") && n == 1
               ? ConsumeConcurrentlyStatus::RECONSUME_LATER
               : ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
  });
  c->start();
  for (int i = 0; i < 15; ++i) send("ok" + std::to_string(i));
  for (int i = 0; i < 5; ++i) send("bad" + std::to_string(i));
  const std::string retry = "%RETRY%StatsGroup";
  ASSERT_TRUE(waitUntil([&] {
    std::lock_guard lock(mutex);
    if (deliveries.size() != 20) return false;
    for (int i = 0; i < 5; ++i) {
      if (deliveries["bad" + std::to_string(i)] < 2) return false;
    }
    return true;
  })) << "the failed messages never came back";

  auto stats = c->consumeStats();
  ASSERT_TRUE(stats.contains(kTopic));
  ASSERT_TRUE(stats.contains(retry));
  const ConsumeStats& t = stats[kTopic];
  EXPECT_EQ(t.consumeFailedMsgs, 5);
  EXPECT_GT(t.consumeOKTPS, 0.0);
  EXPECT_GT(t.consumeFailedTPS, 0.0);
  EXPECT_GT(t.pullTPS, 0.0);
  EXPECT_GE(t.pullRT, 0.0);
  EXPECT_GE(t.consumeRT, 0.0);
  EXPECT_GT(stats[retry].consumeOKTPS, 0.0);
  EXPECT_EQ(stats[retry].consumeFailedMsgs, 0);

  auto json = c->getDefaultMQPushConsumerImpl()->consumerRunningInfo(false);
  ASSERT_TRUE(json.has_value());
  auto info = remoting::ConsumerRunningInfo::fromJson(*json);
  ASSERT_TRUE(info.ok()) << info.status();
  ASSERT_TRUE(info->statusTable.contains(kTopic));
  EXPECT_EQ(info->statusTable[kTopic].consumeFailedMsgs, 5);
  EXPECT_GT(info->statusTable[kTopic].pullTPS, 0.0);
  EXPECT_GT(info->statusTable[retry].consumeOKTPS, 0.0);
  c->shutdown();
}

}  // namespace
}  // namespace apogee::client::testing
