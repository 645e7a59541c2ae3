#include <atomic>

#include "client/mq_client_instance.h"
#include "client/topic_publish_info.h"
#include "client_test_util.h"

namespace apogee::client::testing {
namespace {

using ::apogee::testing::waitUntil;
using namespace std::chrono_literals;

// A consumer that only counts what the instance asks of it.
class FakeConsumer final : public MQConsumerInner {
 public:
  explicit FakeConsumer(std::string group) : group_(std::move(group)) {}
  std::string groupName() const override { return group_; }
  MessageModel messageModel() const override { return MessageModel::CLUSTERING; }
  remoting::ConsumeType consumeType() const override {
    return remoting::ConsumeType::CONSUME_PASSIVELY;
  }
  ConsumeFromWhere consumeFromWhere() const override {
    return ConsumeFromWhere::CONSUME_FROM_LAST_OFFSET;
  }
  std::vector<remoting::SubscriptionData> subscriptions() const override {
    return {*remoting::buildSubscriptionData("InstT", "*")};
  }
  void updateTopicSubscribeInfo(const std::string&, const std::set<MessageQueue>& queues) override {
    queue_count = static_cast<int>(queues.size());
  }
  bool isSubscribeTopicNeedUpdate(const std::string&) const override { return queue_count == 0; }
  void doRebalance() override { ++rebalances; }
  void persistConsumerOffset() override { ++persists; }

  std::atomic<int> rebalances{0};
  std::atomic<int> persists{0};
  std::atomic<int> queue_count{0};

 private:
  std::string group_;
};

class ClientInstanceTest : public ClusterFixture {
 protected:
  std::shared_ptr<MQClientInstance> makeInstance(const std::string& name) {
    ClientConfig config;
    config.setNamesrvAddr(namesrv_addr_);
    config.setClientIP("127.0.0.1");
    config.setInstanceName(name);
    return MQClientManager::getInstance().getOrCreateMQClientInstance(config);
  }
};

TEST_F(ClientInstanceTest, ManagerSharesInstancesByClientId) {
  auto a = makeInstance("one");
  auto b = makeInstance("one");
  auto c = makeInstance("two");
  EXPECT_EQ(a.get(), b.get());
  EXPECT_NE(a.get(), c.get());
  EXPECT_EQ(a->getClientId(), "127.0.0.1@one");
  a->shutdown();
  c->shutdown();
  EXPECT_NE(makeInstance("one").get(), a.get());  // removed at shutdown: a fresh one
  makeInstance("one")->shutdown();
}

TEST_F(ClientInstanceTest, RoutesReachConsumersAndNotifyTriggersRebalance) {
  createTopic("InstT", 4);
  auto instance = makeInstance("notify");
  auto consumer = std::make_shared<FakeConsumer>("InstGroup");
  ASSERT_TRUE(instance->registerConsumer("InstGroup", consumer).ok());
  EXPECT_FALSE(instance->registerConsumer("InstGroup", consumer).ok());
  ASSERT_TRUE(instance->start().ok());
  ASSERT_TRUE(instance->updateTopicRouteInfoFromNameServer("InstT").ok());
  EXPECT_EQ(consumer->queue_count, 4);
  EXPECT_EQ(instance->findBrokerAddressInPublish("broker-a"), addrs_[0]);
  instance->sendHeartbeatToAllBrokers();

  // A second client joins the group: the broker notifies the first one.
  auto other = makeInstance("notify-2");
  auto other_consumer = std::make_shared<FakeConsumer>("InstGroup");
  ASSERT_TRUE(other->registerConsumer("InstGroup", other_consumer).ok());
  ASSERT_TRUE(other->start().ok());
  ASSERT_TRUE(other->updateTopicRouteInfoFromNameServer("InstT").ok());
  const int before = consumer->rebalances;
  other->sendHeartbeatToAllBrokers();
  EXPECT_TRUE(waitUntil([&] { return consumer->rebalances > before; }));

  auto ids = instance->findConsumerIdList("InstT", "InstGroup");
  ASSERT_TRUE(ids.ok()) << ids.status();
  EXPECT_EQ(ids->size(), 2u);

  instance->persistAllConsumerOffset();
  EXPECT_EQ(consumer->persists, 1);
  instance->unregisterConsumer("InstGroup");
  other->unregisterConsumer("InstGroup");
  instance->shutdown();
  other->shutdown();
  EXPECT_FALSE(instance->isRunning());
}

TEST_F(ClientInstanceTest, DefaultTopicRouteIsCutToTheRequestedQueueCount) {
  createTopic("TBW102", 8);
  auto instance = makeInstance("default-route");
  ASSERT_TRUE(instance->start().ok());
  ASSERT_TRUE(instance->updateTopicRouteInfoFromNameServer("NewT", true, 3).ok());
  auto route = instance->routeTable().route("NewT");
  ASSERT_TRUE(route);
  EXPECT_EQ(route->queueDatas.at(0).writeQueueNums, 3);
  EXPECT_EQ(instance->updateTopicRouteInfoFromNameServer("NoSuchT").code(), StatusCode::kNotFound);
  instance->shutdown();
}

}  // namespace
}  // namespace apogee::client::testing
