#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>

#include "apogee/default_mq_push_consumer.h"
#include "client/consumer/default_mq_push_consumer_impl.h"
#include "broker/consumer_manager.h"
#include "client/message_codec.h"
#include "client_test_util.h"
#include "common/message/stored_message.h"
#include "remoting/body/consumer_running_info.h"

// DefaultMQPushConsumer against an in-process name server and broker.
namespace apogee::client::testing {
namespace {

using ::apogee::testing::waitUntil;
using namespace std::chrono_literals;

// What one or more listeners received; thread-safe.
struct Received {
  std::mutex mutex;
  std::map<std::string, int> bodies;  // body -> deliveries
  std::map<std::string, std::set<int>> queuesByConsumer;
  std::vector<MessageExt> msgs;

  void add(const std::string& consumer, const std::vector<MessageExt>& batch) {
    std::lock_guard lock(mutex);
    for (const auto& m : batch) {
      ++bodies[m.getBody()];
      queuesByConsumer[consumer].insert(m.getQueueId());
      msgs.push_back(m);
    }
  }
  std::size_t distinct() {
    std::lock_guard lock(mutex);
    return bodies.size();
  }
  bool hasAll(const std::string& prefix, int n) {
    std::lock_guard lock(mutex);
    for (int i = 0; i < n; ++i) {
      if (!bodies.contains(prefix + std::to_string(i))) return false;
    }
    return true;
  }
};

class PushConsumerTest : public ClusterFixture {
 protected:
  void configureBroker(broker::BrokerConfig& c) override {
    // Retries come back after 1 s (levels 3+ are what the broker picks).
    c.messageDelayLevel = kOneSecondDelayLevels;
  }
  void SetUp() override {
    ClusterFixture::SetUp();
    createTopic("PushT", 8);
    producer_ = makeProducer("PushTestProducer");
    producer_->start();
  }
  void TearDown() override {
    producer_->shutdown();
    ClusterFixture::TearDown();
  }

  std::unique_ptr<DefaultMQPushConsumer> makeConsumer(const std::string& group,
                                                      Received& received,
                                                      const std::string& name) {
    auto c = makePushConsumer(group, "PushT");
    c->registerMessageListener(
        [&received, name](const std::vector<MessageExt>& msgs, ConsumeConcurrentlyContext&) {
          received.add(name, msgs);
          return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
        });
    return c;
  }

  void send(const std::string& body, const std::string& tag = "TagA") {
    Message msg("PushT", tag, body);
    SendResult r = producer_->send(msg);
    ASSERT_EQ(r.getSendStatus(), SendStatus::SEND_OK);
  }
  void sendN(const std::string& prefix, int n) {
    for (int i = 0; i < n; ++i) send(prefix + std::to_string(i));
  }

  // Messages `c` holds for `mq` (-1 when it does not own it).
  static std::int64_t cachedIn(DefaultMQPushConsumer& c, const MessageQueue& mq) {
    auto table = c.getDefaultMQPushConsumerImpl()->processQueueTable();
    auto it = table.find(mq);
    return it == table.end() ? -1 : it->second->msgCount();
  }

  std::int64_t brokerOffset(const std::string& group, int queue) {
    auto r = admin_.invokeSync(
        addrs_[0],
        RemotingCommand::createRequest(
            code::kQueryConsumerOffset,
            {{"consumerGroup", group}, {"topic", "PushT"}, {"queueId", std::to_string(queue)}}),
        5s);
    if (!r.ok() || r->code() != rc::kSuccess) return -1;
    return std::stoll(std::string(r->extField("offset").value_or("-1")));
  }

  std::unique_ptr<DefaultMQProducer> producer_;
};

TEST_F(PushConsumerTest, IssueSnippetReceivesEveryMessage) {
  Received received;
  DefaultMQPushConsumer consumer("please_rename_unique_group_name");
  consumer.setNamesrvAddr(namesrv_addr_);
  consumer.subscribe("PushT", "*");
  consumer.registerMessageListener(
      [&](const std::vector<MessageExt>& msgs, ConsumeConcurrentlyContext& ctx) {
        received.add("c", msgs);
        (void)ctx;
        return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
      });
  consumer.start();
  // CONSUME_FROM_LAST_OFFSET: messages sent once the queues are assigned
  // arrive. A warm-up message proves the first rebalance has run (it
  // computes every queue's offset before the first pull).
  int warm = 0;
  ASSERT_TRUE(waitUntil([&] {
    send("warm" + std::to_string(warm++));
    return waitUntil([&] { return received.distinct() > 0; }, 100ms);
  }));
  sendN("m", 100);
  EXPECT_TRUE(waitUntil([&] { return received.hasAll("m", 100); }));
  consumer.shutdown();
}

TEST_F(PushConsumerTest, TwoConsumersSplitQueuesAndAThirdJoinsQuickly) {
  Received received;
  auto c1 = makeConsumer("PushSplit", received, "c1");
  auto c2 = makeConsumer("PushSplit", received, "c2");
  c1->start();
  c2->start();
  sendN("a", 200);
  ASSERT_TRUE(waitUntil([&] { return received.hasAll("a", 200); }));
  // Once both have rebalanced, new messages are split 4 + 4 queues.
  auto roundSplits = [&](const std::string& prefix, std::size_t consumers) {
    {
      std::lock_guard lock(received.mutex);
      received.queuesByConsumer.clear();
    }
    sendN(prefix, 32);
    if (!waitUntil([&] { return received.hasAll(prefix, 32); })) return false;
    std::lock_guard lock(received.mutex);
    if (received.queuesByConsumer.size() != consumers) return false;
    std::set<int> all;
    std::size_t total = 0;
    for (const auto& [name, qs] : received.queuesByConsumer) {
      total += qs.size();
      all.insert(qs.begin(), qs.end());
    }
    return total == 8 && all.size() == 8;  // disjoint and complete
  };
  int round = 0;
  ASSERT_TRUE(waitUntil([&] { return roundSplits("b" + std::to_string(round++), 2); }, 10s));

  // A third member: the broker's NOTIFY_CONSUMER_IDS_CHANGED makes the
  // others give up queues at once (the periodic rebalance is 20 s away).
  const auto joined = std::chrono::steady_clock::now();
  auto c3 = makeConsumer("PushSplit", received, "c3");
  c3->start();
  ASSERT_TRUE(waitUntil([&] { return roundSplits("c" + std::to_string(round++), 3); }, 10s));
  EXPECT_LT(std::chrono::steady_clock::now() - joined, 10s);
  c3->shutdown();
  c2->shutdown();
  c1->shutdown();
}

TEST_F(PushConsumerTest, TagFilter) {
  Received received;
  auto c = makeConsumer("PushTags", received, "c");
  c->subscribe("PushT", "TagA || TagB");
  c->start();
  for (int i = 0; i < 30; ++i) {
    send("t" + std::to_string(i), i % 3 == 0 ? "TagA" : i % 3 == 1 ? "TagB" : "TagC");
  }
  send("last", "TagB");
  // 10 TagA, 10 TagB and "last".
  ASSERT_TRUE(waitUntil([&] { return received.distinct() >= 21; }));
  std::lock_guard lock(received.mutex);
  EXPECT_TRUE(received.bodies.contains("last"));
  for (const auto& m : received.msgs) EXPECT_NE(m.getTags(), "TagC") << m.getBody();
  EXPECT_EQ(received.bodies.size(), 21u);
}

TEST_F(PushConsumerTest, ReconsumeLaterComesBackThroughRetryTopic) {
  std::mutex mutex;
  std::vector<MessageExt> deliveries;
  DefaultMQPushConsumer c("PushRetry");
  c.setNamesrvAddr(namesrv_addr_);
  c.setClientIP("127.0.0.1");
  c.setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
  c.setPollNameServerInterval(200ms);
  c.subscribe("PushT", "*");
  c.registerMessageListener([&](const std::vector<MessageExt>& msgs, ConsumeConcurrentlyContext&) {
    std::lock_guard lock(mutex);
    bool first = false;
    for (const auto& m : msgs) {
      if (m.getBody() != "retry-me") continue;
      first = m.getReconsumeTimes() == 0;
      deliveries.push_back(m);
    }
    return first ? ConsumeConcurrentlyStatus::RECONSUME_LATER
                 : ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
  });
  c.start();
  send("retry-me");
  ASSERT_TRUE(waitUntil(
      [&] {
        std::lock_guard lock(mutex);
        return deliveries.size() >= 2;
      },
      15s));
  std::lock_guard lock(mutex);
  EXPECT_EQ(deliveries[0].getReconsumeTimes(), 0);
  EXPECT_EQ(deliveries[1].getReconsumeTimes(), 1);
  EXPECT_EQ(deliveries[1].getTopic(), "PushT");  // the real topic restored
  EXPECT_EQ(deliveries[1].getProperty("RETRY_TOPIC"), "PushT");
}

TEST_F(PushConsumerTest, RestartResumesFromCommittedOffset) {
  Received first;
  {
    auto c = makeConsumer("PushRestart", first, "c");
    c->start();
    sendN("r", 40);
    ASSERT_TRUE(waitUntil([&] { return first.hasAll("r", 40); }));
    c->shutdown(3000ms);
  }
  std::int64_t committed = 0;
  for (int q = 0; q < 8; ++q) committed += std::max<std::int64_t>(0, brokerOffset("PushRestart", q));
  EXPECT_EQ(committed, 40);  // shutdown committed everything consumed
  sendN("s", 40);
  Received second;
  auto c = makeConsumer("PushRestart", second, "c");
  c->start();
  ASSERT_TRUE(waitUntil([&] { return second.hasAll("s", 40); }));
  std::lock_guard lock(second.mutex);
  EXPECT_EQ(second.bodies.size(), 40u) << "messages of the first run were delivered again";
}

// INVOKE_BROKER_TO_RESET_OFFSET (222) as mqadmin sends it; the broker tells
// the online consumers (RESET_CONSUMER_CLIENT_OFFSET, 220): the map form for
// a JAVA request, the list form (ResetOffsetBodyForC) for a CPP one.
RemotingCommand resetRequest(const std::string& group, std::int64_t timestamp,
                             remoting::LanguageCode language) {
  auto r = RemotingCommand::createRequest(code::kInvokeBrokerToResetOffset,
                                          {{"topic", "PushT"},
                                           {"group", group},
                                           {"timestamp", std::to_string(timestamp)},
                                           {"isForce", "true"}});
  r.setLanguage(language);
  return r;
}

TEST_F(PushConsumerTest, OnlineOffsetResetRedeliversFromTheResetPoint) {
  Received received;
  auto c = makeConsumer("PushReset", received, "c");
  c->start();
  sendN("r", 40);
  ASSERT_TRUE(waitUntil([&] { return received.hasAll("r", 40); }));
  auto committedTotal = [&] {
    std::int64_t committed = 0;
    for (int q = 0; q < 8; ++q) committed += std::max<std::int64_t>(0, brokerOffset("PushReset", q));
    return committed;
  };
  // The broker resets only the offsets it has: wait until every queue's
  // consumption is committed there (else it may answer "consumer group not
  // exist" for the topic).
  ASSERT_TRUE(waitUntil([&] { return committedTotal() == 40; }));
  auto deliveredAtLeast = [&](int times) {
    std::lock_guard lock(received.mutex);
    for (int i = 0; i < 40; ++i) {
      auto it = received.bodies.find("r" + std::to_string(i));
      if (it == received.bodies.end() || it->second < times) return false;
    }
    return true;
  };
  // A time before every message: every queue goes back to offset 0.
  for (auto [times, language] : {std::pair{2, remoting::LanguageCode::JAVA},
                                 std::pair{3, remoting::LanguageCode::CPP}}) {
    auto r = admin_.invokeSync(addrs_[0], resetRequest("PushReset", 1000, language), 5s);
    ASSERT_TRUE(r.ok()) << r.status().toString();
    ASSERT_EQ(r->code(), rc::kSuccess) << r->remark().value_or("");
    EXPECT_TRUE(waitUntil([&] { return deliveredAtLeast(times); }))
        << "not every message came back after reset " << times - 1;
  }
  // The consumer keeps going and commits past the reset point again.
  sendN("after", 8);
  EXPECT_TRUE(waitUntil([&] { return received.hasAll("after", 8); }));
  EXPECT_TRUE(waitUntil([&] { return committedTotal() == 48; }));
  c->shutdown(3000ms);
}

// GET_CONSUMER_RUNNING_INFO (307) as mqadmin consumerStatus sends it: the
// broker relays it to the client, which answers for the group.
TEST_F(PushConsumerTest, RunningInfoThroughTheBrokerRelay) {
  Received received;
  auto c = makeConsumer("PushInfo", received, "c");
  c->start();
  sendN("i", 16);
  ASSERT_TRUE(waitUntil([&] { return received.hasAll("i", 16); }));
  auto ask = [&](const std::string& group) {
    return admin_.invokeSync(addrs_[0],
                             RemotingCommand::createRequest(code::kGetConsumerRunningInfo,
                                                            {{"consumerGroup", group},
                                                             {"clientId", c->buildMQClientId()},
                                                             {"jstackEnable", "false"}}),
                             5s);
  };
  remoting::ConsumerRunningInfo info;
  // The commit offsets reach 16 once every queue's consumption is stored.
  ASSERT_TRUE(waitUntil([&] {
    auto r = ask("PushInfo");
    if (!r.ok() || r->code() != rc::kSuccess) return false;
    auto parsed = remoting::ConsumerRunningInfo::fromJson(r->body().flatten());
    if (!parsed.ok()) return false;
    info = std::move(parsed).value();
    std::int64_t committed = 0;
    for (const auto& [mq, q] : info.mqTable) {
      if (mq.topic == "PushT") committed += q.commitOffset;
    }
    // 8 queues of PushT and the retry queue (its route comes a little later).
    return committed == 16 && info.mqTable.size() == 9u;
  })) << "commit offsets never summed to 16 over 9 queues";

  EXPECT_EQ(info.properties["PROP_CONSUME_TYPE"], "CONSUME_PASSIVELY");
  EXPECT_EQ(info.properties["PROP_THREADPOOL_CORE_SIZE"], "20");
  EXPECT_EQ(info.properties["PROP_CONSUMEORDERLY"], "false");
  EXPECT_EQ(info.properties["PROP_NAMESERVER_ADDR"], namesrv_addr_);
  EXPECT_EQ(info.properties["consumerGroup"], "PushInfo");
  EXPECT_EQ(info.properties["messageModel"], "CLUSTERING");
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  const std::int64_t started = std::stoll(info.properties["PROP_CONSUMER_START_TIMESTAMP"]);
  EXPECT_LE(started, now);
  EXPECT_GT(started, now - 60000);

  std::set<std::string> topics;
  for (const auto& sub : info.subscriptionSet) topics.insert(sub.topic);
  EXPECT_EQ(topics, (std::set<std::string>{"%RETRY%PushInfo", "PushT"}));

  EXPECT_EQ(info.mqTable.size(), 9u);  // 8 queues of PushT and the retry queue
  for (const auto& [mq, q] : info.mqTable) {
    EXPECT_FALSE(q.droped);
    // Rebalance handover (on by default in clustering) holds each queue's
    // broker lock, and running info reports the process queue's lock state.
    EXPECT_TRUE(q.locked);
    EXPECT_EQ(q.cachedMsgCount, 0) << mq.topic << " " << mq.queueId;
    EXPECT_LE(q.lastPullTimestamp, now + 1000);
    EXPECT_GT(q.lastPullTimestamp, now - 60000);
    EXPECT_GT(q.lastLockTimestamp, now - 60000);
  }
  // The shape the corpus shows: queue objects as map keys, Java's names.
  auto r = ask("PushInfo");
  ASSERT_TRUE(r.ok());
  const std::string body = r->body().flatten();
  EXPECT_TRUE(body.starts_with("{\"mqTable\":{{\"brokerName\":\"broker-a\",\"queueId\":0,"))
      << body.substr(0, 200);
  for (const char* key : {"\"cachedMsgSizeInMiB\":", "\"tryUnlockTimes\":", "\"droped\":",
                          "\"lastConsumeTimestamp\":", "\"subscriptionSet\":[",
                          "\"statusTable\":{"}) {
    EXPECT_NE(body.find(key), std::string::npos) << key;
  }

  // A group this client does not have: the client's error, relayed.
  r = ask("NoSuchGroup");
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->code(), rc::kSuccess);
  c->shutdown(3000ms);
}

// CONSUME_MESSAGE_DIRECTLY (309), sent over the consumer's connection as a
// broker sends it: the listener runs on the message, the answer is a
// ConsumeMessageDirectlyResult.
TEST_F(PushConsumerTest, ConsumeMessageDirectlyRunsTheListener) {
  Received received;
  auto c = makeConsumer("PushDirect", received, "c");
  c->start();
  std::optional<broker::ClientChannelInfo> client;
  ASSERT_TRUE(waitUntil([&] {
    client = brokers_[0]->consumerManager().findChannel("PushDirect", c->buildMQClientId());
    return client.has_value();
  }));
  Message original("PushT", "TagA", "direct-body");
  const std::string props = encodeProperties(original);
  message::StoredMessage m;
  m.queueId = 2;
  m.queueOffset = 7;
  m.bornTimestamp = 1000;
  m.storeTimestamp = 2000;
  m.bornHost = message::HostAddress::ipv4(127, 0, 0, 1, 5555);
  m.storeHost = message::HostAddress::ipv4(127, 0, 0, 1, 10911);
  m.body = original.getBody();
  m.bodyCrc = message::bodyCrc32(m.body);
  m.topic = "PushT";
  m.properties = props;
  auto directly = [&](const std::string& group) {
    auto req = RemotingCommand::createRequest(
        code::kConsumeMessageDirectly,
        {{"consumerGroup", group}, {"clientId", c->buildMQClientId()}, {"brokerName", "broker-a"}});
    req.setBody(message::encodeStoredMessage(m));
    return client->channel->invokeSync(std::move(req), 5s);
  };
  auto r = directly("PushDirect");
  ASSERT_TRUE(r.ok()) << r.status().toString();
  ASSERT_EQ(r->code(), rc::kSuccess) << r->remark().value_or("");
  const std::string body = r->body().flatten();
  EXPECT_TRUE(body.starts_with(
      "{\"autoCommit\":true,\"consumeResult\":\"CR_SUCCESS\",\"order\":false,\"spentTimeMills\":"))
      << body;
  {
    std::lock_guard lock(received.mutex);
    ASSERT_EQ(received.bodies["direct-body"], 1);
    auto it = std::find_if(received.msgs.begin(), received.msgs.end(),
                           [](const MessageExt& x) { return x.getBody() == "direct-body"; });
    ASSERT_NE(it, received.msgs.end());
    EXPECT_EQ(it->getQueueId(), 2);
    EXPECT_EQ(it->getTags(), "TagA");
  }
  r = directly("NoSuchGroup");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->code(), rc::kSystemError);
  EXPECT_EQ(r->remark().value_or(""), "The Consumer Group <NoSuchGroup> not exist in this consumer");
  c->shutdown(3000ms);
}

TEST_F(PushConsumerTest, BroadcastingEveryConsumerGetsEverything) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("apogee_push_bcast_" + std::to_string(::getpid()));
  Received r1;
  Received r2;
  auto c1 = makeConsumer("PushBcast", r1, "c1");
  auto c2 = makeConsumer("PushBcast", r2, "c2");
  for (auto* c : {c1.get(), c2.get()}) {
    c->setMessageModel(MessageModel::BROADCASTING);
    c->setLocalOffsetStoreDir(dir.string());
  }
  c1->setInstanceName("b1");
  c2->setInstanceName("b2");
  c1->start();
  c2->start();
  sendN("x", 50);
  EXPECT_TRUE(waitUntil([&] { return r1.hasAll("x", 50) && r2.hasAll("x", 50); }));
  c1->shutdown();
  c2->shutdown();
  std::filesystem::remove_all(dir);
}

TEST_F(PushConsumerTest, BlockedListenerStopsPullingAtThreshold) {
  std::atomic<bool> release{false};
  std::atomic<int> calls{0};
  DefaultMQPushConsumer c("PushFlow");
  c.setNamesrvAddr(namesrv_addr_);
  c.setClientIP("127.0.0.1");
  c.setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
  c.setConsumeThreadMin(1);
  c.setConsumeThreadMax(1);
  c.setPullThresholdForQueue(10);
  c.setPullBatchSize(5);
  c.subscribe("PushT", "*");
  c.registerMessageListener([&](const std::vector<MessageExt>&, ConsumeConcurrentlyContext&) {
    ++calls;
    while (!release) std::this_thread::sleep_for(1ms);
    return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
  });
  for (int i = 0; i < 30; ++i) {
    Message msg("PushT", "TagA", "f" + std::to_string(i));
    SendResult r = producer_->send(msg, MessageQueue("PushT", "broker-a", 0));
    ASSERT_EQ(r.getSendStatus(), SendStatus::SEND_OK);
  }
  c.start();
  ASSERT_TRUE(waitUntil([&] { return calls > 0; }));
  const MessageQueue q0("PushT", "broker-a", 0);
  auto cached = [&] { return cachedIn(c, q0); };
  // The listener is stuck on the first message: pulls go on while the queue
  // caches at most 10, so the cache stops above 10 and at most one batch of
  // 5 past it (15 when every pull is full; less when the broker had not yet
  // dispatched all 30 to the queue at the first pull).
  ASSERT_TRUE(waitUntil([&] { return cached() > 10; }));
  std::this_thread::sleep_for(200ms);  // the last answer's put completes
  const std::int64_t stopped = cached();
  std::this_thread::sleep_for(300ms);  // room for a pull that should not happen
  EXPECT_EQ(cached(), stopped);
  EXPECT_LE(stopped, 15);
  EXPECT_EQ(calls.load(), 1);
  {
    auto table = c.getDefaultMQPushConsumerImpl()->processQueueTable();
    auto kept = table.at(q0)->keptMessages();
    ASSERT_EQ(static_cast<std::int64_t>(kept.size()), stopped);
    for (std::size_t i = 0; i < kept.size(); ++i)
      EXPECT_EQ(kept[i].getQueueOffset(), static_cast<std::int64_t>(i));
  }
  release = true;
  EXPECT_TRUE(waitUntil([&] { return calls.load() == 30; }));
  c.shutdown(3000ms);
}

TEST_F(PushConsumerTest, TopicThresholdIsDividedAmongOwnedQueues) {
  std::atomic<bool> release{false};
  DefaultMQPushConsumer c("PushTopicFlow");
  c.setNamesrvAddr(namesrv_addr_);
  c.setClientIP("127.0.0.1");
  c.setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
  c.setConsumeThreadMin(1);
  c.setConsumeThreadMax(1);
  c.setPullThresholdForTopic(16);  // 8 queues owned: 2 per queue
  c.setPullBatchSize(5);
  c.subscribe("PushT", "*");
  c.registerMessageListener([&](const std::vector<MessageExt>&, ConsumeConcurrentlyContext&) {
    while (!release) std::this_thread::sleep_for(1ms);
    return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
  });
  for (int i = 0; i < 30; ++i) {
    Message msg("PushT", "TagA", "tf" + std::to_string(i));
    ASSERT_EQ(producer_->send(msg, MessageQueue("PushT", "broker-a", 0)).getSendStatus(),
              SendStatus::SEND_OK);
  }
  c.start();
  const MessageQueue q0("PushT", "broker-a", 0);
  auto cached = [&] { return cachedIn(c, q0); };
  ASSERT_TRUE(waitUntil([&] { return cached() > 2; }));
  std::this_thread::sleep_for(200ms);  // the last answer's put completes
  const std::int64_t stopped = cached();
  std::this_thread::sleep_for(300ms);  // room for a pull that should not happen
  EXPECT_EQ(cached(), stopped);
  // As in RocketMQ, the division happens after the rebalance dispatched the
  // first pulls, so one or two pulls may still run under the old limit;
  // with pullThresholdForQueue (1000) all 30 would be cached.
  EXPECT_LE(stopped, 2 + 2 * 5);
  release = true;
  c.shutdown(3000ms);
}

TEST_F(PushConsumerTest, SuspendStopsDeliveriesAndResumeRestartsThem) {
  Received received;
  auto c = makeConsumer("PushSuspend", received, "c");
  c->start();
  send("before");
  ASSERT_TRUE(waitUntil([&] { return received.distinct() == 1; }));
  c->suspend();
  // Pulls the broker already holds still answer (as in RocketMQ): one
  // message per queue (round robin) uses them up; then nothing is pulled.
  sendN("held", 8);
  std::this_thread::sleep_for(1500ms);  // more than the 1 s re-check period
  const std::size_t before = received.distinct();
  sendN("during", 8);
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(received.distinct(), before) << "delivered while suspended";
  c->resume();
  EXPECT_TRUE(waitUntil([&] { return received.hasAll("held", 8) && received.hasAll("during", 8); }));
}

TEST_F(PushConsumerTest, ThrowingListenerCountsAsReconsumeLater) {
  std::mutex mutex;
  std::vector<int> reconsumeTimes;
  DefaultMQPushConsumer c("PushThrow");
  c.setNamesrvAddr(namesrv_addr_);
  c.setClientIP("127.0.0.1");
  c.setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
  c.subscribe("PushT", "*");
  c.registerMessageListener([&](const std::vector<MessageExt>& msgs, ConsumeConcurrentlyContext&) {
    std::lock_guard lock(mutex);
    reconsumeTimes.push_back(msgs.at(0).getReconsumeTimes());
    if (msgs.at(0).getReconsumeTimes() == 0) throw std::runtime_error("listener bug");
    return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
  });
  c.start();
  send("boom");
  ASSERT_TRUE(waitUntil(
      [&] {
        std::lock_guard lock(mutex);
        return reconsumeTimes.size() >= 2;
      },
      15s));
  std::lock_guard lock(mutex);
  EXPECT_EQ(reconsumeTimes[0], 0);
  EXPECT_EQ(reconsumeTimes[1], 1);
}

TEST_F(PushConsumerTest, ShutdownWaitsForListenersInFlightAndCommitsTheirOffsets) {
  std::atomic<bool> inListener{false};
  std::atomic<bool> finished{false};
  DefaultMQPushConsumer c("PushDrain");
  c.setNamesrvAddr(namesrv_addr_);
  c.setClientIP("127.0.0.1");
  c.setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
  c.subscribe("PushT", "*");
  c.registerMessageListener([&](const std::vector<MessageExt>&, ConsumeConcurrentlyContext&) {
    inListener = true;
    std::this_thread::sleep_for(300ms);  // a slow listener
    finished = true;
    return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
  });
  c.start();
  Message msg("PushT", "TagA", "slow");
  ASSERT_EQ(producer_->send(msg, MessageQueue("PushT", "broker-a", 3)).getSendStatus(),
            SendStatus::SEND_OK);
  ASSERT_TRUE(waitUntil([&] { return inListener.load(); }));
  c.shutdown(5000ms);
  EXPECT_TRUE(finished.load());
  EXPECT_EQ(brokerOffset("PushDrain", 3), 1);  // committed after the listener ended
}

TEST_F(PushConsumerTest, DuplicateGroupInOneInstanceFailsStart) {
  Received received;
  auto c1 = makeConsumer("PushDup", received, "c1");
  auto c2 = makeConsumer("PushDup", received, "c2");
  c1->setInstanceName("same");
  c2->setInstanceName("same");
  c1->setMessageModel(MessageModel::BROADCASTING);  // keeps the instance name
  c2->setMessageModel(MessageModel::BROADCASTING);
  const auto dir =
      std::filesystem::temp_directory_path() / ("apogee_push_dup_" + std::to_string(::getpid()));
  c1->setLocalOffsetStoreDir(dir.string());
  c2->setLocalOffsetStoreDir(dir.string());
  c1->start();
  try {
    c2->start();
    FAIL() << "second start of one group in one instance succeeded";
  } catch (const MQClientException& e) {
    EXPECT_NE(std::string(e.what()).find("PushDup"), std::string::npos) << e.what();
  }
  c1->shutdown();
  std::filesystem::remove_all(dir);
}

TEST_F(PushConsumerTest, ConfigMistakesFailStart) {
  {
    DefaultMQPushConsumer c("PushBad");
    c.setNamesrvAddr(namesrv_addr_);
    c.subscribe("PushT", "*");
    EXPECT_THROW(c.start(), MQClientException);  // no listener
  }
  {
    DefaultMQPushConsumer c("PushBad");
    c.registerMessageListener(
        [](const std::vector<MessageExt>&, ConsumeConcurrentlyContext&) {
          return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
        });
    c.setPullThresholdForQueue(0);
    EXPECT_THROW(c.start(), MQClientException);
  }
  {
    DefaultMQPushConsumer c("");
    EXPECT_THROW(c.start(), MQClientException);
  }
  {
    DefaultMQPushConsumer c("PushBad");
    c.registerMessageListener(
        [](const std::vector<MessageExt>&, ConsumeConcurrentlyContext&) {
          return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
        });
    c.setConsumeThreadMin(30);  // above consumeThreadMax (20)
    EXPECT_THROW(c.start(), MQClientException);
  }
}

}  // namespace
}  // namespace apogee::client::testing
