// Timeouts, dropped and restarted peers, idle connections, events, shutdown.
#include <atomic>
#include <future>
#include <latch>

#include <gtest/gtest.h>

#include "remoting/transport/transport_test_util.h"
#include "support/wait.h"

namespace apogee::remoting::transport_test {
namespace {

using apogee::testing::waitUntil;
using Clock = std::chrono::steady_clock;

// Keeps every request of kParkCode unanswered, as long polling does, and can
// answer them later.
class ParkingProcessor {
 public:
  std::shared_ptr<RequestProcessor> processor() {
    return makeProcessor([this](const RequestContext& ctx, RemotingCommand&) {
      std::lock_guard lock(mutex_);
      parked_.push_back(ctx);
      return std::optional<RemotingCommand>();
    });
  }
  std::size_t parked() {
    std::lock_guard lock(mutex_);
    return parked_.size();
  }
  void answerAll(const std::string& body) {
    std::vector<RequestContext> parked;
    {
      std::lock_guard lock(mutex_);
      parked.swap(parked_);
    }
    for (auto& ctx : parked) {
      auto response = RemotingCommand::createResponse(kSuccess);
      response.setBody(body);
      ctx.reply(std::move(response)).ignoreError();
    }
  }

 private:
  std::mutex mutex_;
  std::vector<RequestContext> parked_;
};

class LifecycleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<RemotingServer>(server_config_);
    server_->registerProcessor(kEchoCode, echoProcessor());
    server_->registerProcessor(kParkCode, parking_.processor());
    server_->setConnectionEventHook(server_events_.hook());
    ASSERT_TRUE(server_->start().ok());
    client_.setConnectionEventHook(client_events_.hook());
    ASSERT_TRUE(client_.start().ok());
  }

  std::string address() const { return addressOf(*server_); }

  ServerConfig server_config_ = testServerConfig();
  ParkingProcessor parking_;
  EventRecorder server_events_;
  EventRecorder client_events_;
  std::unique_ptr<RemotingServer> server_;
  RemotingClient client_{testClientConfig()};
};

TEST_F(LifecycleTest, AnswerLaterThroughTheKeptContext) {
  auto pending = std::async(std::launch::async, [&] {
    return client_.invokeSync(address(), RemotingCommand::createRequest(kParkCode), 10000ms);
  });
  ASSERT_TRUE(waitUntil([&] { return parking_.parked() == 1; }));
  parking_.answerAll("woken");
  auto response = pending.get();
  ASSERT_TRUE(response.ok()) << response.error();
  EXPECT_EQ(response->body().flatten(), "woken");
}

TEST_F(LifecycleTest, SyncRequestTimesOutAndTheLateAnswerIsDropped) {
  const auto start = Clock::now();
  auto response = client_.invokeSync(address(), RemotingCommand::createRequest(kParkCode), 200ms);
  const auto elapsed = Clock::now() - start;
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code(), StatusCode::kTimeout) << response.error();
  EXPECT_GE(elapsed, 200ms);
  EXPECT_LT(elapsed, 3000ms);
  // The answer arrives after the caller gave up; the connection carries on.
  parking_.answerAll("late");
  auto next = client_.invokeSync(address(), echoRequest("next"), 3000ms);
  ASSERT_TRUE(next.ok()) << next.error();
  EXPECT_EQ(next->body().flatten(), "next");
  auto channel = client_.getChannel(address(), 1000ms);
  ASSERT_TRUE(channel.ok());
  EXPECT_EQ((*channel)->pendingRequests(), 0u);
}

TEST_F(LifecycleTest, AsyncRequestsTimeOutThroughTheConnectionTimer) {
  // Deadlines shorter than the timer's longest sleep force a re-arm.
  std::vector<std::future<std::pair<Result<RemotingCommand>, Clock::duration>>> calls;
  std::vector<std::shared_ptr<std::promise<std::pair<Result<RemotingCommand>, Clock::duration>>>> promises;
  const auto start = Clock::now();
  for (auto timeout : {300ms, 100ms, 200ms}) {
    auto promise = std::make_shared<std::promise<std::pair<Result<RemotingCommand>, Clock::duration>>>();
    calls.push_back(promise->get_future());
    client_.invokeAsync(address(), RemotingCommand::createRequest(kParkCode), timeout,
                        [promise, start](Result<RemotingCommand> r) {
                          promise->set_value({std::move(r), Clock::now() - start});
                        });
  }
  for (std::size_t i = 0; i < calls.size(); ++i) {
    ASSERT_EQ(calls[i].wait_for(10s), std::future_status::ready);
    auto [result, elapsed] = calls[i].get();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code(), StatusCode::kTimeout) << result.error();
    EXPECT_GE(elapsed, 100ms);
    EXPECT_LT(elapsed, 900ms) << "request " << i << " timed out late";
  }
}

TEST_F(LifecycleTest, PeerDisconnectFailsPendingRequestsFast) {
  // Connect, then park a sync and an async request with long timeouts.
  ASSERT_TRUE(client_.invokeSync(address(), echoRequest("up"), 3000ms).ok());
  std::promise<Result<RemotingCommand>> async_done;
  client_.invokeAsync(address(), RemotingCommand::createRequest(kParkCode), 60000ms,
                      [&](Result<RemotingCommand> r) { async_done.set_value(std::move(r)); });
  auto sync_call = std::async(std::launch::async, [&] {
    return client_.invokeSync(address(), RemotingCommand::createRequest(kParkCode), 60000ms);
  });
  ASSERT_TRUE(waitUntil([&] { return parking_.parked() == 2; }));
  const auto start = Clock::now();
  auto channels = server_->channels();
  ASSERT_EQ(channels.size(), 1u);
  channels[0]->close();
  auto async_future = async_done.get_future();
  ASSERT_EQ(async_future.wait_for(10s), std::future_status::ready);
  ASSERT_EQ(sync_call.wait_for(10s), std::future_status::ready);
  EXPECT_LT(Clock::now() - start, 5s);
  auto async_result = async_future.get();
  auto sync_result = sync_call.get();
  ASSERT_FALSE(async_result.ok());
  ASSERT_FALSE(sync_result.ok());
  EXPECT_EQ(async_result.error().code(), StatusCode::kUnavailable) << async_result.error();
  EXPECT_EQ(sync_result.error().code(), StatusCode::kUnavailable) << sync_result.error();
}

TEST_F(LifecycleTest, ReconnectsAfterTheServerRestartsOnTheSamePort) {
  ASSERT_TRUE(client_.invokeSync(address(), echoRequest("one"), 3000ms).ok());
  const auto port = server_->port();
  const std::string old_address = address();
  server_->shutdown();
  // The client notices the close on its own.
  ASSERT_TRUE(waitUntil([&] { return client_events_.count(ConnectionEvent::kClose) == 1; }));
  auto refused = client_.invokeSync(old_address, echoRequest("down"), 3000ms);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), StatusCode::kUnavailable) << refused.error();

  auto config = testServerConfig();
  config.port = port;
  server_ = std::make_unique<RemotingServer>(config);
  server_->registerProcessor(kEchoCode, echoProcessor());
  ASSERT_TRUE(server_->start().ok());
  auto again = client_.invokeSync(old_address, echoRequest("two"), 3000ms);
  ASSERT_TRUE(again.ok()) << again.error();
  EXPECT_EQ(again->body().flatten(), "two");
  EXPECT_TRUE(waitUntil([&] { return client_events_.count(ConnectionEvent::kConnect) == 2; }));
}

TEST_F(LifecycleTest, ConnectFailureIsUnavailableAndQuick) {
  server_->shutdown();  // nothing listens on the port any more
  const auto start = Clock::now();
  auto response = client_.invokeSync(address(), echoRequest("x"), 3000ms);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code(), StatusCode::kUnavailable) << response.error();
  EXPECT_LT(Clock::now() - start, 2s);
  std::promise<Result<RemotingCommand>> done;
  client_.invokeAsync(address(), echoRequest("x"), 3000ms, [&](Result<RemotingCommand> r) { done.set_value(std::move(r)); });
  auto async_result = done.get_future().get();
  ASSERT_FALSE(async_result.ok());
  EXPECT_EQ(async_result.error().code(), StatusCode::kUnavailable) << async_result.error();
}

TEST_F(LifecycleTest, ConnectTimesOutWhenThePeerNeverCompletesTheHandshake) {
  // A listener that never accepts, its accept queue filled: the kernel then
  // drops further SYNs, so a connect is neither completed nor refused.
  asio::io_context io;
  asio::ip::tcp::acceptor silent(io);
  silent.open(asio::ip::tcp::v4());
  silent.bind(asio::ip::tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  silent.listen(0);
  const auto port = silent.local_endpoint().port();
  std::vector<std::unique_ptr<asio::ip::tcp::socket>> fillers;
  bool queue_full = false;
  for (int i = 0; i < 16 && !queue_full; ++i) {
    auto filler = std::make_unique<asio::ip::tcp::socket>(io);
    bool connected = false;
    filler->async_connect(asio::ip::tcp::endpoint(asio::ip::address_v4::loopback(), port),
                          [&](const asio::error_code& ec) { connected = !ec; });
    io.restart();
    io.run_for(200ms);
    queue_full = !connected;
    fillers.push_back(std::move(filler));
  }
  if (!queue_full) GTEST_SKIP() << "this kernel completes handshakes past the accept queue";

  auto config = testClientConfig();
  config.connect_timeout = 300ms;
  RemotingClient client(config);
  ASSERT_TRUE(client.start().ok());
  const auto start = Clock::now();
  auto response = client.invokeSync("127.0.0.1:" + std::to_string(port), echoRequest("x"), 10000ms);
  const auto elapsed = Clock::now() - start;
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code(), StatusCode::kUnavailable) << response.error();
  EXPECT_NE(response.error().message().find("timed out"), std::string::npos) << response.error();
  EXPECT_GE(elapsed, 300ms);
  EXPECT_LT(elapsed, 3000ms);
}

TEST_F(LifecycleTest, BadAddressIsInvalidArgument) {
  auto response = client_.invokeSync("no-port-here", echoRequest("x"), 1000ms);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code(), StatusCode::kInvalidArgument) << response.error();
}

TEST_F(LifecycleTest, EventHooksSeeConnectAndCloseOnBothSides) {
  ASSERT_TRUE(client_.invokeSync(address(), echoRequest("hi"), 3000ms).ok());
  ASSERT_TRUE(waitUntil([&] { return server_events_.count(ConnectionEvent::kConnect) == 1; }));
  auto server_side = server_->channels();
  ASSERT_EQ(server_side.size(), 1u);
  client_.closeChannel(address());
  ASSERT_TRUE(waitUntil([&] { return server_events_.count(ConnectionEvent::kClose) == 1; }));
  EXPECT_EQ(server_events_.eventsOf(server_side[0]->id()),
            (std::vector{ConnectionEvent::kConnect, ConnectionEvent::kClose}));
  ASSERT_TRUE(waitUntil([&] { return client_events_.count(ConnectionEvent::kClose) == 1; }));
  EXPECT_EQ(client_events_.count(ConnectionEvent::kConnect), 1u);
  EXPECT_TRUE(waitUntil([&] { return server_->channels().empty(); }));
}

TEST_F(LifecycleTest, IdleConnectionIsClosedAndReported) {
  server_->shutdown();
  auto config = testServerConfig();
  config.connection.idle_timeout = 300ms;
  server_ = std::make_unique<RemotingServer>(config);
  server_->registerProcessor(kEchoCode, echoProcessor());
  server_->setConnectionEventHook(server_events_.hook());
  ASSERT_TRUE(server_->start().ok());

  const auto start = Clock::now();
  ASSERT_TRUE(client_.invokeSync(address(), echoRequest("then silence"), 3000ms).ok());
  auto channels = server_->channels();
  ASSERT_EQ(channels.size(), 1u);
  const auto id = channels[0]->id();
  ASSERT_TRUE(waitUntil([&] { return server_events_.eventsOf(id).size() == 3; }, 10s));
  EXPECT_GE(Clock::now() - start, 300ms);
  EXPECT_EQ(server_events_.eventsOf(id),
            (std::vector{ConnectionEvent::kConnect, ConnectionEvent::kIdle, ConnectionEvent::kClose}));
  // The client sees the close and reconnects on the next call.
  ASSERT_TRUE(waitUntil([&] { return client_events_.count(ConnectionEvent::kClose) >= 1; }));
  auto again = client_.invokeSync(address(), echoRequest("back"), 3000ms);
  ASSERT_TRUE(again.ok()) << again.error();
}

TEST_F(LifecycleTest, BusyConnectionIsNotIdle) {
  server_->shutdown();
  auto config = testServerConfig();
  config.connection.idle_timeout = 600ms;
  server_ = std::make_unique<RemotingServer>(config);
  server_->registerProcessor(kEchoCode, echoProcessor());
  server_->setConnectionEventHook(server_events_.hook());
  ASSERT_TRUE(server_->start().ok());
  // Traffic spaced 20 ms apart for well over the idle timeout keeps the
  // connection (the pause paces the traffic; nothing waits on it).
  const auto until = Clock::now() + 1500ms;
  while (Clock::now() < until) {
    ASSERT_TRUE(client_.invokeSync(address(), echoRequest("ping"), 3000ms).ok());
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(server_events_.count(ConnectionEvent::kIdle), 0u);
  EXPECT_EQ(server_events_.count(ConnectionEvent::kConnect), 1u);
}

TEST_F(LifecycleTest, ShutdownAbortsPendingRequestsAndJoins) {
  std::promise<Result<RemotingCommand>> async_done;
  client_.invokeAsync(address(), RemotingCommand::createRequest(kParkCode), 60000ms,
                      [&](Result<RemotingCommand> r) { async_done.set_value(std::move(r)); });
  auto sync_call = std::async(std::launch::async, [&] {
    return client_.invokeSync(address(), RemotingCommand::createRequest(kParkCode), 60000ms);
  });
  ASSERT_TRUE(waitUntil([&] { return parking_.parked() == 2; }));
  client_.shutdown();
  // shutdown() returns only after the callbacks ran.
  auto async_future = async_done.get_future();
  ASSERT_EQ(async_future.wait_for(0s), std::future_status::ready);
  auto async_result = async_future.get();
  ASSERT_FALSE(async_result.ok());
  EXPECT_EQ(async_result.error().code(), StatusCode::kAborted) << async_result.error();
  ASSERT_EQ(sync_call.wait_for(10s), std::future_status::ready);
  auto sync_result = sync_call.get();
  ASSERT_FALSE(sync_result.ok());
  EXPECT_EQ(sync_result.error().code(), StatusCode::kAborted) << sync_result.error();
  // After shutdown, calls fail at once and callbacks still run exactly once.
  std::promise<Result<RemotingCommand>> after;
  client_.invokeAsync(address(), echoRequest("x"), 1000ms, [&](Result<RemotingCommand> r) { after.set_value(std::move(r)); });
  auto after_result = after.get_future().get();
  ASSERT_FALSE(after_result.ok());
  EXPECT_EQ(after_result.error().code(), StatusCode::kAborted);
  // Parked contexts on the server now reply into a closed connection.
  parking_.answerAll("nobody listens");
}

TEST_F(LifecycleTest, ChannelKeptPastServerShutdownIsInert) {
  ASSERT_TRUE(client_.invokeSync(address(), echoRequest("x"), 3000ms).ok());
  auto channels = server_->channels();
  ASSERT_EQ(channels.size(), 1u);
  ChannelPtr kept = channels[0];
  server_->shutdown();
  server_.reset();
  EXPECT_FALSE(kept->isActive());
  auto result = kept->invokeSync(RemotingCommand::createRequest(kEchoCode), 1000ms);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), StatusCode::kUnavailable);
  EXPECT_FALSE(kept->invokeOneway(RemotingCommand::createRequest(kEchoCode)).ok());
  std::promise<Result<RemotingCommand>> done;
  kept->invokeAsync(RemotingCommand::createRequest(kEchoCode), 1000ms,
                    [&](Result<RemotingCommand> r) { done.set_value(std::move(r)); });
  EXPECT_FALSE(done.get_future().get().ok());
}

TEST_F(LifecycleTest, SlowProcessorOnItsOwnExecutorDoesNotDelayOtherCodes) {
  auto slow_pool = std::make_shared<ThreadPool>("slow", 1);
  std::latch release(1);
  std::atomic<bool> slow_running{false};
  server_->registerProcessor(kSlowCode, makeProcessor([&](const RequestContext&, RemotingCommand&) {
    slow_running = true;
    release.wait();
    return std::optional<RemotingCommand>(RemotingCommand::createResponse(kSuccess));
  }), slow_pool);
  // Same connection for both codes: the slow one must not hold up reading.
  auto slow_call = std::async(std::launch::async, [&] {
    return client_.invokeSync(address(), RemotingCommand::createRequest(kSlowCode), 20000ms);
  });
  ASSERT_TRUE(waitUntil([&] { return slow_running.load(); }));
  for (int i = 0; i < 20; ++i) {
    const auto start = Clock::now();
    auto fast = client_.invokeSync(address(), echoRequest("fast"), 3000ms);
    ASSERT_TRUE(fast.ok()) << fast.error();
    EXPECT_LT(Clock::now() - start, 1000ms);
  }
  EXPECT_EQ(slow_call.wait_for(0s), std::future_status::timeout) << "slow call finished early";
  release.count_down();
  auto slow = slow_call.get();
  ASSERT_TRUE(slow.ok()) << slow.error();
  slow_pool->shutdown();
}

}  // namespace
}  // namespace apogee::remoting::transport_test

namespace apogee::remoting::transport_test {
namespace {

// bind() gives the port before start(); a client that connects meanwhile is
// not answered (no REQUEST_CODE_NOT_SUPPORTED for processors registered
// later) and is served once the server starts.
TEST(BoundServerTest, ServesOnlyOnceStarted) {
  RemotingServer server(testServerConfig());
  ASSERT_TRUE(server.bind().ok());
  ASSERT_NE(server.port(), 0);
  const std::string address = addressOf(server);
  RemotingClient client(testClientConfig());
  ASSERT_TRUE(client.start().ok());
  auto early = client.invokeSync(address, echoRequest("early"), 300ms);
  ASSERT_FALSE(early.ok()) << "a bound server that has not started answered";
  EXPECT_EQ(early.error().code(), StatusCode::kTimeout) << early.error();

  server.registerProcessor(kEchoCode, echoProcessor());
  ASSERT_TRUE(server.start().ok());
  auto later = client.invokeSync(address, echoRequest("later"), 3000ms);
  ASSERT_TRUE(later.ok()) << later.error();
  EXPECT_EQ(later->body().flatten(), "later");
  client.shutdown();
  server.shutdown();
}

TEST(BoundServerTest, ShutdownWithoutStartReleasesThePort) {
  auto config = testServerConfig();
  std::uint16_t port = 0;
  {
    RemotingServer server(config);
    ASSERT_TRUE(server.bind().ok());
    port = server.port();
    server.shutdown();
  }
  config.port = port;
  RemotingServer again(config);
  EXPECT_TRUE(again.start().ok());
}

}  // namespace
}  // namespace apogee::remoting::transport_test
