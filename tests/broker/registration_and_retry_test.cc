#include <gtest/gtest.h>

#include "broker/schedule_message_service.h"
#include "broker/topic_config_manager.h"
#include "broker_test_util.h"
#include "common/message/message_id.h"
#include "namesrv/name_server.h"
#include "support/wait.h"

namespace apogee::broker::testing {
namespace {

class RegistrationTest : public BrokerFixture {
 protected:
  void configure(BrokerConfig& c) override {
    namesrv::NameServerConfig nc;
    nc.listen_host = "127.0.0.1";
    nc.listen_port = 0;
    namesrv_ = std::make_unique<namesrv::NameServer>(nc);
    ASSERT_TRUE(namesrv_->start().ok());
    c.namesrvAddr = "127.0.0.1:" + std::to_string(namesrv_->port());
  }
  void TearDown() override {
    BrokerFixture::TearDown();
    namesrv_->shutdown();
  }
  std::unique_ptr<namesrv::NameServer> namesrv_;
};

TEST_F(RegistrationTest, RegistersAtStartOnTopicChangeAndUnregistersAtShutdown) {
  auto& routes = namesrv_->routeInfoManager();
  EXPECT_GE(broker_->registrationRounds(), 1u);
  auto self = routes.pickupTopicRouteData("SELF_TEST_TOPIC");
  ASSERT_TRUE(self.has_value());
  ASSERT_EQ(self->brokerDatas.size(), 1u);
  EXPECT_EQ(self->brokerDatas[0].brokerAddrs.at(0), broker_->brokerAddr());
  EXPECT_FALSE(routes.pickupTopicRouteData("NewTopic").has_value());
  createTopic("NewTopic", 5);
  EXPECT_TRUE(apogee::testing::waitUntil([&] {
    auto r = routes.pickupTopicRouteData("NewTopic");
    return r && !r->queueDatas.empty() && r->queueDatas[0].writeQueueNums == 5;
  }));
  broker_->shutdown();
  EXPECT_TRUE(apogee::testing::waitUntil([&] { return routes.liveBrokerAddrs().empty(); }));
}

using RetryTest = BrokerFixture;

TEST_F(RetryTest, SendBackGoesToRetryAfterDelayThenDlq) {
  createTopic("T", 1);
  auto sent = send("T", 0, "payload", "TAGS\x01X\x02UNIQ_KEY\x01ORIG");
  ASSERT_EQ(sent.code(), rc::kSuccess);
  auto id = message::decodeOffsetMsgId(fieldOf(sent, "msgId"));
  ASSERT_TRUE(id.ok());
  ASSERT_EQ(heartbeat("c1", "G", "T").code(), rc::kSuccess);
  waitDispatched();
  auto back = [&](std::int64_t offset, int delay) {
    return call(RemotingCommand::createRequest(
        code::kConsumerSendMsgBack, {{"offset", std::to_string(offset)}, {"group", "G"},
                                     {"delayLevel", std::to_string(delay)},
                                     {"originMsgId", "ORIG"}, {"originTopic", "T"},
                                     {"maxReconsumeTimes", "2"}}));
  };
  ASSERT_EQ(back(id->commitLogOffset, 1).code(), rc::kSuccess);
  // Held in the schedule topic, then delivered to %RETRY%G after level 1 (1 s).
  auto& store = broker_->messageStore();
  EXPECT_TRUE(apogee::testing::waitUntil(
      [&] { return store.getMaxOffsetInQueue("%RETRY%G", QueueId(0)).value() == 1; },
      std::chrono::seconds(10)));
  auto p = pull(pullHeader("G", "%RETRY%G", 0, 0));
  ASSERT_EQ(p.code(), rc::kSuccess);
  auto msgs = decodeAll(p.body().flatten());
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].body, "payload");
  EXPECT_EQ(msgs[0].reconsumeTimes, 1);
  EXPECT_EQ(message::findProperty(msgs[0].properties, "RETRY_TOPIC"), "T");
  EXPECT_EQ(message::findProperty(msgs[0].properties, "REAL_TOPIC"), "%RETRY%G");
  EXPECT_FALSE(message::findProperty(msgs[0].properties, "DELAY").has_value());
  EXPECT_TRUE(message::findProperty(msgs[0].properties, "ORIGIN_MESSAGE_ID").has_value());

  // Past the client's maxReconsumeTimes (2): dead letter, no delay.
  ASSERT_EQ(back(msgs[0].physicalOffset, 0).code(), rc::kSuccess);  // reconsume 1 -> retry again
  auto dlq_direct = back(id->commitLogOffset, -1);  // client asks for the DLQ
  ASSERT_EQ(dlq_direct.code(), rc::kSuccess);
  EXPECT_TRUE(apogee::testing::waitUntil(
      [&] { return store.getMaxOffsetInQueue("%DLQ%G", QueueId(0)).value() == 1; }));
  auto dlq = broker_->topicConfigManager().selectTopicConfig("%DLQ%G");
  ASSERT_TRUE(dlq.has_value());
  EXPECT_EQ(dlq->perm, 2);
  // Unknown offset.
  EXPECT_EQ(back(99999999, 0).code(), rc::kSystemError);
}

TEST_F(RetryTest, ProducerDelayLevelDeliversLater) {
  createTopic("D", 1);
  const auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(send("D", 0, "later", "DELAY\x01" "1").code(), rc::kSuccess);
  auto& store = broker_->messageStore();
  waitDispatched();
  EXPECT_EQ(store.getMaxOffsetInQueue("D", QueueId(0)).value(), 0);
  EXPECT_EQ(store.getMaxOffsetInQueue("SCHEDULE_TOPIC_XXXX", QueueId(0)).value(), 1);
  ASSERT_TRUE(apogee::testing::waitUntil(
      [&] { return store.getMaxOffsetInQueue("D", QueueId(0)).value() == 1; },
      std::chrono::seconds(10)));
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(900));
  // Progress survives a restart: the message is not delivered twice.
  restartBroker();
  auto& store2 = broker_->messageStore();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let the scheduler run a round
  EXPECT_EQ(store2.getMaxOffsetInQueue("D", QueueId(0)).value(), 1);
}

}  // namespace
}  // namespace apogee::broker::testing
