#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>

#include "namesrv/broker_processor.h"
#include "namesrv/name_server.h"
#include "namesrv_test_util.h"
#include "remoting/body/register_broker_body.h"
#include "remoting/headers/route.h"
#include "remoting/request_code.h"
#include "remoting/response_code.h"
#include "remoting/transport/remoting_client.h"

namespace apogee::namesrv::testing {

using namespace std::chrono_literals;

inline constexpr auto kCallTimeout = 5000ms;

// Timings short enough for tests, long enough that nothing expires by itself
// unless a test wants it to.
inline NameServerConfig testConfig() {
  NameServerConfig config;
  config.listen_host = "127.0.0.1";
  config.listen_port = 0;
  config.io_threads = 1;
  config.processor_threads = 2;
  config.broker_expiry = 10min;
  config.scan_interval = 10min;
  config.scan_initial_delay = 10min;
  return config;
}

// A REGISTER_BROKER request with a JSON body and its bodyCrc32, as a 4.9.8
// broker sends it.
inline remoting::RemotingCommand registerRequest(const BrokerRegistration& reg) {
  remoting::RegisterBrokerBody body;
  body.topicConfigSerializeWrapper = reg.topicConfig;
  body.filterServerList = reg.filterServerList.value_or(std::vector<std::string>{});
  std::string json = body.toJson();
  remoting::RegisterBrokerRequestHeader header;
  header.brokerName = reg.brokerName;
  header.brokerAddr = reg.brokerAddr;
  header.clusterName = reg.clusterName;
  header.haServerAddr = reg.haServerAddr;
  header.brokerId = reg.brokerId;
  header.compressed = false;
  header.bodyCrc32 = bodyCrc32(json);
  auto request = remoting::RemotingCommand::createRequest(remoting::RequestCode::kRegisterBroker,
                                                          remoting::toExtFields(header));
  request.setBody(std::move(json));
  return request;
}

inline remoting::RemotingCommand routeRequest(const std::string& topic) {
  remoting::GetRouteInfoRequestHeader header;
  header.topic = topic;
  return remoting::RemotingCommand::createRequest(remoting::RequestCode::kGetRouteInfoByTopic,
                                                  remoting::toExtFields(header));
}

// A name server on 127.0.0.1 with a free port, and clients speaking JSON and
// ROCKETMQ headers to it.
class NameServerTest : public ::testing::Test {
 protected:
  void TearDown() override {
    for (auto& client : clients_) {
      if (client) client->shutdown();
    }
    if (server_) server_->shutdown();
  }

  void startServer(NameServerConfig config = testConfig()) {
    server_ = std::make_unique<NameServer>(std::move(config));
    Status status = server_->start();
    ASSERT_TRUE(status.ok()) << status;
    ASSERT_NE(server_->port(), 0);
  }

  std::string address() const { return "127.0.0.1:" + std::to_string(server_->port()); }

  remoting::RemotingClient& client(remoting::SerializeType type = remoting::SerializeType::kJson) {
    auto& slot = clients_[static_cast<int>(type)];
    if (!slot) {
      remoting::ClientConfig config;
      config.connection.request_serialize_type = type;
      config.executors.callback_threads = 1;
      slot = std::make_unique<remoting::RemotingClient>(config);
      Status status = slot->start();
      EXPECT_TRUE(status.ok()) << status;
    }
    return *slot;
  }

  // Sends `request` and returns the answer; a transport failure fails the test.
  remoting::RemotingCommand call(remoting::RemotingCommand request,
                                 remoting::SerializeType type = remoting::SerializeType::kJson) {
    auto response = client(type).invokeSync(address(), std::move(request), kCallTimeout);
    if (!response.ok()) {
      ADD_FAILURE() << "request failed: " << response.status();
      return remoting::RemotingCommand::createResponse(-1);
    }
    return std::move(*response);
  }

  RouteInfoManager& routes() { return server_->routeInfoManager(); }

  std::unique_ptr<NameServer> server_;
  std::unique_ptr<remoting::RemotingClient> clients_[2];
};

}  // namespace apogee::namesrv::testing
