// Sends to a broker that accepts the connection but never answers: the
// caller gets a timeout within sendMsgTimeout, sync and async.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <optional>

#include "apogee/default_mq_producer.h"
#include "apogee/mq_client_exception.h"
#include "client_test_util.h"

namespace apogee::client::testing {
namespace {

// A listening socket nobody reads from: the kernel completes connections
// (backlog), requests are never answered.
class SilentListener {
 public:
  SilentListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) == 0 && ::listen(fd_, 16) == 0 &&
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
      port_ = ntohs(addr.sin_port);
    }
  }
  ~SilentListener() { ::close(fd_); }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  bool ok() const { return port_ != 0; }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

class SendTimeoutTest : public ClusterFixture {
 protected:
  // Routes `topic` to a broker "broker-silent" that never answers.
  void routeToSilentBroker(const std::string& topic) {
    ASSERT_TRUE(silent_.ok());
    namesrv_->routeInfoManager().registerBroker(namesrv::testing::registration(
        "broker-silent", silent_.address(), 0, 1000, {{topic, 6, 2}}, "DefaultCluster"));
  }
  SilentListener silent_;
};

TEST_F(SendTimeoutTest, SyncSendTimesOutWithinSendMsgTimeout) {
  routeToSilentBroker("SilentT");
  auto producer = makeProducer("SilentGroup");
  producer->setSendMsgTimeout(std::chrono::milliseconds(300));
  // Shutdown's unregister also goes unanswered: keep its wait short.
  producer->setMqClientApiTimeout(std::chrono::milliseconds(300));
  producer->setRetryTimesWhenSendFailed(0);
  producer->start();
  const auto start = std::chrono::steady_clock::now();
  std::optional<bool> timed_out;
  try {
    Message msg("SilentT", "never answered");
    producer->send(msg);
  } catch (const MQClientException& e) {
    const auto* remoting = dynamic_cast<const RemotingException*>(&e);
    timed_out = remoting != nullptr && remoting->isTimeout();
  }
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(timed_out.has_value()) << "the send returned without an answer";
  EXPECT_TRUE(*timed_out);
  EXPECT_LT(took, std::chrono::seconds(3));  // bounded by the timeout, not hung
  producer->shutdown();
}

TEST_F(SendTimeoutTest, AsyncSendReportsTheTimeoutThroughTheExceptionCallback) {
  routeToSilentBroker("SilentAT");
  auto producer = makeProducer("SilentAGroup");
  producer->setSendMsgTimeout(std::chrono::milliseconds(300));
  // Shutdown's unregister also goes unanswered: keep its wait short.
  producer->setMqClientApiTimeout(std::chrono::milliseconds(300));
  producer->setRetryTimesWhenSendAsyncFailed(0);
  producer->start();
  std::atomic<int> ok{0};
  std::atomic<int> timeouts{0};
  std::atomic<int> other{0};
  producer->send(
      Message("SilentAT", "never answered"), [&](const SendResult&) { ++ok; },
      [&](const MQClientException& e) {
        const auto* remoting = dynamic_cast<const RemotingException*>(&e);
        ++(remoting != nullptr && remoting->isTimeout() ? timeouts : other);
      });
  ASSERT_TRUE(::apogee::testing::waitUntil([&] { return ok + timeouts + other == 1; }));
  EXPECT_EQ(timeouts, 1);
  producer->shutdown();
}

}  // namespace
}  // namespace apogee::client::testing
