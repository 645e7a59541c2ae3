#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "../broker/broker_test_util.h"
#include "../namesrv/namesrv_test_util.h"
#include "apogee/default_mq_producer.h"
#include "apogee/default_mq_push_consumer.h"
#include "namesrv/name_server.h"
#include "remoting/body/route.h"
#include "remoting/headers/route.h"
#include "support/wait.h"

namespace apogee::client::testing {

using broker::testing::BrokerTempDir;
using broker::testing::testBrokerConfig;
namespace code = remoting::RequestCode;
namespace rc = remoting::ResponseCode;
using remoting::RemotingCommand;

// Broker delay levels of one second each: a message sent back returns after
// 1 s whatever its reconsume count.
inline constexpr const char* kOneSecondDelayLevels =
    "1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s";

// A name server and `brokers` brokers (broker-a, broker-b, ...) in this
// process, on free loopback ports, registered with the name server.
class ClusterFixture : public ::testing::Test {
 protected:
  virtual int brokerCount() const { return 1; }
  virtual void configureBroker(broker::BrokerConfig&) {}

  void SetUp() override {
    namesrv::NameServerConfig nc;
    nc.listen_host = "127.0.0.1";
    nc.listen_port = 0;
    nc.io_threads = 1;
    nc.processor_threads = 2;
    namesrv_ = std::make_unique<namesrv::NameServer>(nc);
    ASSERT_TRUE(namesrv_->start().ok());
    namesrv_addr_ = "127.0.0.1:" + std::to_string(namesrv_->port());
    ASSERT_TRUE(admin_.start().ok());
    for (int i = 0; i < brokerCount(); ++i) {
      dirs_.push_back(std::make_unique<BrokerTempDir>());
      broker::BrokerConfig c = testBrokerConfig(dirs_.back()->path());
      c.brokerName = std::string("broker-") + static_cast<char>('a' + i);
      c.namesrvAddr = namesrv_addr_;
      c.maxMessageSize = 4 * 1024 * 1024;
      configureBroker(c);
      configs_.push_back(c);
      brokers_.push_back(std::make_unique<broker::BrokerController>(c));
      Status s = brokers_.back()->start();
      ASSERT_TRUE(s.ok()) << s;
      addrs_.push_back("127.0.0.1:" + std::to_string(brokers_.back()->port()));
    }
  }

  void TearDown() override {
    admin_.shutdown();
    for (auto& b : brokers_) {
      if (b) b->shutdown();
    }
    if (namesrv_) namesrv_->shutdown();
  }

  void stopBroker(int i) {
    brokers_[static_cast<std::size_t>(i)]->shutdown();
    brokers_[static_cast<std::size_t>(i)].reset();
  }

  // Stops broker `i` but keeps routing `topic` (with `queues` queues) to its
  // dead address, as a name server does until it notices a crash.
  void crashBroker(int i, const std::string& topic, int queues) {
    crashBroker(i, {{topic, 6, queues}});
  }
  // The same with several topics. The registration has no connection, so
  // only the name server's expiry scan (120 s) drops it.
  void crashBroker(int i, std::initializer_list<namesrv::testing::TopicSpec> topics) {
    stopBroker(i);
    const auto& c = configs_[static_cast<std::size_t>(i)];
    namesrv_->routeInfoManager().registerBroker(namesrv::testing::registration(
        c.brokerName, addrs_[static_cast<std::size_t>(i)], 0, 1000, topics, c.brokerClusterName));
  }

  // Starts broker `i` again (after stopBroker or crashBroker) with its old
  // configuration, port and data directory.
  void restartBroker(int i) {
    broker::BrokerConfig c = configs_[static_cast<std::size_t>(i)];
    const std::string& addr = addrs_[static_cast<std::size_t>(i)];
    c.listenPort = static_cast<std::uint16_t>(std::stoi(addr.substr(addr.rfind(':') + 1)));
    brokers_[static_cast<std::size_t>(i)] = std::make_unique<broker::BrokerController>(c);
    Status s = brokers_[static_cast<std::size_t>(i)]->start();
    ASSERT_TRUE(s.ok()) << s;
  }

  // Creates `topic` on broker `i` and waits until the name server routes it
  // with `queues` queues there.
  void createTopic(const std::string& topic, int queues = 4, int i = 0) {
    auto r = admin_.invokeSync(
        addrs_[static_cast<std::size_t>(i)],
        RemotingCommand::createRequest(code::kUpdateAndCreateTopic,
                                       {{"topic", topic},
                                        {"defaultTopic", "TBW102"},
                                        {"readQueueNums", std::to_string(queues)},
                                        {"writeQueueNums", std::to_string(queues)},
                                        {"perm", "6"},
                                        {"topicFilterType", "SINGLE_TAG"},
                                        {"topicSysFlag", "0"},
                                        {"order", "false"}}),
        std::chrono::seconds(10));
    ASSERT_TRUE(r.ok()) << r.status();
    ASSERT_EQ(r->code(), rc::kSuccess) << r->remark().value_or("");
    const std::string name = configs_[static_cast<std::size_t>(i)].brokerName;
    ASSERT_TRUE(::apogee::testing::waitUntil([&] {
      auto route = routeOf(topic);
      if (!route) return false;
      for (const auto& qd : route->queueDatas) {
        if (qd.brokerName == name && qd.writeQueueNums == queues) return true;
      }
      return false;
    })) << "name server never routed "
        << topic;
  }

  std::optional<remoting::TopicRouteData> routeOf(const std::string& topic) {
    remoting::GetRouteInfoRequestHeader h;
    h.topic = topic;
    auto r = admin_.invokeSync(
        namesrv_addr_,
        RemotingCommand::createRequest(code::kGetRouteInfoByTopic, remoting::toExtFields(h)),
        std::chrono::seconds(5));
    if (!r.ok() || r->code() != rc::kSuccess) return std::nullopt;
    auto route = remoting::TopicRouteData::fromJson(r->body().flatten());
    if (!route.ok()) return std::nullopt;
    return *route;
  }

  // A producer of `group` against this cluster, not started. Each gets its
  // own instance name, so tests do not share client instances.
  std::unique_ptr<DefaultMQProducer> makeProducer(const std::string& group) {
    auto p = std::make_unique<DefaultMQProducer>(group);
    p->setNamesrvAddr(namesrv_addr_);
    p->setClientIP("127.0.0.1");
    p->setSendMsgTimeout(std::chrono::seconds(5));
    return p;
  }

  // A push consumer of `group` on `topic` (all tags) against this cluster,
  // from the first offset, committing every 100 ms and refreshing routes
  // every 200 ms; no listener, not started.
  std::unique_ptr<DefaultMQPushConsumer> makePushConsumer(const std::string& group,
                                                          const std::string& topic) {
    auto c = std::make_unique<DefaultMQPushConsumer>(group);
    c->setNamesrvAddr(namesrv_addr_);
    c->setClientIP("127.0.0.1");
    c->setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
    c->setPersistConsumerOffsetInterval(std::chrono::milliseconds(100));
    c->setPollNameServerInterval(std::chrono::milliseconds(200));
    c->subscribe(topic, "*");
    return c;
  }

  // The stored record at `offset` of queue `queue`, pulled raw (not decoded
  // by the client), or nullopt.
  // Waits up to 10 s for the store to dispatch it.
  std::optional<std::string> pullRaw(int broker, const std::string& topic, int queue,
                                     std::int64_t offset) {
    std::optional<std::string> out;
    ::apogee::testing::waitUntil([&] {
      out = pullOnce(broker, topic, queue, offset);
      return out.has_value();
    });
    return out;
  }

  std::optional<std::string> pullOnce(int broker, const std::string& topic, int queue,
                                      std::int64_t offset) {
    remoting::PullMessageRequestHeader h;
    h.consumerGroup = "RawPuller";
    h.topic = topic;
    h.queueId = queue;
    h.queueOffset = offset;
    h.maxMsgNums = 1;
    h.sysFlag = remoting::PullSysFlag::kSubscription;
    h.subscription = "*";
    h.expressionType = "TAG";
    auto r = admin_.invokeSync(
        addrs_[static_cast<std::size_t>(broker)],
        RemotingCommand::createRequest(code::kPullMessage, remoting::toExtFields(h)),
        std::chrono::seconds(10));
    if (!r.ok() || r->code() != rc::kSuccess) return std::nullopt;
    return r->body().flatten();
  }

  std::unique_ptr<namesrv::NameServer> namesrv_;
  std::string namesrv_addr_;
  std::vector<std::unique_ptr<BrokerTempDir>> dirs_;
  std::vector<broker::BrokerConfig> configs_;
  std::vector<std::unique_ptr<broker::BrokerController>> brokers_;
  std::vector<std::string> addrs_;
  remoting::RemotingClient admin_;
};

}  // namespace apogee::client::testing
