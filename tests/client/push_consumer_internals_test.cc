#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "apogee/default_mq_push_consumer.h"
#include "client/consumer/default_mq_push_consumer_impl.h"
#include "client_test_util.h"
#include "remoting/headers/pull.h"
#include "remoting/transport/processor.h"
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

  // Sends `body` to queue `queue` of kTopic.
  void sendTo(int queue, const std::string& body) {
    Message msg(kTopic, "TagA", body);
    ASSERT_EQ(producer_->send(msg, MessageQueue(kTopic, "broker-a", queue)).getSendStatus(),
              SendStatus::SEND_OK);
  }

  // The offset `group` committed at the broker for queue `queue` (-1: none).
  std::int64_t committedOffset(const std::string& group, int queue) {
    auto r = admin_.invokeSync(
        addrs_[0],
        RemotingCommand::createRequest(
            code::kQueryConsumerOffset,
            {{"consumerGroup", group}, {"topic", kTopic}, {"queueId", std::to_string(queue)}}),
        5s);
    if (!r.ok() || r->code() != rc::kSuccess) return -1;
    return std::stoll(std::string(r->extField("offset").value_or("-1")));
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

// Orderly listeners are counted too, as Java's ConsumeMessageOrderlyService
// counts them: SUCCESS as OK, SUSPEND_CURRENT_QUEUE_A_MOMENT as failed.
TEST_F(PushConsumerInternalsTest, OrderlyStatisticsCountSuccessAndSuspend) {
  std::mutex mutex;
  std::map<std::string, int> deliveries;
  auto c = makePushConsumer("OrderlyStatsGroup", kTopic);
  c->registerMessageListener(
      [&](const std::vector<MessageExt>& msgs, ConsumeOrderlyContext& context) {
        context.setSuspendCurrentQueueTimeMillis(10);
        std::lock_guard lock(mutex);
        const int n = ++deliveries[msgs.front().getBody()];
        return msgs.front().getBody().starts_with("bad") && n == 1
                   ? ConsumeOrderlyStatus::SUSPEND_CURRENT_QUEUE_A_MOMENT
                   : ConsumeOrderlyStatus::SUCCESS;
      });
  c->start();
  for (int i = 0; i < 6; ++i) send("ok" + std::to_string(i));
  for (int i = 0; i < 3; ++i) send("bad" + std::to_string(i));
  ASSERT_TRUE(waitUntil([&] {
    std::lock_guard lock(mutex);
    if (deliveries.size() != 9) return false;
    for (int i = 0; i < 3; ++i) {
      if (deliveries["bad" + std::to_string(i)] < 2) return false;
    }
    return true;
  }));
  auto stats = c->consumeStats();
  ASSERT_TRUE(stats.contains(kTopic));
  const ConsumeStats& t = stats[kTopic];
  EXPECT_EQ(t.consumeFailedMsgs, 3);
  EXPECT_GT(t.consumeOKTPS, 0.0);
  EXPECT_GT(t.consumeFailedTPS, 0.0);
  EXPECT_GE(t.consumeRT, 0.0);
  EXPECT_EQ(c->getDefaultMQPushConsumerImpl()->consumeOkTotal(), 9);
  c->shutdown();
}

// updateCorePoolSize: the pool grows at once while listeners block, the
// running info reports the new size, and out-of-range sizes are ignored.
TEST_F(PushConsumerInternalsTest, UpdateCorePoolSizeResizesTheListenerThreads) {
  std::atomic<int> running{0};
  std::atomic<int> peak{0};
  std::atomic<bool> gate{false};
  std::atomic<int> done{0};
  auto c = makeConsumer("PoolGroup", [&](const std::vector<MessageExt>&,
                                         ConsumeConcurrentlyContext&) {
    const int now = ++running;
    int seen = peak.load();
    while (now > seen && !peak.compare_exchange_weak(seen, now)) {
    }
    while (!gate) std::this_thread::sleep_for(1ms);
    --running;
    ++done;
    return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
  });
  c->setConsumeThreadMin(2);
  c->setConsumeThreadMax(6);
  c->start();
  auto* impl = c->getDefaultMQPushConsumerImpl();
  for (int i = 0; i < 8; ++i) send("p" + std::to_string(i));
  auto cached = [&] {
    std::int64_t n = 0;
    for (const auto& [mq, pq] : impl->processQueueTable()) n += pq->msgCount();
    return n;
  };
  // All 8 are pulled and waiting, but only the 2 threads run listeners.
  ASSERT_TRUE(waitUntil([&] { return cached() == 8 && running == 2; }));
  EXPECT_EQ(peak.load(), 2);

  c->updateCorePoolSize(0);   // ignored: not positive
  c->updateCorePoolSize(6);   // ignored: not below consumeThreadMax
  c->updateCorePoolSize(5);
  ASSERT_TRUE(waitUntil([&] { return running == 5; }));
  auto info = remoting::ConsumerRunningInfo::fromJson(*impl->consumerRunningInfo(false));
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->properties["PROP_THREADPOOL_CORE_SIZE"], "5");
  gate = true;
  ASSERT_TRUE(waitUntil([&] { return done == 8; }));
  EXPECT_EQ(peak.load(), 5);
  c->shutdown();
}

// consumeTimeout: a listener call stuck on the first message of a queue
// does not hold the queue back. After consumeTimeout (1 s here) the message
// is sent back, the queue's committed offset moves past it, and it returns
// through %RETRY% to be consumed again, while the stuck call still runs.
TEST_F(PushConsumerInternalsTest, ExpiredMessageIsSentBackAndNoLongerHoldsTheOffset) {
  std::atomic<bool> release{false};
  std::atomic<int> stuckCalls{0};
  std::atomic<int> retried{0};
  std::atomic<int> others{0};
  auto c = makeConsumer("ExpireGroup", [&](const std::vector<MessageExt>& msgs,
                                           ConsumeConcurrentlyContext&) {
    const MessageExt& m = msgs.front();
    if (m.getBody() == "stuck") {
      if (m.getReconsumeTimes() == 0) {
        ++stuckCalls;
        while (!release) std::this_thread::sleep_for(1ms);
      } else {
        ++retried;
      }
    } else {
      ++others;
    }
    return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
  });
  c->setConsumeTimeout(1s);
  sendTo(0, "stuck");
  for (int i = 0; i < 4; ++i) sendTo(0, "after" + std::to_string(i));
  c->start();
  ASSERT_TRUE(waitUntil([&] { return stuckCalls == 1 && others == 4; }));
  // Until the expiry check the stuck message (offset 0) holds the commit.
  EXPECT_LE(committedOffset("ExpireGroup", 0), 0);
  // Sent back after 1-2 s, redelivered after the broker's 1 s delay.
  EXPECT_TRUE(waitUntil([&] { return retried == 1; }, 10s)) << "never redelivered";
  EXPECT_TRUE(waitUntil([&] { return committedOffset("ExpireGroup", 0) == 5; }, 10s))
      << "committed offset stayed at " << committedOffset("ExpireGroup", 0);
  EXPECT_EQ(stuckCalls.load(), 1);
  release = true;
  c->shutdown();
}

// RocketMQ's pull-expired check: a held queue not pulled for the idle time
// (120 s; 300 ms here) is dropped and re-created by the rebalance, and the
// new process queue pulls. Idle queues qualify: their long polls are parked
// at the broker for 15 s.
TEST_F(PushConsumerInternalsTest, PullExpiredQueueIsRecreatedByTheRebalance) {
  std::mutex mutex;
  std::set<std::string> bodies;
  auto c = makeConsumer("IdleGroup", [&](const std::vector<MessageExt>& msgs,
                                         ConsumeConcurrentlyContext&) {
    std::lock_guard lock(mutex);
    for (const auto& m : msgs) bodies.insert(m.getBody());
    return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
  });
  auto* impl = c->getDefaultMQPushConsumerImpl();
  impl->setPullMaxIdleTime(300ms);
  c->start();
  auto topicQueues = [&] {
    std::map<MessageQueue, std::shared_ptr<ProcessQueue>> out;
    for (auto& [mq, pq] : impl->processQueueTable()) {
      if (mq.getTopic() == kTopic) out.emplace(mq, pq);
    }
    return out;
  };
  ASSERT_TRUE(waitUntil([&] { return topicQueues().size() == 4; }));
  const auto before = topicQueues();
  ASSERT_TRUE(waitUntil([&] {
    for (const auto& [mq, pq] : before) {
      if (!pq->isPullExpired(300ms)) return false;
    }
    return true;
  })) << "a queue kept being pulled";
  impl->doRebalance();
  const auto after = topicQueues();
  ASSERT_EQ(after.size(), 4u);
  for (const auto& [mq, pq] : before) {
    EXPECT_TRUE(pq->isDropped()) << mq.toString();
    EXPECT_NE(after.at(mq), pq) << mq.toString() << " was not re-created";
  }
  for (int i = 0; i < 4; ++i) sendTo(i, "fresh" + std::to_string(i));
  EXPECT_TRUE(waitUntil([&] {
    std::lock_guard lock(mutex);
    return bodies.size() == 4;
  })) << "the re-created queues did not pull";
  c->shutdown();
}

// The send-back fallback: the broker refuses CONSUMER_SEND_MSG_BACK, so the
// consumer re-sends the message to %RETRY%<group> through the instance's
// inner producer, and it comes back with the real topic, reconsumeTimes 1
// and the first delivery's id as ORIGIN_MESSAGE_ID.
TEST_F(PushConsumerInternalsTest, RefusedSendBackGoesThroughTheInnerProducer) {
  std::atomic<int> refused{0};
  brokers_[0]->remotingServer().registerProcessor(
      code::kConsumerSendMsgBack,
      remoting::makeProcessor([&](const remoting::RequestContext&, RemotingCommand&) {
        ++refused;
        return std::optional<RemotingCommand>(
            RemotingCommand::createResponse(rc::kSystemError, "send-back refused (test)"));
      }));
  std::mutex mutex;
  std::vector<MessageExt> deliveries;
  auto c = makeConsumer("FallbackGroup", [&](const std::vector<MessageExt>& msgs,
                                             ConsumeConcurrentlyContext&) {
    std::lock_guard lock(mutex);
    deliveries.push_back(msgs.front());
    return msgs.front().getReconsumeTimes() == 0 ? ConsumeConcurrentlyStatus::RECONSUME_LATER
                                                 : ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
  });
  c->start();
  sendTo(1, "once more");
  ASSERT_TRUE(waitUntil([&] {
    std::lock_guard lock(mutex);
    return deliveries.size() >= 2;
  })) << "the message never came back";
  std::lock_guard lock(mutex);
  const MessageExt& first = deliveries[0];
  const MessageExt& again = deliveries[1];
  EXPECT_GE(refused.load(), 1);
  EXPECT_EQ(again.getBody(), "once more");
  EXPECT_EQ(again.getTopic(), kTopic);
  EXPECT_EQ(again.getReconsumeTimes(), 1);
  EXPECT_EQ(again.getProperty("RETRY_TOPIC"), kTopic);
  EXPECT_EQ(again.getProperty("ORIGIN_MESSAGE_ID"), first.getMsgId());
  EXPECT_EQ(deliveries.size(), 2u);
  c->shutdown();
}

// Samples, every millisecond until destroyed, the bytes cached by all the
// process queues of `impl` (the only consumer of its client instance, so
// what the instance's cache budget counts) and keeps the peak.
class CachedBytesPeak {
 public:
  explicit CachedBytesPeak(DefaultMQPushConsumerImpl* impl)
      : thread_([this, impl] {
          while (!stop_) {
            std::int64_t sum = 0;
            for (const auto& [mq, pq] : impl->processQueueTable()) sum += pq->msgSize();
            peak_ = std::max(peak_.load(), sum);
            std::this_thread::sleep_for(1ms);  // pacing only
          }
        }) {}
  ~CachedBytesPeak() {
    stop_ = true;
    thread_.join();
  }
  std::int64_t peak() const { return peak_; }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<std::int64_t> peak_{0};
  std::thread thread_;
};

// The instance's cache budget, evenly loaded: a blocked listener on every
// queue (240 KiB waiting) stops the cache within budget + one pull batch
// per queue (the four topic queues and the retry queue: 40 + 5 * 4 KiB), and
// every queue gets at least a batch.
TEST_F(PushConsumerInternalsTest, CacheBudgetBoundsTheInstanceUnderEvenLoad) {
  constexpr std::int64_t kBody = 1024;
  constexpr std::int64_t kBudget = 40 * kBody;
  constexpr int kBatch = 4;
  constexpr int kPerQueue = 60;
  std::atomic<bool> release{false};
  std::atomic<int> consumed{0};
  auto c = makeConsumer("BudgetGroup",
                        [&](const std::vector<MessageExt>& msgs, ConsumeConcurrentlyContext&) {
                          while (!release) std::this_thread::sleep_for(1ms);
                          consumed += static_cast<int>(msgs.size());
                          return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
                        });
  c->setCacheBudgetBytes(kBudget);
  c->setPullBatchSize(kBatch);
  c->setConsumeThreadMin(1);
  c->setConsumeThreadMax(1);
  const std::string body(kBody, 'b');
  for (int q = 0; q < 4; ++q) {
    for (int i = 0; i < kPerQueue; ++i) sendTo(q, body);
  }
  c->start();
  auto* impl = c->getDefaultMQPushConsumerImpl();
  ASSERT_TRUE(waitUntil([&] { return impl->processQueueTable().size() == 5; }));
  const std::int64_t ceiling = kBudget + 5 * kBatch * kBody;
  auto topicCaches = [&] {
    std::vector<std::int64_t> out;
    for (const auto& [mq, pq] : impl->processQueueTable()) {
      if (mq.getTopic() == kTopic) out.push_back(pq->msgSize());
    }
    return out;
  };
  std::int64_t peak = 0;
  {
    CachedBytesPeak sampler(impl);
    // Each queue gets a batch (nothing is consumed: one thread, stuck)...
    ASSERT_TRUE(waitUntil([&] {
      auto sizes = topicCaches();
      return sizes.size() == 4 &&
             std::all_of(sizes.begin(), sizes.end(), [&](auto s) { return s >= kBatch * kBody; });
    })) << "a queue was starved";
    // ... and pulling stops: watched for 1 s of 50 ms flow-control retries.
    waitUntil([&] { return sampler.peak() > ceiling; }, 1s);
    peak = sampler.peak();
  }
  EXPECT_LE(peak, ceiling);
  EXPECT_GT(peak, kBudget - kBatch * kBody) << "the budget was not used";
  std::printf("cache budget %lld bytes, even load: peak cached %lld bytes (bound %lld)\n",
              static_cast<long long>(kBudget), static_cast<long long>(peak),
              static_cast<long long>(ceiling));
  release = true;
  EXPECT_TRUE(waitUntil([&] { return consumed == 4 * kPerQueue; }, 30s)) << consumed;
  c->shutdown();
}

// The skewed load that reached about twice the budget under the former
// rule: queue 0's backlog fills the budget before the other queues have
// messages, then each of them gets 30 while the listener is held (watched
// for 500 ms: the former rule let each pull to its share there, about
// 44 + 3 * 12 KiB), then consumes slowly (3 ms a message). The cache stays
// within budget + one batch per queue, and queue 0 cannot starve the
// others: their messages are all consumed while queue 0 still has a backlog.
TEST_F(PushConsumerInternalsTest, CacheBudgetBoundsASkewedLoadAndServesEveryQueue) {
  constexpr std::int64_t kBody = 1024;
  constexpr std::int64_t kBudget = 40 * kBody;
  constexpr int kBatch = 4;
  constexpr int kHot = 300;
  constexpr int kCold = 30;
  std::mutex mutex;
  std::map<int, int> consumedByQueue;
  int hotWhenColdDone = -1;  // queue 0's consumed count when the others finished
  std::atomic<bool> hold{false};
  auto c = makeConsumer("SkewedBudgetGroup",
                        [&](const std::vector<MessageExt>& msgs, ConsumeConcurrentlyContext&) {
                          while (hold) std::this_thread::sleep_for(1ms);
    std::this_thread::sleep_for(3ms * msgs.size());  // the slow listener
                          std::lock_guard lock(mutex);
                          for (const auto& m : msgs) ++consumedByQueue[m.getQueueId()];
                          if (hotWhenColdDone < 0 && consumedByQueue[1] == kCold &&
                              consumedByQueue[2] == kCold && consumedByQueue[3] == kCold) {
                            hotWhenColdDone = consumedByQueue[0];
                          }
                          return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
                        });
  c->setCacheBudgetBytes(kBudget);
  c->setPullBatchSize(kBatch);
  c->setConsumeThreadMin(1);
  c->setConsumeThreadMax(1);
  const std::string body(kBody, 'h');
  for (int i = 0; i < kHot; ++i) sendTo(0, body);
  c->start();
  auto* impl = c->getDefaultMQPushConsumerImpl();
  const std::int64_t ceiling = kBudget + 5 * kBatch * kBody;
  std::int64_t peak = 0;
  {
    CachedBytesPeak sampler(impl);
    // Queue 0 alone fills the budget (the idle queues reserve nothing).
    ASSERT_TRUE(waitUntil([&] { return sampler.peak() >= kBudget; }))
        << "queue 0 never filled the budget";
    hold = true;
    for (int q = 1; q < 4; ++q) {
      for (int i = 0; i < kCold; ++i) sendTo(q, body);
    }
    ASSERT_TRUE(waitUntil([&] {
      int fed = 0;
      for (const auto& [mq, pq] : impl->processQueueTable()) {
        if (mq.getTopic() == kTopic && mq.getQueueId() > 0 && pq->msgSize() > 0) ++fed;
      }
      return fed == 3;
    })) << "an idle queue got nothing";
    waitUntil([&] { return sampler.peak() > ceiling; }, 500ms);
    hold = false;
    ASSERT_TRUE(waitUntil(
        [&] {
          std::lock_guard lock(mutex);
          return consumedByQueue[0] == kHot && hotWhenColdDone >= 0;
        },
        60s))
        << "not everything was consumed";
    peak = sampler.peak();
  }
  EXPECT_LE(peak, ceiling);
  {
    std::lock_guard lock(mutex);
    EXPECT_LT(hotWhenColdDone, kHot) << "queue 0 starved the others";
    std::printf(
        "cache budget %lld bytes, skewed load: peak cached %lld bytes (bound %lld); queue 0 "
        "had consumed %d of %d when the other queues were done\n",
        static_cast<long long>(kBudget), static_cast<long long>(peak),
        static_cast<long long>(ceiling), hotWhenColdDone, kHot);
  }
  c->shutdown();
}

// ackIndex of a partially consumed batch: with consumeMessageBatchMaxSize 4
// and ackIndex 1, the first two messages of the batch are done and the
// other two are sent back and return with reconsumeTimes 1.
TEST_F(PushConsumerInternalsTest, AckIndexSendsBackTheRestOfABatch) {
  std::mutex mutex;
  std::vector<std::size_t> batchSizes;
  std::map<std::string, std::vector<int>> reconsumeTimes;  // body -> per delivery
  auto c = makeConsumer("AckGroup", [&](const std::vector<MessageExt>& msgs,
                                        ConsumeConcurrentlyContext& ctx) {
    std::lock_guard lock(mutex);
    batchSizes.push_back(msgs.size());
    for (const auto& m : msgs) reconsumeTimes[m.getBody()].push_back(m.getReconsumeTimes());
    if (msgs.size() == 4) ctx.setAckIndex(1);
    return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
  });
  c->setConsumeMessageBatchMaxSize(4);
  for (int i = 0; i < 4; ++i) sendTo(2, "a" + std::to_string(i));
  c->start();
  ASSERT_TRUE(waitUntil([&] {
    std::lock_guard lock(mutex);
    return reconsumeTimes["a2"].size() == 2 && reconsumeTimes["a3"].size() == 2;
  })) << "the unacknowledged messages never came back";
  std::lock_guard lock(mutex);
  ASSERT_FALSE(batchSizes.empty());
  EXPECT_EQ(batchSizes.front(), 4u);  // one pull brought the four
  EXPECT_EQ(reconsumeTimes["a0"], std::vector<int>{0});
  EXPECT_EQ(reconsumeTimes["a1"], std::vector<int>{0});
  EXPECT_EQ(reconsumeTimes["a2"], (std::vector<int>{0, 1}));
  EXPECT_EQ(reconsumeTimes["a3"], (std::vector<int>{0, 1}));
  c->shutdown();
}

// Like Java's push consumer (the corpus's scenario b), pulls carry the
// subscription's version, not the 0 the pull consumers send for tags.
TEST_F(PushConsumerInternalsTest, PullsCarryTheSubscriptionVersion) {
  std::mutex mutex;
  std::vector<std::int64_t> pulled;  // subVersion of each pull of kTopic
  brokers_[0]->remotingServer().registerProcessor(
      code::kPullMessage,
      remoting::makeProcessor([&](const remoting::RequestContext&, RemotingCommand& request) {
        auto h = remoting::decodeHeader<remoting::PullMessageRequestHeader>(request.extFields());
        if (h.ok() && h->topic == kTopic) {
          std::lock_guard lock(mutex);
          pulled.push_back(h->subVersion);
        }
        return std::optional<RemotingCommand>(
            RemotingCommand::createResponse(rc::kSystemError, "no pulls here (test)"));
      }));
  auto c = makeConsumer("SubVersionGroup", [](const std::vector<MessageExt>&,
                                              ConsumeConcurrentlyContext&) {
    return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
  });
  c->start();
  ASSERT_TRUE(waitUntil([&] {
    std::lock_guard lock(mutex);
    return pulled.size() >= 4;
  }));
  std::int64_t version = 0;
  for (const auto& sub : c->getDefaultMQPushConsumerImpl()->subscriptions()) {
    if (sub.topic == kTopic) version = sub.subVersion;
  }
  EXPECT_GT(version, 0);
  std::lock_guard lock(mutex);
  for (auto v : pulled) EXPECT_EQ(v, version);
  c->shutdown();
}

}  // namespace
}  // namespace apogee::client::testing
