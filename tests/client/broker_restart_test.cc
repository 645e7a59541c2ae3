#include <chrono>
#include <map>
#include <mutex>

#include "apogee/default_mq_push_consumer.h"
#include "apogee/mq_client_exception.h"
#include "client_test_util.h"
#include "common/logging.h"
#include "support/log_capture.h"

// Issue 6: "after a broker is down for minutes and comes back, consumption
// resumes by itself within a few seconds of its return". The broker is
// stopped (it unregisters, so the name server drops its routes), stays down
// long enough for the consumer's pulls to fail and back off and for its
// route refresh to find the topic gone, and comes back on the same port and
// data directory. The client keeps its default heartbeat interval (30 s), so
// nothing but its own recovery can bring consumption back quickly.
namespace apogee::client::testing {
namespace {

using ::apogee::testing::waitUntil;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class BrokerRestartTest : public ClusterFixture {
 protected:
  // Starts broker `i` again with its old configuration, port and data.
  void restartBroker(int i) {
    broker::BrokerConfig c = configs_[static_cast<std::size_t>(i)];
    const std::string& addr = addrs_[static_cast<std::size_t>(i)];
    c.listenPort = static_cast<std::uint16_t>(std::stoi(addr.substr(addr.rfind(':') + 1)));
    brokers_[static_cast<std::size_t>(i)] = std::make_unique<broker::BrokerController>(c);
    Status s = brokers_[static_cast<std::size_t>(i)]->start();
    ASSERT_TRUE(s.ok()) << s;
  }
};

TEST_F(BrokerRestartTest, ConsumptionResumesSoonAfterTheBrokerReturns) {
  // The client's failed pulls and route refreshes are debug lines: they
  // show that the outage took the consumer through its error paths.
  auto client_log = logger("client");
  const auto old_level = client_log->level();
  client_log->set_level(spdlog::level::debug);
  ::apogee::testing::LogCapture log("client");
  struct RestoreLevel {
    std::shared_ptr<spdlog::logger> l;
    spdlog::level::level_enum level;
    ~RestoreLevel() { l->set_level(level); }
  } restore{client_log, old_level};

  createTopic("RestartT", 4);
  auto producer = makeProducer("RestartProducer");
  producer->setSendMsgTimeout(2s);
  producer->setRetryTimesWhenSendFailed(0);
  producer->start();

  std::mutex mutex;
  std::map<std::string, int> received;  // body -> deliveries
  DefaultMQPushConsumer consumer("RestartG");
  consumer.setNamesrvAddr(namesrv_addr_);
  consumer.setClientIP("127.0.0.1");
  consumer.setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
  consumer.setPollNameServerInterval(200ms);
  consumer.setPersistConsumerOffsetInterval(100ms);
  consumer.subscribe("RestartT", "*");
  consumer.registerMessageListener(
      [&](const std::vector<MessageExt>& msgs, ConsumeConcurrentlyContext&) {
        std::lock_guard lock(mutex);
        for (const auto& m : msgs) ++received[m.getBody()];
        return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
      });
  consumer.start();
  auto receivedAll = [&](const std::string& prefix, int n) {
    std::lock_guard lock(mutex);
    for (int i = 0; i < n; ++i) {
      if (!received.contains(prefix + std::to_string(i))) return false;
    }
    return true;
  };
  auto sendN = [&](const std::string& prefix, int n) {
    for (int i = 0; i < n; ++i) {
      Message m("RestartT", "TagR", prefix + std::to_string(i));
      ASSERT_EQ(producer->send(m).getSendStatus(), SendStatus::SEND_OK);
    }
  };

  sendN("before-", 40);
  ASSERT_TRUE(waitUntil([&] { return receivedAll("before-", 40); }));
  // Sent just before the broker stops: perhaps not consumed by then.
  sendN("edge-", 20);

  stopBroker(0);
  const auto down_at = Clock::now();
  // The name server forgets the topic (the broker unregistered) ...
  ASSERT_TRUE(waitUntil([&] { return !routeOf("RestartT").has_value(); }));
  // ... sends fail ...
  Message lost("RestartT", "TagR", "while-down");
  EXPECT_THROW(producer->send(lost), MQClientException);
  // ... and the consumer goes through its error paths: its route refresh
  // (every 200 ms) finds no route, and its pulls fail and back off (3 s);
  // down until a queue's pull has failed twice (a retry after the back-off
  // failed too).
  const std::string queue0 = "pull MessageQueue [topic=RestartT, brokerName=broker-a, queueId=0]";
  ASSERT_TRUE(waitUntil(
      [&] {
        return log.count("route refresh of RestartT failed") > 0 &&
               log.count(queue0) >= 2;
      },
      15s))
      << "route failures " << log.count("route refresh of RestartT failed") << ", pull failures "
      << log.count(queue0);

  restartBroker(0);
  const auto up_at = Clock::now();
  // The producer finds the broker again by itself.
  ASSERT_TRUE(waitUntil(
      [&] {
        try {
          Message probe("RestartT", "TagR", "probe");
          return producer->send(probe).getSendStatus() == SendStatus::SEND_OK;
        } catch (const MQClientException&) {
          return false;
        }
      },
      10s));
  const auto producer_back =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - up_at);
  sendN("after-", 40);
  const bool resumed = waitUntil([&] { return receivedAll("after-", 40); }, 15s);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - up_at);
  std::printf("[ restart  ] down %lld ms; the producer sent again %lld ms after the restart, "
              "every message sent after it was consumed %lld ms after the restart\n",
              static_cast<long long>(
                  std::chrono::duration_cast<std::chrono::milliseconds>(up_at - down_at).count()),
              static_cast<long long>(producer_back.count()), static_cast<long long>(took.count()));
  ASSERT_TRUE(resumed) << "consumption did not resume";
  // The pulls' 3 s back-off after connection failures, then one pull
  // answered "group info not exist" (heartbeat sent), then 1 s; the periodic
  // heartbeat (30 s) plays no part.
  EXPECT_LT(took, 6s);
  // Nothing sent before the outage was lost either.
  EXPECT_TRUE(receivedAll("before-", 40));
  EXPECT_TRUE(receivedAll("edge-", 20));
  consumer.shutdown(3000ms);
  producer->shutdown();
}

}  // namespace
}  // namespace apogee::client::testing
