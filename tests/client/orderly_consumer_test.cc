#include <any>
#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "apogee/default_mq_push_consumer.h"
#include "client/consumer/default_mq_push_consumer_impl.h"
#include "broker/broker_controller.h"
#include "client_test_util.h"
#include "remoting/body/consumer_running_info.h"
#include "remoting/body/message_queue_json.h"
#include "remoting/request_code.h"

// Orderly consumption (MessageListenerOrderly) against an in-process name
// server and broker: per-queue order across consumers joining and leaving,
// suspend and retry, the dead-letter queue, running info, broadcasting.
namespace apogee::client::testing {
namespace {

using ::apogee::testing::waitUntil;
using namespace std::chrono_literals;

// One delivery: which consumer saw which step of which order.
struct Delivery {
  std::string consumer;
  int step = 0;
};

// Deliveries per order id, in the order listeners saw them; thread-safe.
struct OrderLog {
  std::mutex mutex;
  std::map<int, std::vector<Delivery>> byOrder;
  std::size_t distinct = 0;
  std::set<std::pair<int, int>> seen;

  void add(const std::string& consumer, const MessageExt& m) {
    const int order = std::stoi(m.getKeys());
    const int step = std::stoi(m.getBody());
    std::lock_guard lock(mutex);
    byOrder[order].push_back({consumer, step});
    if (seen.insert({order, step}).second) ++distinct;
  }
  std::size_t distinctCount() {
    std::lock_guard lock(mutex);
    return distinct;
  }
};

// Checks the orderly guarantee on `log` (every order id sent as steps
// 0..steps-1): the first delivery is step 0; each delivery is the previous
// step + 1 or, only when the consumer changed (a handover restarts at the
// committed offset), an earlier step; steps never seen before come exactly
// as 0, 1, ..., steps-1. Returns the number of restarts.
int expectOrderlyDeliveries(OrderLog& log, int orders, int steps) {
  std::lock_guard lock(log.mutex);
  EXPECT_EQ(log.byOrder.size(), static_cast<std::size_t>(orders));
  int restarts = 0;
  for (const auto& [order, deliveries] : log.byOrder) {
    EXPECT_EQ(deliveries.front().step, 0) << "order " << order;
    int highest = 0;
    for (std::size_t i = 1; i < deliveries.size(); ++i) {
      const Delivery& prev = deliveries[i - 1];
      const Delivery& cur = deliveries[i];
      if (cur.step != prev.step + 1) {
        EXPECT_LE(cur.step, prev.step) << "order " << order << " skipped at delivery " << i;
        EXPECT_NE(cur.consumer, prev.consumer)
            << "order " << order << " went back from " << prev.step << " to " << cur.step
            << " within " << cur.consumer;
        ++restarts;
      }
      if (cur.step > highest) {
        EXPECT_EQ(cur.step, highest + 1) << "order " << order << " new step out of order";
        highest = cur.step;
      }
    }
    EXPECT_EQ(highest, steps - 1) << "order " << order;
  }
  return restarts;
}

// The consumers that saw something.
std::set<std::string> consumersIn(OrderLog& log) {
  std::lock_guard lock(log.mutex);
  std::set<std::string> out;
  for (const auto& [order, deliveries] : log.byOrder) {
    for (const auto& d : deliveries) out.insert(d.consumer);
  }
  return out;
}

class OrderlyConsumerTest : public ClusterFixture {
 protected:
  static constexpr int kQueues = 8;

  void SetUp() override {
    ClusterFixture::SetUp();
    createTopic("OrdT", kQueues);
    producer_ = makeProducer("OrderlyTestProducer");
    producer_->start();
  }
  void TearDown() override {
    producer_->shutdown();
    ClusterFixture::TearDown();
  }

  std::unique_ptr<DefaultMQPushConsumer> makeConsumer(const std::string& group,
                                                      MessageListenerOrderly listener) {
    auto c = std::make_unique<DefaultMQPushConsumer>(group);
    c->setNamesrvAddr(namesrv_addr_);
    c->setClientIP("127.0.0.1");
    c->setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
    c->setPersistConsumerOffsetInterval(100ms);
    c->setPollNameServerInterval(200ms);
    c->subscribe("OrdT", "*");
    c->registerMessageListener(std::move(listener));
    return c;
  }

  // Sends `body` with `keys` to the queue the selector picks for `order`
  // (order id modulo the queue count).
  void sendOrdered(int order, const std::string& keys, const std::string& body) {
    Message msg("OrdT", "TagA", keys, body);
    static const MessageQueueSelector byOrderId =
        [](const std::vector<MessageQueue>& queues, const Message&, const std::any& arg) {
          return queues[static_cast<std::size_t>(std::any_cast<int>(arg)) % queues.size()];
        };
    SendResult r = producer_->send(msg, byOrderId, std::any(order));
    ASSERT_EQ(r.getSendStatus(), SendStatus::SEND_OK);
    ASSERT_EQ(r.getMessageQueue().getQueueId(), order % kQueues);
  }

  std::unique_ptr<DefaultMQProducer> producer_;
};

// 100 order ids x 100 steps, sent while two consumers run, a third joins
// and the first leaves. Within a queue the lock holder consumes in order,
// and a new owner restarts from the last committed offset; so for every
// order id: the first delivery is step 0, each delivery is the previous
// step + 1 or, only when the consumer changed, a restart at an earlier
// step; steps never seen before come exactly as 0, 1, ..., 99.
TEST_F(OrderlyConsumerTest, EveryOrderInOrderAcrossAJoinAndALeave) {
  constexpr int kOrders = 100;
  constexpr int kSteps = 100;
  OrderLog log;
  auto listenerFor = [&log](const std::string& name) {
    return [&log, name](const std::vector<MessageExt>& msgs, ConsumeOrderlyContext&) {
      for (const auto& m : msgs) log.add(name, m);
      return ConsumeOrderlyStatus::SUCCESS;
    };
  };
  auto c1 = makeConsumer("OrdSplit", listenerFor("c1"));
  auto c2 = makeConsumer("OrdSplit", listenerFor("c2"));
  c1->setConsumeMessageBatchMaxSize(4);  // batches and single messages mixed
  c1->start();
  c2->start();

  // Four senders, each owning every fourth order id: an order's steps are
  // sent one after another, orders interleave within a queue.
  std::atomic<int> sent{0};
  std::vector<std::thread> senders;
  for (int t = 0; t < 4; ++t) {
    senders.emplace_back([&, t] {
      for (int step = 0; step < kSteps; ++step) {
        for (int order = t; order < kOrders; order += 4) {
          sendOrdered(order, std::to_string(order), std::to_string(step));
          ++sent;
        }
      }
    });
  }
  std::unique_ptr<DefaultMQPushConsumer> c3;
  ASSERT_TRUE(waitUntil([&] { return sent >= kOrders * kSteps / 3; }, 30s));
  c3 = makeConsumer("OrdSplit", listenerFor("c3"));
  c3->start();
  ASSERT_TRUE(waitUntil([&] { return sent >= 2 * kOrders * kSteps / 3; }, 30s));
  c1->shutdown();
  for (auto& s : senders) s.join();

  ASSERT_TRUE(waitUntil([&] { return log.distinctCount() == kOrders * kSteps; }, 30s))
      << log.distinctCount() << " of " << kOrders * kSteps;
  c2->shutdown();
  c3->shutdown();

  const int restarts = expectOrderlyDeliveries(log, kOrders, kSteps);
  EXPECT_EQ(consumersIn(log), (std::set<std::string>{"c1", "c2", "c3"}));
  std::printf("orderly 100x100: %d restart(s) after handovers\n", restarts);
}

// A member joins while every queue has a long batch in flight (longer than
// the 1 s a rebalance waits for it): the queues it takes over are released
// only after their batch finished, so no queue is ever in two listeners at
// once, and the handover still completes within seconds.
TEST_F(OrderlyConsumerTest, AQueueChangesOwnerOnlyBetweenBatches) {
  constexpr int kPerQueue = 8;
  constexpr int kSlowStep = 3;
  std::array<std::atomic<int>, kQueues> active{};
  std::atomic<int> overlaps{0};
  std::atomic<int> slow_started{0};
  OrderLog log;
  auto listenerFor = [&](const std::string& name) {
    return [&, name](const std::vector<MessageExt>& msgs, ConsumeOrderlyContext& ctx) {
      const auto q = static_cast<std::size_t>(ctx.getMessageQueue().getQueueId());
      if (active[q]++ != 0) ++overlaps;
      if (name == "c1" && std::stoi(msgs.front().getBody()) == kSlowStep) {
        ++slow_started;
        std::this_thread::sleep_for(1500ms);
      }
      for (const auto& m : msgs) log.add(name, m);
      --active[q];
      return ConsumeOrderlyStatus::SUCCESS;
    };
  };
  auto c1 = makeConsumer("OrdSlow", listenerFor("c1"));
  c1->start();
  for (int step = 0; step < kPerQueue; ++step) {
    for (int order = 0; order < kQueues; ++order)
      sendOrdered(order, std::to_string(order), std::to_string(step));
  }
  ASSERT_TRUE(waitUntil([&] { return slow_started == kQueues; }));
  auto c2 = makeConsumer("OrdSlow", listenerFor("c2"));
  c2->start();
  ASSERT_TRUE(waitUntil([&] { return log.distinctCount() == kQueues * kPerQueue; }, 20s))
      << log.distinctCount();
  c2->shutdown();
  c1->shutdown();
  EXPECT_EQ(overlaps, 0);
  // The slow batch of each queue taken over was in flight when its queue
  // was dropped: it is not committed, and c2 starts again at it.
  expectOrderlyDeliveries(log, kQueues, kPerQueue);
  EXPECT_EQ(consumersIn(log), (std::set<std::string>{"c1", "c2"}));
}

// A listener that suspends one message three times: the same message comes
// again (reconsumeTimes 1, 2, 3) after the suspend time, the messages
// behind it in its queue wait, another queue goes on meanwhile.
TEST_F(OrderlyConsumerTest, SuspendedMessageBlocksItsQueueThenComesInOrder) {
  std::mutex mutex;
  std::vector<std::pair<std::string, int>> q0;  // body, reconsumeTimes
  std::vector<std::string> q1;
  std::atomic<int> suspends{0};
  auto c = makeConsumer("OrdSuspend", [&](const std::vector<MessageExt>& msgs,
                                          ConsumeOrderlyContext&) {
    std::lock_guard lock(mutex);
    for (const auto& m : msgs) {
      if (m.getQueueId() == 1) {
        q1.push_back(m.getBody());
        continue;
      }
      q0.emplace_back(m.getBody(), m.getReconsumeTimes());
      if (m.getBody() == "m1" && suspends < 3) {
        ++suspends;
        return ConsumeOrderlyStatus::SUSPEND_CURRENT_QUEUE_A_MOMENT;
      }
    }
    return ConsumeOrderlyStatus::SUCCESS;
  });
  c->setSuspendCurrentQueueTimeMillis(300ms);
  c->start();
  const auto begin = std::chrono::steady_clock::now();
  for (int i = 0; i < 4; ++i) sendOrdered(0, "k", "m" + std::to_string(i));
  ASSERT_TRUE(waitUntil([&] { return suspends >= 1; }));
  sendOrdered(1, "k", "other");  // queue 1, while queue 0 is suspended
  ASSERT_TRUE(waitUntil([&] {
    std::lock_guard lock(mutex);
    return q0.size() == 7;
  }));
  const auto took = std::chrono::steady_clock::now() - begin;
  std::lock_guard lock(mutex);
  EXPECT_EQ(q0, (std::vector<std::pair<std::string, int>>{
                    {"m0", 0}, {"m1", 0}, {"m1", 1}, {"m1", 2}, {"m1", 3}, {"m2", 0}, {"m3", 0}}));
  EXPECT_EQ(q1, std::vector<std::string>{"other"});
  EXPECT_GE(took, 900ms);  // three suspensions of 300 ms
  c->shutdown();
}

// maxReconsumeTimes: a message failing that often goes to the group's
// dead-letter queue and the queue moves on.
TEST_F(OrderlyConsumerTest, MaxReconsumeTimesSendsTheMessageToTheDeadLetterQueue) {
  std::mutex mutex;
  std::vector<std::string> bodies;
  auto c = makeConsumer("OrdDlq", [&](const std::vector<MessageExt>& msgs,
                                      ConsumeOrderlyContext& ctx) {
    ctx.setSuspendCurrentQueueTimeMillis(50);
    std::lock_guard lock(mutex);
    for (const auto& m : msgs) bodies.push_back(m.getBody());
    return msgs.front().getBody() == "poison" ? ConsumeOrderlyStatus::SUSPEND_CURRENT_QUEUE_A_MOMENT
                                              : ConsumeOrderlyStatus::SUCCESS;
  });
  c->setMaxReconsumeTimes(2);
  c->start();
  sendOrdered(3, "k", "poison");
  sendOrdered(3, "k", "after");
  ASSERT_TRUE(waitUntil([&] {
    std::lock_guard lock(mutex);
    return !bodies.empty() && bodies.back() == "after";
  }));
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(bodies, (std::vector<std::string>{"poison", "poison", "poison", "after"}));
  }
  // The dead-letter topic is write-only (as in RocketMQ): ask the store.
  auto& store = brokers_[0]->messageStore();
  EXPECT_TRUE(waitUntil(
      [&] { return store.getMaxOffsetInQueue("%DLQ%OrdDlq", QueueId(0)).value() == 1; }))
      << "nothing in the dead-letter queue";
  c->shutdown();
}

// A queue whose broker lock the consumer lost (here another client id takes
// it) is neither pulled nor consumed until the consumer locks it again; the
// other queues go on meanwhile, and the queue resumes in order.
TEST_F(OrderlyConsumerTest, AQueueIsConsumedOnlyWhileLocked) {
  std::mutex mutex;
  std::vector<std::string> q2;
  std::atomic<int> others{0};
  auto c = makeConsumer("OrdLost", [&](const std::vector<MessageExt>& msgs,
                                       ConsumeOrderlyContext& ctx) {
    std::lock_guard lock(mutex);
    for (const auto& m : msgs) {
      if (ctx.getMessageQueue().getQueueId() == 2) {
        q2.push_back(m.getBody());
      } else {
        ++others;
      }
    }
    return ConsumeOrderlyStatus::SUCCESS;
  });
  c->start();
  sendOrdered(2, "k", "before");
  ASSERT_TRUE(waitUntil([&] {
    std::lock_guard lock(mutex);
    return q2.size() == 1;
  }));
  auto impl = c->getDefaultMQPushConsumerImpl();
  const MessageQueue mq("OrdT", "broker-a", 2);
  auto lockRequest = [&](int code, const std::string& clientId) {
    remoting::LockBatchRequestBody body{clientId, "OrdLost", {{"OrdT", "broker-a", 2}}, std::nullopt};
    auto request = RemotingCommand::createRequest(code, {});
    request.setBody(body.toJson());
    auto r = admin_.invokeSync(addrs_[0], std::move(request), 5s);
    ASSERT_TRUE(r.ok()) << r.status();
    ASSERT_EQ(r->code(), rc::kSuccess);
  };
  // The consumer's lock is released under its id and taken by a thief; the
  // consumer's next renewal (every rebalance) finds it lost.
  lockRequest(code::kUnlockBatchMq, c->buildMQClientId());
  lockRequest(code::kLockBatchMq, "thief@1");
  impl->doRebalance();
  ASSERT_FALSE(impl->processQueueTable().at(mq)->isLocked());
  sendOrdered(2, "k", "while-lost-0");
  sendOrdered(2, "k", "while-lost-1");
  sendOrdered(3, "k", "other-queue");
  ASSERT_TRUE(waitUntil([&] { return others == 1; }));
  // Nothing of queue 2 while another client holds its lock (a bounded look).
  EXPECT_FALSE(waitUntil(
      [&] {
        std::lock_guard lock(mutex);
        return q2.size() > 1;
      },
      1500ms));
  // The thief lets go: the consumer's renewal locks it again, and the queue
  // goes on where it stopped, in order.
  lockRequest(code::kUnlockBatchMq, "thief@1");
  impl->doRebalance();
  EXPECT_TRUE(impl->processQueueTable().at(mq)->isLocked());
  ASSERT_TRUE(waitUntil([&] {
    std::lock_guard lock(mutex);
    return q2.size() == 3;
  }));
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(q2, (std::vector<std::string>{"before", "while-lost-0", "while-lost-1"}));
  }
  c->shutdown();
}

// GET_CONSUMER_RUNNING_INFO of an orderly consumer: PROP_CONSUMEORDERLY and
// every queue locked, with a recent lastLockTimestamp.
TEST_F(OrderlyConsumerTest, RunningInfoShowsOrderlyAndLockedQueues) {
  std::atomic<int> consumed{0};
  auto c = makeConsumer("OrdInfo", [&](const std::vector<MessageExt>& msgs,
                                       ConsumeOrderlyContext&) {
    consumed += static_cast<int>(msgs.size());
    return ConsumeOrderlyStatus::SUCCESS;
  });
  c->start();
  sendOrdered(0, "k", "x");
  ASSERT_TRUE(waitUntil([&] { return consumed == 1; }));
  auto impl = c->getDefaultMQPushConsumerImpl();
  remoting::ConsumerRunningInfo info;
  ASSERT_TRUE(waitUntil([&] {
    auto json = impl->consumerRunningInfo(false);
    if (!json) return false;
    auto parsed = remoting::ConsumerRunningInfo::fromJson(*json);
    if (!parsed.ok()) return false;
    info = std::move(parsed).value();
    return info.mqTable.size() == kQueues + 1;  // and the retry topic's queue
  }));
  EXPECT_EQ(info.properties["PROP_CONSUMEORDERLY"], "true");
  EXPECT_EQ(info.properties["suspendCurrentQueueTimeMillis"], "1000");
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  for (const auto& [mq, q] : info.mqTable) {
    EXPECT_TRUE(q.locked) << mq.topic << " " << mq.queueId;
    EXPECT_GT(q.lastLockTimestamp, now - 30000);
    EXPECT_EQ(q.tryUnlockTimes, 0);
  }
  c->shutdown();
}

// CONSUME_MESSAGE_DIRECTLY of an orderly consumer: order true, the
// listener's result as Java names it, autoCommit from the context.
TEST_F(OrderlyConsumerTest, ConsumeMessageDirectlyAnswersAsJava) {
  auto c = makeConsumer("OrdDirect", [](const std::vector<MessageExt>& msgs,
                                        ConsumeOrderlyContext& ctx) {
    const std::string& body = msgs.front().getBody();
    if (body == "later") return ConsumeOrderlyStatus::SUSPEND_CURRENT_QUEUE_A_MOMENT;
    if (body == "throw") throw std::runtime_error("boom");
    ctx.setAutoCommit(false);
    return ConsumeOrderlyStatus::COMMIT;
  });
  c->start();
  auto impl = c->getDefaultMQPushConsumerImpl();
  auto directly = [&](const std::string& body) {
    MessageExt m;
    m.setTopic("OrdT");
    m.setQueueId(1);
    m.setBody(body);
    return impl->consumeMessageDirectly(m, "broker-a").value_or("");
  };
  EXPECT_TRUE(directly("later").starts_with(
      "{\"autoCommit\":true,\"consumeResult\":\"CR_LATER\",\"order\":true,\"spentTimeMills\":"));
  EXPECT_TRUE(directly("commit").starts_with(
      "{\"autoCommit\":false,\"consumeResult\":\"CR_COMMIT\",\"order\":true,"));
  EXPECT_TRUE(directly("throw").starts_with(
      "{\"autoCommit\":true,\"consumeResult\":\"CR_THROW_EXCEPTION\",\"order\":true,"
      "\"remark\":\"boom\","));
  c->shutdown();
}

// Broadcasting: every consumer gets every message, in order, without locks.
TEST_F(OrderlyConsumerTest, BroadcastingNeedsNoLocks) {
  std::mutex mutex;
  std::map<std::string, std::vector<std::string>> got;
  auto listenerFor = [&](const std::string& name) {
    return [&, name](const std::vector<MessageExt>& msgs, ConsumeOrderlyContext&) {
      std::lock_guard lock(mutex);
      for (const auto& m : msgs) got[name].push_back(m.getBody());
      return ConsumeOrderlyStatus::SUCCESS;
    };
  };
  BrokerTempDir dir;  // the local offset files
  std::vector<std::unique_ptr<DefaultMQPushConsumer>> consumers;
  for (const char* name : {"b1", "b2"}) {
    auto c = makeConsumer("OrdBroadcast", listenerFor(name));
    c->setMessageModel(MessageModel::BROADCASTING);
    c->setInstanceName(name);
    c->setLocalOffsetStoreDir(dir.path().string());
    c->start();
    consumers.push_back(std::move(c));
  }
  std::vector<std::string> expected;
  for (int i = 0; i < 20; ++i) {
    sendOrdered(5, "k", "b" + std::to_string(i));
    expected.push_back("b" + std::to_string(i));
  }
  ASSERT_TRUE(waitUntil([&] {
    std::lock_guard lock(mutex);
    return got["b1"].size() >= 20 && got["b2"].size() >= 20;
  }));
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(got["b1"], expected);
    EXPECT_EQ(got["b2"], expected);
  }
  for (const auto& [mq, pq] : consumers[0]->getDefaultMQPushConsumerImpl()->processQueueTable())
    EXPECT_FALSE(pq->isLocked());
  for (auto& c : consumers) c->shutdown();
}

}  // namespace
}  // namespace apogee::client::testing
