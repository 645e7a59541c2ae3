#include <atomic>
#include <mutex>
#include <vector>

#include "apogee/default_mq_push_consumer.h"
#include "client_test_util.h"

// CONSUME_MESSAGE_DIRECTLY (309) end to end, as mqadmin consumeMessage sends
// it: admin -> broker (reads the message by its offsetMsgId, relays) -> our
// push consumer (runs the listener) -> broker -> admin.
namespace apogee::client::testing {
namespace {

using ::apogee::testing::waitUntil;
using namespace std::chrono_literals;

struct Call {
  MessageExt msg;
  std::string brokerName;  // the context's queue
};

class ConsumeMessageDirectlyRelayTest : public ClusterFixture {
 protected:
  void SetUp() override {
    ClusterFixture::SetUp();
    createTopic("DirectT", 4);
    producer_ = makeProducer("DirectProducer");
    producer_->start();
    consumer_ = std::make_unique<DefaultMQPushConsumer>("DirectG");
    consumer_->setNamesrvAddr(namesrv_addr_);
    consumer_->setClientIP("127.0.0.1");
    consumer_->setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
    consumer_->subscribe("DirectT", "*");
    consumer_->registerMessageListener(
        [this](const std::vector<MessageExt>& msgs, ConsumeConcurrentlyContext& ctx) {
          std::lock_guard lock(mutex_);
          for (const auto& m : msgs) calls_.push_back({m, ctx.getMessageQueue().getBrokerName()});
          return answer_later_.load() ? ConsumeConcurrentlyStatus::RECONSUME_LATER
                                      : ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
        });
    consumer_->start();
  }
  void TearDown() override {
    consumer_->shutdown(3000ms);
    producer_->shutdown();
    ClusterFixture::TearDown();
  }

  std::size_t calls() {
    std::lock_guard lock(mutex_);
    return calls_.size();
  }

  Result<RemotingCommand> directly(const std::string& msgId,
                                   const std::string& clientId) {
    return admin_.invokeSync(addrs_[0],
                             RemotingCommand::createRequest(code::kConsumeMessageDirectly,
                                                            {{"consumerGroup", "DirectG"},
                                                             {"clientId", clientId},
                                                             {"msgId", msgId},
                                                             {"brokerName", "admin-says"}}),
                             10s);
  }

  std::unique_ptr<DefaultMQProducer> producer_;
  std::unique_ptr<DefaultMQPushConsumer> consumer_;
  std::mutex mutex_;
  std::vector<Call> calls_;
  std::atomic<bool> answer_later_{false};
};

TEST_F(ConsumeMessageDirectlyRelayTest, TheConsumersListenerRunsOnTheStoredMessage) {
  Message msg("DirectT", "TagD", "direct-body");
  msg.setKeys("direct-key");
  msg.putUserProperty("color", "green");
  const SendResult sent = producer_->send(msg);
  ASSERT_EQ(sent.getSendStatus(), SendStatus::SEND_OK);
  // Consumed once the ordinary way: the group and its client are online.
  ASSERT_TRUE(waitUntil([&] { return calls() == 1; }));

  auto r = directly(sent.getOffsetMsgId(), consumer_->buildMQClientId());
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->code(), rc::kSuccess) << r->remark().value_or("");
  const std::string body = r->body().flatten();
  EXPECT_TRUE(body.starts_with(
      "{\"autoCommit\":true,\"consumeResult\":\"CR_SUCCESS\",\"order\":false,\"spentTimeMills\":"))
      << body;
  {
    std::lock_guard lock(mutex_);
    ASSERT_EQ(calls_.size(), 2u);
    const Call& c = calls_[1];
    EXPECT_EQ(c.msg.getBody(), "direct-body");
    EXPECT_EQ(c.msg.getTopic(), "DirectT");
    EXPECT_EQ(c.msg.getTags(), "TagD");
    EXPECT_EQ(c.msg.getKeys(), "direct-key");
    EXPECT_EQ(c.msg.getUserProperty("color"), "green");
    EXPECT_EQ(c.msg.getMsgId(), sent.getMsgId());
    EXPECT_EQ(c.msg.getQueueId(), sent.getMessageQueue().getQueueId());
    EXPECT_EQ(c.msg.getQueueOffset(), sent.getQueueOffset());
    // The broker names itself, whatever the admin said.
    EXPECT_EQ(c.brokerName, "broker-a");
  }

  // The listener's verdict is the answer's.
  answer_later_ = true;
  r = directly(sent.getOffsetMsgId(), consumer_->buildMQClientId());
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->code(), rc::kSuccess) << r->remark().value_or("");
  EXPECT_NE(r->body().flatten().find("\"consumeResult\":\"CR_LATER\""), std::string::npos)
      << r->body().flatten();
  EXPECT_EQ(calls(), 3u);
}

TEST_F(ConsumeMessageDirectlyRelayTest, ErrorsNameWhatIsMissing) {
  Message msg("DirectT", "TagD", "x");
  const SendResult sent = producer_->send(msg);
  ASSERT_EQ(sent.getSendStatus(), SendStatus::SEND_OK);
  ASSERT_TRUE(waitUntil([&] { return calls() == 1; }));

  auto offline = directly(sent.getOffsetMsgId(), "127.0.0.1@nobody");
  ASSERT_TRUE(offline.ok());
  EXPECT_EQ(offline->code(), rc::kSystemError);
  EXPECT_EQ(offline->remark().value_or(""), "The Consumer <DirectG> <127.0.0.1@nobody> not online");

  auto bad = directly("not-a-message-id", consumer_->buildMQClientId());
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(bad->code(), rc::kSystemError);
  EXPECT_NE(bad->remark().value_or("").find("bad msgId 'not-a-message-id'"), std::string::npos)
      << bad->remark().value_or("");

  // A well-formed id past the end of the commit log.
  std::string beyond = sent.getOffsetMsgId();
  beyond.replace(beyond.size() - 8, 8, "7FFFFFFF");
  auto missing = directly(beyond, consumer_->buildMQClientId());
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->code(), rc::kSystemError);
  EXPECT_EQ(missing->remark().value_or(""), "no message with msgId " + beyond + " in this broker");
  EXPECT_EQ(calls(), 1u);  // none of these reached the listener
}

}  // namespace
}  // namespace apogee::client::testing
