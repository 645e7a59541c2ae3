// Request/response over real loopback sockets: sync, async, oneway, errors
// the transport answers itself, serialize types, bodies big and gathered.
#include <atomic>
#include <future>
#include <latch>
#include <map>

#include <gtest/gtest.h>

#include "remoting/request_code.h"
#include "remoting/transport/transport_test_util.h"
#include "support/raw_connection.h"
#include "support/wait.h"

namespace apogee::remoting::transport_test {
namespace {

using apogee::testing::RawConnection;
using apogee::testing::waitUntil;

class RpcTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.registerProcessor(kEchoCode, echoProcessor());
    ASSERT_TRUE(server_.start().ok());
    ASSERT_TRUE(client_.start().ok());
  }

  RemotingServer server_{testServerConfig()};
  RemotingClient client_{testClientConfig()};
};

TEST_F(RpcTest, SyncRoundTrip) {
  auto request = echoRequest("hello");
  const int opaque = request.opaque();
  auto response = client_.invokeSync(addressOf(server_), std::move(request), 3000ms);
  ASSERT_TRUE(response.ok()) << response.error();
  EXPECT_EQ(response->code(), kSuccess);
  EXPECT_TRUE(response->isResponse());
  EXPECT_EQ(response->opaque(), opaque);
  EXPECT_EQ(response->body().flatten(), "hello");
  EXPECT_EQ(response->extField("k"), "v");
}

TEST_F(RpcTest, AsyncRoundTripRunsTheCallbackOnTheCallbackPool) {
  std::promise<std::pair<Result<RemotingCommand>, std::string>> done;
  client_.invokeAsync(addressOf(server_), echoRequest("async"), 3000ms, [&](Result<RemotingCommand> r) {
    done.set_value({std::move(r), currentThreadName()});
  });
  auto future = done.get_future();
  ASSERT_EQ(future.wait_for(10s), std::future_status::ready);
  auto [response, thread] = future.get();
  ASSERT_TRUE(response.ok()) << response.error();
  EXPECT_EQ(response->body().flatten(), "async");
  EXPECT_EQ(thread.rfind("cli-cb", 0), 0u) << "callback ran on " << thread;
}

TEST_F(RpcTest, ManyPipelinedAsyncRequestsEachGetTheirOwnResponse) {
  constexpr int kRequests = 2000;
  std::mutex mutex;
  std::map<int, std::string> answers;  // opaque -> body
  std::map<int, std::string> expected;
  std::atomic<int> failures{0};
  for (int i = 0; i < kRequests; ++i) {
    auto request = echoRequest("body-" + std::to_string(i));
    expected[request.opaque()] = "body-" + std::to_string(i);
    client_.invokeAsync(addressOf(server_), std::move(request), 10000ms, [&](Result<RemotingCommand> r) {
      if (!r.ok()) {
        failures.fetch_add(1);
        return;
      }
      std::lock_guard lock(mutex);
      answers[r->opaque()] = r->body().flatten();
    });
  }
  ASSERT_TRUE(waitUntil([&] {
    std::lock_guard lock(mutex);
    return static_cast<int>(answers.size()) + failures.load() == kRequests;
  }, 20s));
  EXPECT_EQ(failures.load(), 0);
  std::lock_guard lock(mutex);
  EXPECT_EQ(answers, expected);
}

TEST_F(RpcTest, ConcurrentFirstCallsShareOneConnection) {
  std::vector<std::future<Result<RemotingCommand>>> calls;
  for (int i = 0; i < 8; ++i) {
    calls.push_back(std::async(std::launch::async, [&] {
      return client_.invokeSync(addressOf(server_), echoRequest("x"), 5000ms);
    }));
  }
  for (auto& call : calls) {
    auto r = call.get();
    EXPECT_TRUE(r.ok()) << r.error();
  }
  EXPECT_EQ(server_.channels().size(), 1u);
}

TEST_F(RpcTest, FramesQueuedDuringAWriteGoOutInOneGatheredWrite) {
  constexpr std::uint64_t kFrames = 2000;
  std::atomic<std::uint64_t> seen{0};
  server_.registerProcessor(kParkCode, makeProcessor([&](const RequestContext&, RemotingCommand&) {
    seen.fetch_add(1);
    return std::optional<RemotingCommand>();
  }));
  auto channel = client_.getChannel(addressOf(server_), 3000ms);
  ASSERT_TRUE(channel.ok()) << channel.error();
  for (std::uint64_t i = 0; i < kFrames; ++i) {
    auto request = RemotingCommand::createRequest(kParkCode);
    request.setBody(std::string(100, 'p'));
    ASSERT_TRUE((*channel)->invokeOneway(std::move(request)).ok());
  }
  ASSERT_TRUE(waitUntil([&] { return seen.load() == kFrames; }));
  // The caller queues faster than one write per frame completes, so frames
  // pile up behind the write in flight and leave together.
  const auto sent = (*channel)->stats();
  EXPECT_EQ(sent.frames_written, kFrames);
  EXPECT_LT(sent.writes, kFrames);
  // And the server decodes several frames out of one read.
  auto server_side = server_.channels();
  ASSERT_EQ(server_side.size(), 1u);
  const auto received = server_side[0]->stats();
  EXPECT_EQ(received.frames_read, kFrames);
  EXPECT_LT(received.reads, kFrames);
}

TEST_F(RpcTest, OnewayRequestIsProcessedAndNeverAnswered) {
  std::atomic<int> oneway_seen{0};
  server_.registerProcessor(kParkCode, makeProcessor([&](const RequestContext& ctx, RemotingCommand&) {
    if (ctx.oneway()) oneway_seen.fetch_add(1);
    // Even a returned response must not go out for a oneway request.
    return std::optional<RemotingCommand>(RemotingCommand::createResponse(kSuccess));
  }));
  auto raw = RawConnection::open(server_.port());
  ASSERT_NE(raw, nullptr);
  auto oneway = RemotingCommand::createRequest(kParkCode);
  oneway.markOneway();
  oneway.setSerializeType(SerializeType::kRocketMQ);
  ASSERT_TRUE(raw->sendCommand(oneway));
  // An unknown code sent oneway gets no REQUEST_CODE_NOT_SUPPORTED either.
  auto unknown = RemotingCommand::createRequest(kUnknownCode);
  unknown.markOneway();
  ASSERT_TRUE(raw->sendCommand(unknown));
  ASSERT_TRUE(waitUntil([&] { return oneway_seen.load() == 1; }));
  // A normal request afterwards: the first frame back must be its response.
  auto normal = echoRequest("after");
  ASSERT_TRUE(raw->sendCommand(normal));
  auto frame = raw->readFrame(5s);
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->opaque(), normal.opaque());
  EXPECT_EQ(frame->body().flatten(), "after");
  EXPECT_FALSE(raw->readFrame(100ms).has_value()) << "unexpected extra frame";
}

TEST_F(RpcTest, ClientOnewayReachesTheProcessor) {
  std::promise<int> seen;
  server_.registerProcessor(kParkCode, makeProcessor([&](const RequestContext& ctx, RemotingCommand&) {
    seen.set_value(ctx.oneway() ? 1 : 0);
    return std::optional<RemotingCommand>();
  }));
  ASSERT_TRUE(client_.invokeOneway(addressOf(server_), RemotingCommand::createRequest(kParkCode), 3000ms).ok());
  auto future = seen.get_future();
  ASSERT_EQ(future.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(future.get(), 1);
}

TEST_F(RpcTest, UnknownCodeIsAnsweredRequestCodeNotSupported) {
  auto response = client_.invokeSync(addressOf(server_), RemotingCommand::createRequest(kUnknownCode), 3000ms);
  ASSERT_TRUE(response.ok()) << response.error();
  EXPECT_EQ(response->code(), kRequestCodeNotSupported);
  EXPECT_EQ(response->remark(), " request type 9999 not supported");
}

TEST_F(RpcTest, DefaultProcessorTakesUnregisteredCodes) {
  server_.registerDefaultProcessor(echoProcessor());
  auto request = RemotingCommand::createRequest(kUnknownCode);
  request.setBody(std::string("default"));
  auto response = client_.invokeSync(addressOf(server_), std::move(request), 3000ms);
  ASSERT_TRUE(response.ok()) << response.error();
  EXPECT_EQ(response->code(), kSuccess);
  EXPECT_EQ(response->body().flatten(), "default");
}

TEST_F(RpcTest, ProcessorExceptionBecomesSystemError) {
  server_.registerProcessor(kParkCode, makeProcessor([](const RequestContext&, RemotingCommand&)
                                                         -> std::optional<RemotingCommand> {
    throw std::runtime_error("disk on fire");
  }));
  auto response = client_.invokeSync(addressOf(server_), RemotingCommand::createRequest(kParkCode), 3000ms);
  ASSERT_TRUE(response.ok()) << response.error();
  EXPECT_EQ(response->code(), kSystemError);
  EXPECT_EQ(response->remark(), "disk on fire");
}

TEST_F(RpcTest, FullExecutorQueueIsAnsweredSystemBusy) {
  auto pool = std::make_shared<ThreadPool>("busy", 1, 1);
  std::latch release(1);
  std::atomic<int> started{0};
  server_.registerProcessor(kSlowCode, makeProcessor([&](const RequestContext&, RemotingCommand&) {
    started.fetch_add(1);
    release.wait();
    return std::optional<RemotingCommand>(RemotingCommand::createResponse(kSuccess));
  }), pool);
  std::vector<std::future<Result<RemotingCommand>>> calls;
  calls.push_back(std::async(std::launch::async, [&] {
    return client_.invokeSync(addressOf(server_), RemotingCommand::createRequest(kSlowCode), 10000ms);
  }));
  ASSERT_TRUE(waitUntil([&] { return started.load() == 1; }));
  calls.push_back(std::async(std::launch::async, [&] {  // waits in the queue
    return client_.invokeSync(addressOf(server_), RemotingCommand::createRequest(kSlowCode), 10000ms);
  }));
  ASSERT_TRUE(waitUntil([&] { return pool->queuedTasks() == 1; }));
  auto refused = client_.invokeSync(addressOf(server_), RemotingCommand::createRequest(kSlowCode), 3000ms);
  ASSERT_TRUE(refused.ok()) << refused.error();
  EXPECT_EQ(refused->code(), kSystemBusy);
  release.count_down();
  for (auto& call : calls) {
    auto r = call.get();
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r->code(), kSuccess);
  }
  pool->shutdown();
}

TEST_F(RpcTest, ResponseMirrorsTheRequestSerializeType) {
  auto raw = RawConnection::open(server_.port());
  ASSERT_NE(raw, nullptr);
  for (auto type : {SerializeType::kJson, SerializeType::kRocketMQ, SerializeType::kJson}) {
    auto request = echoRequest("mirror");
    request.setSerializeType(type);
    ASSERT_TRUE(raw->sendCommand(request));
    auto frame = raw->readFrame(5s);
    ASSERT_TRUE(frame.has_value());
    EXPECT_EQ(frame->opaque(), request.opaque());
    EXPECT_EQ(frame->serializeType(), type) << "request was " << serializeTypeName(type);
    // Also an error the transport writes itself.
    auto unknown = RemotingCommand::createRequest(kUnknownCode);
    unknown.setSerializeType(type);
    ASSERT_TRUE(raw->sendCommand(unknown));
    auto error = raw->readFrame(5s);
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->code(), kRequestCodeNotSupported);
    EXPECT_EQ(error->serializeType(), type);
  }
}

TEST_F(RpcTest, ClientSendsTheConfiguredSerializeType) {
  std::mutex mutex;
  std::vector<SerializeType> seen;
  server_.registerProcessor(kParkCode, makeProcessor([&](const RequestContext&, RemotingCommand& request) {
    std::lock_guard lock(mutex);
    seen.push_back(request.serializeType());
    return std::optional<RemotingCommand>(RemotingCommand::createResponse(kSuccess));
  }));
  auto by_default = client_.invokeSync(addressOf(server_), RemotingCommand::createRequest(kParkCode), 3000ms);
  ASSERT_TRUE(by_default.ok()) << by_default.error();
  EXPECT_EQ(by_default->serializeType(), SerializeType::kRocketMQ);

  auto json_config = testClientConfig();
  json_config.connection.request_serialize_type = SerializeType::kJson;
  RemotingClient json_client(json_config);
  ASSERT_TRUE(json_client.start().ok());
  auto as_json = json_client.invokeSync(addressOf(server_), RemotingCommand::createRequest(kParkCode), 3000ms);
  ASSERT_TRUE(as_json.ok()) << as_json.error();
  EXPECT_EQ(as_json->serializeType(), SerializeType::kJson);

  std::lock_guard lock(mutex);
  EXPECT_EQ(seen, (std::vector{SerializeType::kRocketMQ, SerializeType::kJson}));
}

TEST_F(RpcTest, CodesAboveInt16GoAsJsonEvenFromABinaryClient) {
  constexpr int kPopLikeCode = RequestCode::kPopMessage;  // 200050: no room in the int16 field
  std::promise<SerializeType> seen;
  server_.registerProcessor(kPopLikeCode, makeProcessor([&](const RequestContext&, RemotingCommand& request) {
    seen.set_value(request.serializeType());
    return std::optional<RemotingCommand>(RemotingCommand::createResponse(kSuccess));
  }));
  auto response = client_.invokeSync(addressOf(server_), RemotingCommand::createRequest(kPopLikeCode), 3000ms);
  ASSERT_TRUE(response.ok()) << response.error();
  EXPECT_EQ(seen.get_future().get(), SerializeType::kJson);
}

TEST_F(RpcTest, LargeBodiesGrowTheReadBufferBothWays) {
  std::string big(5 * 1024 * 1024, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 131 % 251);
  for (int round = 0; round < 2; ++round) {
    auto response = client_.invokeSync(addressOf(server_), echoRequest(big), 10000ms);
    ASSERT_TRUE(response.ok()) << response.error();
    EXPECT_TRUE(response->body().flatten() == big);
    // Small traffic still flows after the buffer shrank back.
    auto small = client_.invokeSync(addressOf(server_), echoRequest("s"), 3000ms);
    ASSERT_TRUE(small.ok()) << small.error();
    EXPECT_EQ(small->body().flatten(), "s");
  }
}

TEST_F(RpcTest, BodyOfViewsIsWrittenPieceByPiece) {
  // Pieces owned by a shared buffer, as the broker answers pulls from its store.
  auto store = std::make_shared<std::string>("AAAAbbbbCCCCdddd");
  server_.registerProcessor(kParkCode, makeProcessor([store](const RequestContext&, RemotingCommand&) {
    auto response = RemotingCommand::createResponse(kSuccess);
    std::string_view all(*store);
    response.setBody(Payload({all.substr(0, 4), all.substr(8, 4), all.substr(12, 4)}, store));
    return std::optional<RemotingCommand>(std::move(response));
  }));
  store.reset();
  auto response = client_.invokeSync(addressOf(server_), RemotingCommand::createRequest(kParkCode), 3000ms);
  ASSERT_TRUE(response.ok()) << response.error();
  EXPECT_EQ(response->body().flatten(), "AAAACCCCdddd");
}

}  // namespace
}  // namespace apogee::remoting::transport_test
