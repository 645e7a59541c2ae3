// The broker side of the protocol: a server sending requests to a client
// over the client's own connection (GET_CONSUMER_RUNNING_INFO,
// NOTIFY_CONSUMER_IDS_CHANGED).
#include <atomic>
#include <future>

#include <gtest/gtest.h>

#include "remoting/request_code.h"
#include "remoting/transport/transport_test_util.h"
#include "support/wait.h"

namespace apogee::remoting::transport_test {
namespace {

using apogee::testing::waitUntil;

constexpr int kNotifyConsumerIdsChanged = RequestCode::kNotifyConsumerIdsChanged;
constexpr int kGetConsumerRunningInfo = RequestCode::kGetConsumerRunningInfo;

class ServerToClientTest : public ::testing::TestWithParam<SerializeType> {
 protected:
  void SetUp() override {
    server_.registerProcessor(kEchoCode, echoProcessor());
    ASSERT_TRUE(server_.start().ok());
    auto config = testClientConfig();
    config.connection.request_serialize_type = GetParam();
    client_ = std::make_unique<RemotingClient>(config);
    client_->registerProcessor(kGetConsumerRunningInfo,
                               makeProcessor([this](const RequestContext& ctx, RemotingCommand& request) {
                                 seen_type_ = static_cast<int>(request.serializeType());
                                 {
                                   std::lock_guard lock(mutex_);
                                   running_info_thread_ = currentThreadName();
                                 }
                                 auto response = RemotingCommand::createResponse(kSuccess);
                                 response.setBody("running info for " +
                                                  std::string(request.extField("consumerGroup").value_or("?")));
                                 EXPECT_FALSE(ctx.oneway());
                                 return std::optional<RemotingCommand>(std::move(response));
                               }));
    client_->registerProcessor(kNotifyConsumerIdsChanged,
                               makeProcessor([this](const RequestContext& ctx, RemotingCommand& request) {
                                 if (ctx.oneway() && request.extField("consumerGroup") == "g1") notified_.fetch_add(1);
                                 return std::optional<RemotingCommand>();
                               }));
    ASSERT_TRUE(client_->start().ok());
    // The client's first request opens the connection the server will use.
    ASSERT_TRUE(client_->invokeSync(addressOf(server_), echoRequest("hello"), 3000ms).ok());
    auto channels = server_.channels();
    ASSERT_EQ(channels.size(), 1u);
    channel_ = channels[0];
  }

  // What the client's processors record; declared before the endpoints,
  // which may still run those processors while shutting down.
  std::atomic<int> seen_type_{-1};
  std::mutex mutex_;
  std::string running_info_thread_;  // guarded by mutex_
  std::atomic<int> notified_{0};
  RemotingServer server_{testServerConfig()};
  std::unique_ptr<RemotingClient> client_;
  ChannelPtr channel_;
};

TEST_P(ServerToClientTest, ServerInvokesTheClientProcessorSync) {
  auto request = RemotingCommand::createRequest(kGetConsumerRunningInfo, {{"consumerGroup", "g1"}});
  auto response = server_.invokeSync(channel_, std::move(request), 3000ms);
  ASSERT_TRUE(response.ok()) << response.error();
  EXPECT_EQ(response->code(), kSuccess);
  EXPECT_EQ(response->body().flatten(), "running info for g1");
  // The server asks in the serialize type the client speaks.
  EXPECT_EQ(seen_type_.load(), static_cast<int>(GetParam()));
  EXPECT_EQ(response->serializeType(), GetParam());
  std::lock_guard lock(mutex_);
  EXPECT_EQ(running_info_thread_.rfind("cli-proc", 0), 0u) << running_info_thread_;
}

TEST_P(ServerToClientTest, ServerInvokesTheClientProcessorAsync) {
  std::promise<Result<RemotingCommand>> done;
  server_.invokeAsync(channel_, RemotingCommand::createRequest(kGetConsumerRunningInfo, {{"consumerGroup", "g2"}}),
                      3000ms, [&](Result<RemotingCommand> r) { done.set_value(std::move(r)); });
  auto response = done.get_future().get();
  ASSERT_TRUE(response.ok()) << response.error();
  EXPECT_EQ(response->body().flatten(), "running info for g2");
}

TEST_P(ServerToClientTest, ServerSendsOnewayNotification) {
  ASSERT_TRUE(server_.invokeOneway(channel_, RemotingCommand::createRequest(kNotifyConsumerIdsChanged,
                                                                             {{"consumerGroup", "g1"}}))
                  .ok());
  EXPECT_TRUE(waitUntil([&] { return notified_.load() == 1; }));
}

TEST_P(ServerToClientTest, UnknownCodeOnTheClientIsNotSupported) {
  auto response = server_.invokeSync(channel_, RemotingCommand::createRequest(kUnknownCode), 3000ms);
  ASSERT_TRUE(response.ok()) << response.error();
  EXPECT_EQ(response->code(), kRequestCodeNotSupported);
}

TEST_P(ServerToClientTest, ClientGoneFailsTheServerRequest) {
  client_->registerProcessor(kParkCode, makeProcessor([](const RequestContext&, RemotingCommand&) {
    return std::optional<RemotingCommand>();  // never answers
  }));
  std::promise<Result<RemotingCommand>> done;
  server_.invokeAsync(channel_, RemotingCommand::createRequest(kParkCode), 60000ms,
                      [&](Result<RemotingCommand> r) { done.set_value(std::move(r)); });
  ASSERT_TRUE(waitUntil([&] { return channel_->pendingRequests() == 1; }));
  client_->shutdown();
  auto future = done.get_future();
  ASSERT_EQ(future.wait_for(10s), std::future_status::ready);
  auto result = future.get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), StatusCode::kUnavailable) << result.error();
}

INSTANTIATE_TEST_SUITE_P(BothSerializeTypes, ServerToClientTest,
                         ::testing::Values(SerializeType::kRocketMQ, SerializeType::kJson),
                         [](const auto& case_info) { return std::string(serializeTypeName(case_info.param)); });

}  // namespace
}  // namespace apogee::remoting::transport_test
