// Round trips over loopback through the whole transport: client encode and
// write queue, server read loop, executor hop, echo processor, response
// write, client read loop, response table, callback pool.
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "remoting/response_code.h"
#include "remoting/transport/remoting_client.h"
#include "remoting/transport/remoting_server.h"

namespace apogee::remoting {
namespace {

using namespace std::chrono_literals;

constexpr int kEchoCode = 9001;  // not a RocketMQ code
constexpr int kSuccess = ResponseCode::kSuccess;
const std::string kBody(1024, 'x');

// A loopback server answering kEchoCode with the request body.
class EchoServer {
 public:
  EchoServer() : server_(config()) {
    server_.registerProcessor(kEchoCode, makeProcessor([](const RequestContext&, RemotingCommand& request) {
      auto response = RemotingCommand::createResponse(kSuccess);
      response.setBody(request.body().flatten());
      return std::optional<RemotingCommand>(std::move(response));
    }));
    ok_ = server_.start().ok();
  }
  bool ok() const { return ok_; }
  std::vector<ChannelPtr> channels() const { return server_.channels(); }
  std::string address() const { return "127.0.0.1:" + std::to_string(server_.port()); }

 private:
  static ServerConfig config() {
    ServerConfig c;
    c.host = "127.0.0.1";
    c.io_threads = 2;
    c.executors.default_processor_threads = 2;
    return c;
  }
  RemotingServer server_;
  bool ok_ = false;
};

RemotingCommand echoRequest() {
  auto request = RemotingCommand::createRequest(kEchoCode, {{"topic", "BenchTopic"}});
  request.setBody(kBody);
  return request;
}

std::unique_ptr<RemotingClient> startedClient() {
  ClientConfig config;
  config.executors.callback_threads = 1;
  auto client = std::make_unique<RemotingClient>(config);
  if (!client->start().ok()) return nullptr;
  return client;
}

void BM_RpcSyncRoundTrip(benchmark::State& state) {
  EchoServer server;
  auto client = startedClient();
  if (!server.ok() || !client || !client->invokeSync(server.address(), echoRequest(), 3000ms).ok()) {
    state.SkipWithError("cannot set up the loopback server");
    return;
  }
  for (auto _ : state) {
    auto response = client->invokeSync(server.address(), echoRequest(), 3000ms);
    if (!response.ok() || response->body().size() != kBody.size()) {
      state.SkipWithError("round trip failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(2 * kBody.size()));
}
BENCHMARK(BM_RpcSyncRoundTrip)->UseRealTime();

// Keeps `window` async requests in flight, spread round-robin over
// `connections` clients (one connection each).
void BM_RpcAsyncPipelined(benchmark::State& state) {
  const auto connections = static_cast<std::size_t>(state.range(0));
  const int window = static_cast<int>(state.range(1));
  EchoServer server;
  std::vector<std::unique_ptr<RemotingClient>> clients;
  for (std::size_t i = 0; i < connections; ++i) {
    clients.push_back(startedClient());
    if (!server.ok() || !clients.back() ||
        !clients.back()->invokeSync(server.address(), echoRequest(), 3000ms).ok()) {
      state.SkipWithError("cannot set up the loopback server");
      return;
    }
  }
  std::mutex mutex;
  std::condition_variable slot_free;
  int in_flight = 0;  // guarded by mutex
  std::atomic<std::int64_t> failures{0};
  const std::string address = server.address();
  std::size_t next = 0;
  for (auto _ : state) {
    {
      std::unique_lock lock(mutex);
      slot_free.wait(lock, [&] { return in_flight < window; });
      ++in_flight;
    }
    clients[next++ % connections]->invokeAsync(address, echoRequest(), 10000ms, [&](Result<RemotingCommand> r) {
      if (!r.ok()) failures.fetch_add(1, std::memory_order_relaxed);
      {
        std::lock_guard lock(mutex);
        --in_flight;
      }
      slot_free.notify_one();
    });
  }
  {
    std::unique_lock lock(mutex);
    slot_free.wait(lock, [&] { return in_flight == 0; });
  }
  if (failures.load() != 0) state.SkipWithError("some requests failed");
  // Average frames per gathered write on each side: the batching at work.
  Channel::Stats client_side, server_side;
  for (auto& client : clients) {
    if (auto channel = client->getChannel(address, 1000ms); channel.ok()) {
      auto s = (*channel)->stats();
      client_side.frames_written += s.frames_written;
      client_side.writes += s.writes;
    }
  }
  for (auto& channel : server.channels()) {
    auto s = channel->stats();
    server_side.frames_written += s.frames_written;
    server_side.writes += s.writes;
    server_side.frames_read += s.frames_read;
    server_side.reads += s.reads;
  }
  auto ratio = [](std::uint64_t a, std::uint64_t b) { return b == 0 ? 0.0 : static_cast<double>(a) / b; };
  state.counters["cli_frames/write"] = ratio(client_side.frames_written, client_side.writes);
  state.counters["srv_frames/write"] = ratio(server_side.frames_written, server_side.writes);
  state.counters["srv_frames/read"] = ratio(server_side.frames_read, server_side.reads);
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(2 * kBody.size()));
}
BENCHMARK(BM_RpcAsyncPipelined)->Args({1, 256})->Args({4, 256})->UseRealTime();

}  // namespace
}  // namespace apogee::remoting
