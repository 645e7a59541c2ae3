#include <atomic>
#include <map>
#include <mutex>
#include <set>

#include "apogee/message_client_id_setter.h"
#include "client/compression.h"
#include "client/message_codec.h"
#include "client/mq_client_instance.h"
#include "client_test_util.h"
#include "common/message/stored_message.h"

namespace apogee::client::testing {
namespace {

using ::apogee::testing::waitUntil;

class ProducerTest : public ClusterFixture {};

TEST_F(ProducerTest, SyncSendRoundRobinsOverQueues) {
  createTopic("SyncT", 4);
  auto producer = makeProducer("SyncGroup");
  producer->start();
  std::set<int> queues;
  for (int i = 0; i < 8; ++i) {
    Message msg("SyncT", "TagA", "key-" + std::to_string(i), "hello " + std::to_string(i));
    SendResult r = producer->send(msg);
    EXPECT_EQ(r.getSendStatus(), SendStatus::SEND_OK);
    EXPECT_EQ(r.getMsgId(), MessageClientIDSetter::getUniqID(msg));
    EXPECT_EQ(r.getMsgId().size(), 32u);
    EXPECT_EQ(decodeMessageId(r.getOffsetMsgId()).address, addrs_[0]);
    EXPECT_EQ(r.getMessageQueue().getTopic(), "SyncT");
    EXPECT_EQ(r.getMessageQueue().getBrokerName(), "broker-a");
    queues.insert(r.getMessageQueue().getQueueId());
  }
  EXPECT_EQ(queues.size(), 4u);
}

TEST_F(ProducerTest, AsyncSendCallsBackOncePerMessage) {
  createTopic("AsyncT", 4);
  auto producer = makeProducer("AsyncGroup");
  producer->start();
  std::atomic<int> ok{0};
  std::atomic<int> failed{0};
  for (int i = 0; i < 50; ++i) {
    producer->send(
        Message("AsyncT", "TagB", "async body"),
        [&](const SendResult& r) {
          if (r.getSendStatus() == SendStatus::SEND_OK) ++ok;
        },
        [&](const MQClientException&) { ++failed; });
  }
  ASSERT_TRUE(waitUntil([&] { return ok + failed == 50; }));
  EXPECT_EQ(ok, 50);
}

TEST_F(ProducerTest, OnewayMessagesArrive) {
  createTopic("OnewayT", 1);
  auto producer = makeProducer("OnewayGroup");
  producer->start();
  for (int i = 0; i < 5; ++i) {
    Message msg("OnewayT", "x");
    producer->sendOneway(msg);
    EXPECT_EQ(msg.getBody(), "x");  // the caller's message is left intact
  }
  auto instance = MQClientManager::getInstance().getOrCreateMQClientInstance(*producer);
  ASSERT_TRUE(waitUntil([&] {
    auto max = instance->getMQClientAPIImpl().getMaxOffset(addrs_[0], "OnewayT", 0,
                                                           std::chrono::seconds(3));
    return max.ok() && *max == 5;
  }));
}

TEST_F(ProducerTest, BatchIsOneRequestWithOneIdPerMessage) {
  createTopic("BatchT", 1);
  auto producer = makeProducer("BatchGroup");
  producer->start();
  std::vector<Message> batch;
  for (int i = 0; i < 3; ++i)
    batch.emplace_back("BatchT", "TagE", "key-" + std::to_string(i), "b" + std::to_string(i));
  SendResult r = producer->send(batch);
  EXPECT_EQ(r.getSendStatus(), SendStatus::SEND_OK);
  EXPECT_EQ(std::count(r.getMsgId().begin(), r.getMsgId().end(), ','), 2);
  EXPECT_EQ(std::count(r.getOffsetMsgId().begin(), r.getOffsetMsgId().end(), ','), 2);
  EXPECT_EQ(r.getQueueOffset(), 0);
  for (int i = 0; i < 3; ++i) {
    auto raw = pullRaw(0, "BatchT", 0, i);
    ASSERT_TRUE(raw.has_value());
    auto msgs = decodeMessages(*raw, true);
    ASSERT_TRUE(msgs.ok());
    ASSERT_EQ(msgs->size(), 1u);
    EXPECT_EQ((*msgs)[0].getBody(), "b" + std::to_string(i));
    EXPECT_EQ((*msgs)[0].getMsgId(),
              MessageClientIDSetter::getUniqID(batch[static_cast<std::size_t>(i)]));
  }
}

TEST_F(ProducerTest, BatchRulesAreChecked) {
  auto producer = makeProducer("BatchRules");
  producer->start();
  std::vector<Message> mixed{Message("A", "x"), Message("B", "y")};
  EXPECT_THROW(producer->send(mixed), MQClientException);
  std::vector<Message> delayed{Message("A", "x")};
  delayed[0].setDelayTimeLevel(2);
  EXPECT_THROW(producer->send(delayed), MQClientException);
}

TEST_F(ProducerTest, SelectorPicksTheQueue) {
  createTopic("OrderT", 4);
  auto producer = makeProducer("OrderGroup");
  producer->start();
  MessageQueueSelector by_key = [](const std::vector<MessageQueue>& mqs, const Message&,
                                   const std::any& arg) {
    return mqs[static_cast<std::size_t>(std::any_cast<int>(arg)) % mqs.size()];
  };
  for (int order = 0; order < 8; ++order) {
    Message msg("OrderT", "TagD", "ordered");
    SendResult r = producer->send(msg, by_key, std::any(order));
    EXPECT_EQ(r.getMessageQueue().getQueueId(), order % 4);
  }
  Message direct("OrderT", "direct");
  EXPECT_EQ(
      producer->send(direct, MessageQueue("OrderT", "broker-a", 2)).getMessageQueue().getQueueId(),
      2);
}

TEST_F(ProducerTest, UnknownTopicIsAClearError) {
  auto producer = makeProducer("UnknownGroup");
  producer->start();
  Message msg("NoSuchTopic", "x");
  try {
    producer->send(msg);
    FAIL() << "send to an unknown topic succeeded";
  } catch (const MQClientException& e) {
    EXPECT_NE(e.getErrorMessage().find("No route info of this topic: NoSuchTopic"),
              std::string::npos)
        << e.what();
  }
  // Async: the route lookup runs on the async sender thread; the error
  // arrives through the exception callback, once.
  std::atomic<int> calls{0};
  std::atomic<bool> no_route{false};
  producer->send(
      Message("NoSuchTopic", "x"), [&](const SendResult&) { ++calls; },
      [&](const MQClientException& e) {
        no_route = e.getErrorMessage().find("No route info") != std::string::npos;
        ++calls;
      });
  ASSERT_TRUE(waitUntil([&] { return calls == 1; }));
  EXPECT_TRUE(no_route);
}

TEST_F(ProducerTest, JsonHeadersWorkToo) {
  createTopic("JsonT", 1);
  auto producer = makeProducer("JsonGroup");
  producer->setSerializeType(SerializeType::JSON);
  producer->start();
  Message msg("JsonT", "TagJ", "json body");
  EXPECT_EQ(producer->send(msg).getSendStatus(), SendStatus::SEND_OK);
  auto raw = pullRaw(0, "JsonT", 0, 0);
  ASSERT_TRUE(raw.has_value());
  EXPECT_EQ(message::decodeStoredMessage(*raw, true)->body, "json body");
}

TEST_F(ProducerTest, DeadNameServerInTheListIsSkipped) {
  createTopic("NsFailT", 1);
  auto producer = makeProducer("NsFailGroup");
  producer->setNamesrvAddr("127.0.0.1:1;" + namesrv_addr_);
  producer->start();
  Message msg("NsFailT", "x");
  EXPECT_EQ(producer->send(msg).getSendStatus(), SendStatus::SEND_OK);
}

TEST_F(ProducerTest, OversizedBodyIsRejectedBeforeSending) {
  auto producer = makeProducer("SizeGroup");
  producer->start();
  Message msg("AnyTopic", std::string(4 * 1024 * 1024 + 1, 'x'));
  try {
    producer->send(msg);
    FAIL() << "oversized body accepted";
  } catch (const MQClientException& e) {
    EXPECT_EQ(e.getResponseCode(), 13);
    EXPECT_NE(e.getErrorMessage().find("the message body size over max value"), std::string::npos);
  }
  Message empty("AnyTopic", "");
  EXPECT_THROW(producer->send(empty), MQClientException);
  Message bad_topic("bad topic!", "x");
  EXPECT_THROW(producer->send(bad_topic), MQClientException);
}

TEST_F(ProducerTest, LargeBodiesAreCompressedAndComeBackIntact) {
  createTopic("ZipT", 1);
  auto producer = makeProducer("ZipGroup");
  producer->start();
  std::string body;
  for (int i = 0; body.size() < 6144; ++i)
    body += "line " + std::to_string(i) + " of a compressible body\n";
  Message msg("ZipT", "TagG", body);
  ASSERT_EQ(producer->send(msg).getSendStatus(), SendStatus::SEND_OK);
  EXPECT_EQ(msg.getBody(), body);  // the caller's message keeps its body
  auto raw = pullRaw(0, "ZipT", 0, 0);
  ASSERT_TRUE(raw.has_value());
  auto record = message::decodeStoredMessage(*raw, true);
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(record->sysFlag & 0x301, 0x301);  // compressed, zlib type
  EXPECT_LT(record->body.size(), body.size());
  auto inflated = zlibUncompress(record->body, 1 << 20);
  ASSERT_TRUE(inflated.ok());
  EXPECT_EQ(*inflated, body);
  auto decoded = decodeMessages(*raw, true);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ((*decoded)[0].getBody(), body);
  EXPECT_EQ((*decoded)[0].getSysFlag() & 1, 0);
  // Small bodies are not compressed.
  Message small("ZipT", "TagG", "small");
  producer->send(small);
  auto raw_small = pullRaw(0, "ZipT", 0, 1);
  ASSERT_TRUE(raw_small.has_value());
  EXPECT_EQ(message::decodeStoredMessage(*raw_small, true)->sysFlag & 1, 0);
}

TEST_F(ProducerTest, RouteRefreshSeesNewQueues) {
  createTopic("GrowT", 2);
  auto producer = makeProducer("GrowGroup");
  producer->setPollNameServerInterval(std::chrono::milliseconds(100));
  producer->start();
  Message first("GrowT", "x");
  EXPECT_LT(producer->send(first).getMessageQueue().getQueueId(), 2);
  createTopic("GrowT", 8);
  // The periodic refresh (not a send) brings the new queues.
  EXPECT_TRUE(waitUntil([&] {
    Message m("GrowT", "x");
    return producer->send(m).getMessageQueue().getQueueId() >= 2;
  }));
}

TEST_F(ProducerTest, TopicCreatedAfterAFailedSendBecomesUsable) {
  auto producer = makeProducer("LateGroup");
  producer->setPollNameServerInterval(std::chrono::milliseconds(100));
  producer->start();
  Message msg("LateT", "x");
  EXPECT_THROW(producer->send(msg), MQClientException);
  createTopic("LateT", 2);
  EXPECT_EQ(producer->send(msg).getSendStatus(), SendStatus::SEND_OK);
}

TEST_F(ProducerTest, DuplicateGroupInOneInstanceIsRejected) {
  auto a = makeProducer("DupGroup");
  a->setInstanceName("shared");
  a->start();
  auto b = makeProducer("DupGroup");
  b->setInstanceName("shared");
  try {
    b->start();
    FAIL() << "second producer of one group started";
  } catch (const MQClientException& e) {
    EXPECT_NE(e.getErrorMessage().find("has been created before"), std::string::npos);
  }
  a->shutdown();
  // The instance went away with its last user.
  auto again = makeProducer("DupGroup");
  again->setInstanceName("shared");
  EXPECT_NO_THROW(again->start());
}

TEST_F(ProducerTest, DefaultGroupIsRefusedAsInRocketMQ) {
  auto p = makeProducer("DEFAULT_PRODUCER");
  EXPECT_THROW(p->start(), MQClientException);
}

TEST_F(ProducerTest, NamespaceWrapsTheTopicOnTheWire) {
  createTopic("ns1%NsT", 1);
  auto producer = makeProducer("NsGroup");
  producer->setNamespace("ns1");
  producer->start();
  Message msg("NsT", "x");
  SendResult r = producer->send(msg);
  EXPECT_EQ(r.getMessageQueue().getTopic(), "NsT");
  auto raw = pullRaw(0, "ns1%NsT", 0, 0);
  ASSERT_TRUE(raw.has_value());
  EXPECT_EQ(message::decodeStoredMessage(*raw, true)->topic, "ns1%NsT");
}

class AutoCreateTest : public ClusterFixture {
 protected:
  void configureBroker(broker::BrokerConfig& c) override { c.autoCreateTopicEnable = true; }
};

TEST_F(AutoCreateTest, UnknownTopicIsSentWithTheDefaultTopicRoute) {
  ASSERT_TRUE(waitUntil([&] { return routeOf("TBW102").has_value(); }));
  auto producer = makeProducer("AutoGroup");
  producer->start();
  Message msg("AutoT", "x");
  SendResult r = producer->send(msg);
  EXPECT_EQ(r.getSendStatus(), SendStatus::SEND_OK);
  EXPECT_LT(r.getMessageQueue().getQueueId(), 4);  // defaultTopicQueueNums
  ASSERT_TRUE(waitUntil([&] { return routeOf("AutoT").has_value(); }));
  EXPECT_EQ(routeOf("AutoT")->queueDatas.at(0).writeQueueNums, 4);
}

class TwoBrokerTest : public ClusterFixture {
 protected:
  int brokerCount() const override { return 2; }
};

TEST_F(TwoBrokerTest, SyncSendRetriesOnTheOtherBrokerWhenOneIsDown) {
  createTopic("RetryT", 2, 0);
  createTopic("RetryT", 2, 1);
  auto producer = makeProducer("RetryGroup");
  producer->setSendMsgTimeout(std::chrono::seconds(10));
  producer->start();
  Message warm("RetryT", "warm");
  producer->send(warm);  // caches the route with both brokers
  crashBroker(1, "RetryT", 2);
  // Whatever refresh ran meanwhile, the route names the dead broker again.
  ASSERT_EQ(producer->fetchPublishMessageQueues("RetryT").size(), 4u);
  std::set<std::string> brokers;
  for (int i = 0; i < 10; ++i) {
    Message msg("RetryT", "after-stop");
    SendResult r = producer->send(msg);
    EXPECT_EQ(r.getSendStatus(), SendStatus::SEND_OK);
    brokers.insert(r.getMessageQueue().getBrokerName());
  }
  EXPECT_EQ(brokers, std::set<std::string>{"broker-a"});
}

TEST_F(TwoBrokerTest, AsyncSendRetriesOnTheOtherBrokerWhenOneIsDown) {
  createTopic("RetryAT", 2, 0);
  createTopic("RetryAT", 2, 1);
  auto producer = makeProducer("RetryAGroup");
  producer->setSendMsgTimeout(std::chrono::seconds(10));
  producer->start();
  Message warm("RetryAT", "warm");
  producer->send(warm);
  crashBroker(1, "RetryAT", 2);
  // Whatever refresh ran meanwhile, the route names the dead broker again.
  ASSERT_EQ(producer->fetchPublishMessageQueues("RetryAT").size(), 4u);
  std::atomic<int> ok{0};
  std::atomic<int> failed{0};
  for (int i = 0; i < 10; ++i) {
    producer->send(
        Message("RetryAT", "after-stop"), [&](const SendResult&) { ++ok; },
        [&](const MQClientException&) { ++failed; });
  }
  ASSERT_TRUE(waitUntil([&] { return ok + failed == 10; }));
  EXPECT_EQ(ok, 10);
}

TEST_F(TwoBrokerTest, NoRetriesMeansFailuresReachTheCaller) {
  createTopic("NoRetryT", 1, 0);
  createTopic("NoRetryT", 1, 1);
  auto producer = makeProducer("NoRetryGroup");
  producer->setRetryTimesWhenSendFailed(0);
  producer->start();
  Message warm("NoRetryT", "warm");
  producer->send(warm);
  crashBroker(1, "NoRetryT", 1);
  // Whatever refresh ran meanwhile, the route names the dead broker again.
  ASSERT_EQ(producer->fetchPublishMessageQueues("NoRetryT").size(), 2u);
  int failures = 0;
  for (int i = 0; i < 4; ++i) {
    Message msg("NoRetryT", "x");
    try {
      producer->send(msg);
    } catch (const MQClientException& e) {
      ++failures;
      EXPECT_NE(e.getErrorMessage().find("Send [1] times"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(failures, 2);  // round robin: every other message went to broker-b
}

}  // namespace
}  // namespace apogee::client::testing
