#include "client/mq_client_api.h"

#include <future>

#include "apogee/message_client_id_setter.h"
#include "client/client_error.h"
#include "client_test_util.h"
#include "remoting/body/message_queue_json.h"

// MQClientAPIImpl against a real name server and broker: the calls the
// consumers are built on.
namespace apogee::client::testing {
namespace {

using ::apogee::testing::waitUntil;
using namespace std::chrono_literals;

class MQClientAPITest : public ClusterFixture {
 protected:
  void SetUp() override {
    ClusterFixture::SetUp();
    ClientConfig config;
    config.setNamesrvAddr(namesrv_addr_);
    api_ = std::make_unique<MQClientAPIImpl>(config);
    ASSERT_TRUE(api_->start().ok());
    createTopic("ApiT", 2);
    broker_ = addrs_[0];
  }
  void TearDown() override {
    api_->shutdown();
    ClusterFixture::TearDown();
  }

  SendResult sendOne(const std::string& body, int queue) {
    SendRequest r;
    r.brokerAddr = broker_;
    r.brokerName = "broker-a";
    r.requestCode = code::kSendMessageV2;
    r.header.a = "ApiProducer";
    r.header.b = "ApiT";
    r.header.c = "TBW102";
    r.header.d = 4;
    r.header.e = queue;
    r.header.g = 1;
    r.header.i = std::string("TAGS\x01TagA\x02");
    r.body = remoting::Payload(body);
    r.msgId = "ID";
    auto sent = api_->sendMessageSync(std::move(r), 5s);
    EXPECT_TRUE(sent.ok()) << sent.status();
    return sent.ok() ? *sent : SendResult();
  }

  remoting::PullMessageRequestHeader pullHeader(std::int64_t offset) {
    remoting::PullMessageRequestHeader h;
    h.consumerGroup = "ApiGroup";
    h.topic = "ApiT";
    h.queueId = 0;
    h.queueOffset = offset;
    h.maxMsgNums = 32;
    h.sysFlag = remoting::PullSysFlag::kSubscription;
    h.subscription = "*";
    h.expressionType = "TAG";
    return h;
  }

  std::unique_ptr<MQClientAPIImpl> api_;
  std::string broker_;
};

TEST_F(MQClientAPITest, RouteOfKnownAndUnknownTopics) {
  auto route = api_->getTopicRouteInfoFromNameServer("ApiT", 3s);
  ASSERT_TRUE(route.ok()) << route.status();
  ASSERT_EQ(route->queueDatas.size(), 1u);
  EXPECT_EQ(route->brokerDatas.at(0).brokerAddrs.at(0), broker_);
  auto missing = api_->getTopicRouteInfoFromNameServer("Missing", 3s);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(responseCodeOf(missing.status()), 17);
  EXPECT_EQ(missing.status().message(),
            "No topic route info in name server for the topic: Missing");
}

TEST_F(MQClientAPITest, DeadNameServerIsSkipped) {
  api_->updateNameServerAddressList("127.0.0.1:1;" + namesrv_addr_);
  auto route = api_->getTopicRouteInfoFromNameServer("ApiT", 3s);
  EXPECT_TRUE(route.ok()) << route.status();
  api_->updateNameServerAddressList("127.0.0.1:1");
  EXPECT_FALSE(api_->getTopicRouteInfoFromNameServer("ApiT", 3s).ok());
}

TEST_F(MQClientAPITest, PullSyncAndAsyncAndOffsets) {
  for (int i = 0; i < 3; ++i) sendOne("m" + std::to_string(i), 0);
  ASSERT_TRUE(brokers_[0]->messageStore().waitDispatched(10s));
  auto pulled = api_->pullMessageSync(broker_, pullHeader(0), 10s);
  ASSERT_TRUE(pulled.ok()) << pulled.status();
  EXPECT_EQ(pulled->result.getPullStatus(), PullStatus::FOUND);
  ASSERT_EQ(pulled->result.getMsgFoundList().size(), 3u);
  EXPECT_EQ(pulled->result.getMsgFoundList()[2].getBody(), "m2");
  EXPECT_EQ(pulled->result.getMsgFoundList()[2].getTags(), "TagA");
  EXPECT_EQ(pulled->result.getNextBeginOffset(), 3);

  std::promise<Result<PullResultExt>> async_result;
  api_->pullMessageAsync(broker_, pullHeader(3), 10s,
                         [&](Result<PullResultExt> r) { async_result.set_value(std::move(r)); });
  auto none = async_result.get_future().get();
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ(none->result.getPullStatus(), PullStatus::NO_NEW_MSG);

  EXPECT_EQ(*api_->getMaxOffset(broker_, "ApiT", 0, 3s), 3);
  EXPECT_EQ(*api_->getMinOffset(broker_, "ApiT", 0, 3s), 0);
  EXPECT_GT(*api_->getEarliestMsgStoretime(broker_, "ApiT", 0, 3s), 0);
  EXPECT_EQ(*api_->searchOffset(broker_, "ApiT", 0, 0, 3s), 0);

  remoting::QueryConsumerOffsetRequestHeader query;
  query.consumerGroup = "ApiGroup";
  query.topic = "ApiT";
  query.queueId = 1;  // never consumed
  query.setZeroIfNotFound = false;
  auto missing = api_->queryConsumerOffset(broker_, query, 3s);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(responseCodeOf(missing.status()), 22);  // QUERY_NOT_FOUND

  remoting::UpdateConsumerOffsetRequestHeader update;
  update.consumerGroup = "ApiGroup";
  update.topic = "ApiT";
  update.queueId = 0;
  update.commitOffset = 2;
  ASSERT_TRUE(api_->updateConsumerOffset(broker_, update, 3s).ok());
  query.queueId = 0;
  query.setZeroIfNotFound.reset();
  EXPECT_EQ(*api_->queryConsumerOffset(broker_, query, 3s), 2);
  update.commitOffset = 3;
  ASSERT_TRUE(api_->updateConsumerOffsetOneway(broker_, update, 3s).ok());
  EXPECT_TRUE(waitUntil([&] {
    auto o = api_->queryConsumerOffset(broker_, query, 3s);
    return o.ok() && *o == 3;
  }));
}

TEST_F(MQClientAPITest, HeartbeatConsumerListLocksAndUnregister) {
  const std::string client_id = "127.0.0.1@api-test";
  remoting::HeartbeatData hb;
  hb.clientID = client_id;
  remoting::ConsumerData cd;
  cd.groupName = "ApiGroup";
  cd.subscriptionDataSet.push_back(*remoting::buildSubscriptionData("ApiT", "*"));
  hb.consumerDataSet.push_back(cd);
  auto version = api_->sendHeartbeat(broker_, hb, 3s);
  ASSERT_TRUE(version.ok()) << version.status();
  auto ids = api_->getConsumerIdListByGroup(broker_, "ApiGroup", 3s);
  ASSERT_TRUE(ids.ok()) << ids.status();
  EXPECT_EQ(*ids, std::vector<std::string>{client_id});

  remoting::LockBatchRequestBody lock;
  lock.clientId = client_id;
  lock.consumerGroup = "ApiGroup";
  lock.mqSet = {{"ApiT", "broker-a", 0}, {"ApiT", "broker-a", 1}};
  auto locked = api_->lockBatchMQ(broker_, lock, 3s);
  ASSERT_TRUE(locked.ok()) << locked.status();
  EXPECT_EQ(locked->size(), 2u);
  EXPECT_TRUE(api_->unlockBatchMQ(broker_, lock, 3s, false).ok());

  ASSERT_TRUE(api_->unregisterClient(broker_, client_id, {}, "ApiGroup", 3s).ok());
  EXPECT_TRUE(
      waitUntil([&] { return !api_->getConsumerIdListByGroup(broker_, "ApiGroup", 3s).ok(); }));
}

TEST_F(MQClientAPITest, ViewMessageAndSendBack) {
  SendResult sent = sendOne("viewed", 1);
  ASSERT_TRUE(brokers_[0]->messageStore().waitDispatched(10s));
  const MessageId id = decodeMessageId(sent.getOffsetMsgId());
  auto viewed = api_->viewMessage(id.address, id.offset, 3s);
  ASSERT_TRUE(viewed.ok()) << viewed.status();
  EXPECT_EQ(viewed->getBody(), "viewed");
  EXPECT_EQ(viewed->getOffsetMsgId(), sent.getOffsetMsgId());
  // A consumer gives the message back: it goes to %RETRY%ApiGroup.
  EXPECT_TRUE(api_->consumerSendMessageBack(broker_, *viewed, "ApiGroup", 0, 16, 3s).ok());
}

}  // namespace
}  // namespace apogee::client::testing
