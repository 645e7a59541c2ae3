#include "client/consumer/rebalance_impl.h"
#include "client/mq_client_instance.h"
#include "client_test_util.h"

// RebalanceImpl's broker-side queue locks (lock, lockAll, unlock, unlockAll
// and taking queues only when locked) against a real broker, with two
// clients of one group competing for the same queues.
namespace apogee::client::testing {
namespace {

using namespace std::chrono_literals;

// A rebalance that locks queues and otherwise takes every queue at offset 0
// (broadcasting: each client wants every queue, so they compete).
class LockingRebalance final : public RebalanceImpl {
 public:
  LockingRebalance() : RebalanceImpl("LockGroup", MessageModel::BROADCASTING, nullptr) {}

 protected:
  void messageQueueChanged(const std::string&, const std::set<MessageQueue>&,
                           const std::set<MessageQueue>&) override {}
  bool removeUnnecessaryMessageQueue(const MessageQueue&,
                                     const std::shared_ptr<ProcessQueue>&) override {
    return true;
  }
  remoting::ConsumeType consumeType() const override {
    return remoting::ConsumeType::CONSUME_PASSIVELY;
  }
  void removeDirtyOffset(const MessageQueue&) override {}
  Result<std::int64_t> computePullFromWhere(const MessageQueue&) override {
    return std::int64_t{0};
  }
  void dispatchPullRequest(std::vector<PullRequest>) override {}
  bool needsQueueLocks() const override { return true; }
};

class RebalanceLockTest : public ClusterFixture {
 protected:
  struct Client {
    std::shared_ptr<MQClientInstance> instance;
    LockingRebalance rebalance;
  };

  void SetUp() override {
    ClusterFixture::SetUp();
    createTopic("LockT", 4);
    for (int i = 0; i < 4; ++i) queues_.insert(MessageQueue("LockT", "broker-a", i));
  }

  std::unique_ptr<Client> makeClient(const std::string& name) {
    ClientConfig config;
    config.setNamesrvAddr(namesrv_addr_);
    config.setClientIP("127.0.0.1");
    config.setInstanceName(name);
    auto c = std::make_unique<Client>();
    c->instance = MQClientManager::getInstance().getOrCreateMQClientInstance(config);
    EXPECT_TRUE(c->instance->start().ok());
    EXPECT_TRUE(c->instance->updateTopicRouteInfoFromNameServer("LockT").ok());
    c->rebalance.setInstance(c->instance.get());
    c->rebalance.putSubscription(*remoting::buildSubscriptionData("LockT", "*"));
    c->rebalance.updateTopicSubscribeInfo("LockT", queues_);
    return c;
  }

  static int lockedCount(const Client& c) {
    int n = 0;
    for (const auto& [mq, pq] : c.rebalance.processQueueTable()) n += pq->isLocked() ? 1 : 0;
    return n;
  }

  std::set<MessageQueue> queues_;
};

TEST_F(RebalanceLockTest, AQueueIsTakenOnlyByTheClientHoldingItsLock) {
  auto a = makeClient("lock-a");
  auto b = makeClient("lock-b");

  a->rebalance.doRebalance();
  EXPECT_EQ(a->rebalance.heldQueues().size(), 4u);
  EXPECT_EQ(lockedCount(*a), 4);  // taken locked, no wait for the renewal
  EXPECT_FALSE(a->rebalance.unfinished());

  // b wants the same queues: the broker refuses them while a holds them.
  b->rebalance.doRebalance();
  EXPECT_TRUE(b->rebalance.heldQueues().empty());
  EXPECT_TRUE(b->rebalance.unfinished());
  EXPECT_FALSE(b->rebalance.lock(MessageQueue("LockT", "broker-a", 0)));

  // a renews: still all locked, with a fresh timestamp.
  const auto before = a->rebalance.processQueueTable().begin()->second->lastLockTimestamp();
  a->rebalance.lockAll();
  EXPECT_EQ(lockedCount(*a), 4);
  EXPECT_GE(a->rebalance.processQueueTable().begin()->second->lastLockTimestamp(), before);

  // a releases one queue: b takes exactly that one at its next rebalance.
  a->rebalance.unlock(MessageQueue("LockT", "broker-a", 2), false);
  b->rebalance.doRebalance();
  EXPECT_EQ(b->rebalance.heldQueues(), (std::set<MessageQueue>{MessageQueue("LockT", "broker-a", 2)}));
  EXPECT_EQ(lockedCount(*b), 1);
  EXPECT_TRUE(b->rebalance.unfinished());

  // a's renewal learns it lost queue 2 and keeps the other three.
  a->rebalance.lockAll();
  EXPECT_EQ(lockedCount(*a), 3);
  EXPECT_FALSE(a->rebalance.processQueueTable().at(MessageQueue("LockT", "broker-a", 2))->isLocked());

  // a releases everything: b takes the rest.
  a->rebalance.unlockAll(false);
  EXPECT_EQ(lockedCount(*a), 0);
  b->rebalance.doRebalance();
  EXPECT_EQ(b->rebalance.heldQueues().size(), 4u);
  EXPECT_EQ(lockedCount(*b), 4);
  EXPECT_FALSE(b->rebalance.unfinished());

  a->rebalance.dropAll();
  b->rebalance.dropAll();
  a->instance->shutdown();
  b->instance->shutdown();
}

}  // namespace
}  // namespace apogee::client::testing
