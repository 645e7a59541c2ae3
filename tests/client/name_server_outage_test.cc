// The client against a name server that is down when it starts and comes
// back later: start() does not need it, sends fail with a clear error while
// it is down, and work resumes once it answers again.
#include <gtest/gtest.h>

#include "apogee/default_mq_producer.h"
#include "apogee/mq_client_exception.h"
#include "client_test_util.h"

namespace apogee::client::testing {
namespace {

class NameServerOutageTest : public ClusterFixture {};

TEST_F(NameServerOutageTest, ProducerStartedWhileTheNameServerIsDownSendsOnceItIsBack) {
  createTopic("OutageT", 2);
  const std::uint16_t port = namesrv_->port();
  namesrv_->shutdown();

  auto producer = makeProducer("OutageGroup");
  producer->setSendMsgTimeout(std::chrono::seconds(2));
  producer->start();  // needs no name server
  Message early("OutageT", "while down");
  try {
    producer->send(early);
    FAIL() << "a send without any name server succeeded";
  } catch (const MQClientException& e) {
    EXPECT_NE(std::string(e.what()).find("OutageT"), std::string::npos) << e.what();
  }

  // The name server comes back on the same address; the broker's next
  // periodic registration (run now) tells it the routes again.
  namesrv::NameServerConfig nc;
  nc.listen_host = "127.0.0.1";
  nc.listen_port = port;
  nc.io_threads = 1;
  nc.processor_threads = 2;
  namesrv_ = std::make_unique<namesrv::NameServer>(nc);
  ASSERT_TRUE(namesrv_->start().ok());
  ASSERT_TRUE(brokers_[0]->registerBrokerAll().ok());

  // The client's connection to the old name server is dead; the next send
  // reconnects and finds the route.
  ASSERT_TRUE(::apogee::testing::waitUntil([&] {
    try {
      Message later("OutageT", "after");
      return producer->send(later).getSendStatus() == SendStatus::SEND_OK;
    } catch (const MQClientException&) {
      return false;
    }
  }));
  producer->shutdown();
}

}  // namespace
}  // namespace apogee::client::testing
