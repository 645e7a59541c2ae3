#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <deque>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "broker/broker_config.h"
#include "broker/broker_controller.h"
#include "common/message/big_endian.h"
#include "common/message/properties.h"
#include "common/message/stored_message.h"
#include "remoting/body/heartbeat.h"
#include "remoting/headers/pull.h"
#include "remoting/headers/send.h"
#include "remoting/request_code.h"
#include "remoting/response_code.h"
#include "remoting/transport/remoting_client.h"
#include "store/default_message_store.h"
#include "support/temp_dir.h"

namespace apogee::broker::testing {

namespace code = remoting::RequestCode;
namespace rc = remoting::ResponseCode;
using remoting::RemotingCommand;

class BrokerTempDir : public apogee::testing::TempDir {
 public:
  BrokerTempDir() : TempDir("apogee-broker") {}
};

// A broker configuration for tests: loopback, a free port, small files.
inline BrokerConfig testBrokerConfig(const std::filesystem::path& dir) {
  BrokerConfig c;
  c.listenHost = "127.0.0.1";
  c.listenPort = 0;
  c.brokerIP1 = "127.0.0.1";
  c.storePathRootDir = dir;
  c.maxMessageSize = 256 * 1024;
  c.ioThreads = 1;
  c.sendThreads = 2;
  c.pullThreads = 2;
  c.adminThreads = 2;
  c.store.mappedFileSizeCommitLog = 8 * 1024 * 1024;
  c.store.consumeQueueEntriesPerFile = 4096;
  c.store.maxHashSlotNum = 1024;
  c.store.maxIndexNum = 4096;
  c.store.flushIntervalCommitLog = std::chrono::milliseconds(50);
  c.store.flushIntervalConsumeQueue = std::chrono::milliseconds(50);
  c.messageDelayLevel = "1s 2s 3s";
  return c;
}

// A running broker plus a client talking to it.
class BrokerFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = testBrokerConfig(dir_.path());
    configure(config_);
    startBroker();
    ASSERT_TRUE(client_.start().ok());
  }
  void TearDown() override {
    client_.shutdown();
    if (broker_) broker_->shutdown();
  }
  // Lets a test change the configuration before the broker starts.
  virtual void configure(BrokerConfig&) {}

  void startBroker() {
    broker_ = std::make_unique<BrokerController>(config_);
    Status s = broker_->start();
    ASSERT_TRUE(s.ok()) << s;
    addr_ = "127.0.0.1:" + std::to_string(broker_->port());
  }
  void restartBroker() {
    broker_->shutdown();
    broker_.reset();
    startBroker();
  }

  RemotingCommand call(RemotingCommand request, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto r = client_.invokeSync(addr_, std::move(request), timeout);
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok()) return RemotingCommand::createResponse(-1, r.status().toString());
    return std::move(*r);
  }

  // Sends are visible to pulls once the store has dispatched them.
  void waitDispatched() {
    ASSERT_TRUE(broker_->messageStore().waitDispatched(std::chrono::seconds(10)));
  }

  static RemotingCommand request(int c, remoting::ExtFields fields = {}) {
    return RemotingCommand::createRequest(c, std::move(fields));
  }

  void createTopic(const std::string& topic, int queues = 4, int perm = 6) {
    auto r = call(request(code::kUpdateAndCreateTopic,
                          {{"topic", topic}, {"defaultTopic", "TBW102"},
                           {"readQueueNums", std::to_string(queues)},
                           {"writeQueueNums", std::to_string(queues)},
                           {"perm", std::to_string(perm)}, {"topicFilterType", "SINGLE_TAG"},
                           {"topicSysFlag", "0"}, {"order", "false"}}));
    ASSERT_EQ(r.code(), rc::kSuccess) << r.remark().value_or("");
  }

  static remoting::SendMessageRequestHeaderV2 sendHeader(const std::string& topic, int queue,
                                                         const std::string& properties = "") {
    remoting::SendMessageRequestHeaderV2 h;
    h.a = "TestProducer";
    h.b = topic;
    h.c = "TBW102";
    h.d = 4;
    h.e = queue;
    h.g = 1700000000000;
    if (!properties.empty()) h.i = properties;
    h.j = 0;
    return h;
  }

  RemotingCommand send(const std::string& topic, int queue, const std::string& body,
                       const std::string& properties = "") {
    auto req = request(code::kSendMessageV2, remoting::toExtFields(sendHeader(topic, queue, properties)));
    req.setBody(body);
    return call(std::move(req));
  }

  static remoting::PullMessageRequestHeader pullHeader(const std::string& group,
                                                       const std::string& topic, int queue,
                                                       std::int64_t offset) {
    remoting::PullMessageRequestHeader h;
    h.consumerGroup = group;
    h.topic = topic;
    h.queueId = queue;
    h.queueOffset = offset;
    h.maxMsgNums = 32;
    h.sysFlag = remoting::PullSysFlag::kSubscription;
    h.subscription = "*";
    h.expressionType = "TAG";
    h.subVersion = 0;
    return h;
  }

  RemotingCommand pull(const remoting::PullMessageRequestHeader& h,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    return call(request(code::kPullMessage, remoting::toExtFields(h)), timeout);
  }

  // The messages of a pull response body. Their views point into a copy of
  // the body that the fixture keeps until the test ends.
  std::vector<message::StoredMessage> decodeAll(std::string body_in) {
    const std::string& body = bodies_.emplace_back(std::move(body_in));
    std::vector<message::StoredMessage> out;
    std::size_t pos = 0;
    while (pos < body.size()) {
      auto m = message::decodeStoredMessage(std::string_view(body).substr(pos), true);
      EXPECT_TRUE(m.ok()) << m.status();
      if (!m.ok()) break;
      out.push_back(*m);
      pos += static_cast<std::size_t>(m->totalSize);
    }
    return out;
  }

  RemotingCommand heartbeat(const std::string& client_id, const std::string& group,
                            const std::string& topic, const std::string& expression = "*",
                            std::int64_t sub_version = 1000,
                            remoting::RemotingClient* via = nullptr) {
    remoting::HeartbeatData hb;
    hb.clientID = client_id;
    remoting::ConsumerData cd;
    cd.groupName = group;
    auto sub = remoting::buildSubscriptionData(topic, expression, "TAG", sub_version);
    EXPECT_TRUE(sub.ok());
    cd.subscriptionDataSet.push_back(*sub);
    hb.consumerDataSet.push_back(cd);
    hb.producerDataSet.push_back({"CLIENT_INNER_PRODUCER"});
    auto req = request(code::kHeartBeat);
    req.setBody(hb.toJson());
    if (via) {
      auto r = via->invokeSync(addr_, std::move(req), std::chrono::seconds(10));
      EXPECT_TRUE(r.ok()) << r.status();
      return r.ok() ? std::move(*r) : RemotingCommand::createResponse(-1);
    }
    return call(std::move(req));
  }

  static std::string fieldOf(const RemotingCommand& r, std::string_view key) {
    auto v = r.extField(key);
    return v ? std::string(*v) : std::string("<absent>");
  }

  std::deque<std::string> bodies_;
  BrokerTempDir dir_;
  BrokerConfig config_;
  std::unique_ptr<BrokerController> broker_;
  remoting::RemotingClient client_;
  std::string addr_;
};

}  // namespace apogee::broker::testing
