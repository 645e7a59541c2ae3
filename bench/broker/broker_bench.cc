// The broker over loopback through RemotingClient, 1 KiB messages: sync
// send, pipelined async send, pull (32 per request), and the long-poll
// wake-up latency (send -> held pull answered).
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <future>
#include <memory>
#include <mutex>
#include <string>

#include <benchmark/benchmark.h>

#include "broker/broker_controller.h"
#include "broker/pull_request_hold_service.h"
#include "remoting/headers/pull.h"
#include "remoting/headers/send.h"
#include "remoting/request_code.h"
#include "remoting/response_code.h"
#include "remoting/transport/remoting_client.h"
#include "store/default_message_store.h"

namespace apogee::broker {
namespace {

using remoting::RemotingCommand;
namespace code = remoting::RequestCode;
namespace rc = remoting::ResponseCode;
using namespace std::chrono_literals;

const std::string kBody(1024, 'x');

// One broker for the whole run, on a scratch directory.
struct BenchBroker {
  BenchBroker() {
    dir = std::filesystem::temp_directory_path() / ("apogee-broker-bench-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    BrokerConfig c;
    c.listenHost = "127.0.0.1";
    c.listenPort = 0;
    c.storePathRootDir = dir;
    c.store.mappedFileSizeCommitLog = 256LL * 1024 * 1024;
    c.store.maxHashSlotNum = 100000;
    c.store.maxIndexNum = 400000;
    broker = std::make_unique<BrokerController>(c);
    ok = broker->start().ok();
    addr = "127.0.0.1:" + std::to_string(broker->port());
    ok = ok && client.start().ok();
    auto create = RemotingCommand::createRequest(
        code::kUpdateAndCreateTopic,
        {{"topic", "Bench"}, {"defaultTopic", "TBW102"}, {"readQueueNums", "4"},
         {"writeQueueNums", "4"}, {"perm", "6"}, {"topicFilterType", "SINGLE_TAG"}, {"order", "false"}});
    auto r = client.invokeSync(addr, std::move(create), 5s);
    ok = ok && r.ok() && r->code() == rc::kSuccess;
  }
  ~BenchBroker() {
    client.shutdown();
    broker->shutdown();
    std::filesystem::remove_all(dir);
  }
  RemotingCommand sendRequest(int queue) const {
    remoting::SendMessageRequestHeaderV2 h;
    h.a = "BenchProducer";
    h.b = "Bench";
    h.c = "TBW102";
    h.d = 4;
    h.e = queue;
    h.g = 1700000000000;
    h.i = std::string("TAGS\x01" "A\x02UNIQ_KEY\x01" "0123456789ABCDEF0123456789ABCDEF");
    auto req = RemotingCommand::createRequest(code::kSendMessageV2, remoting::toExtFields(h));
    req.setBody(kBody);
    return req;
  }
  RemotingCommand pullRequest(int queue, std::int64_t offset, bool suspend) const {
    remoting::PullMessageRequestHeader h;
    h.consumerGroup = "BenchGroup";
    h.topic = "Bench";
    h.queueId = queue;
    h.queueOffset = offset;
    h.maxMsgNums = 32;
    h.sysFlag = remoting::PullSysFlag::kSubscription | (suspend ? remoting::PullSysFlag::kSuspend : 0);
    h.suspendTimeoutMillis = 20000;
    h.subscription = "*";
    return RemotingCommand::createRequest(code::kPullMessage, remoting::toExtFields(h));
  }

  std::filesystem::path dir;
  std::unique_ptr<BrokerController> broker;
  remoting::RemotingClient client;
  std::string addr;
  bool ok = false;
};

BenchBroker& bench() {
  static BenchBroker b;
  return b;
}

void BM_BrokerSyncSend(benchmark::State& state) {
  auto& b = bench();
  if (!b.ok) return state.SkipWithError("broker did not start");
  for (auto _ : state) {
    auto r = b.client.invokeSync(b.addr, b.sendRequest(0), 5s);
    if (!r.ok() || r->code() != rc::kSuccess) return state.SkipWithError("send failed");
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kBody.size()));
}
BENCHMARK(BM_BrokerSyncSend)->UseRealTime();

// Keeps `window` sends in flight.
void BM_BrokerAsyncSend(benchmark::State& state) {
  auto& b = bench();
  if (!b.ok) return state.SkipWithError("broker did not start");
  const int window = static_cast<int>(state.range(0));
  std::mutex mu;
  std::condition_variable cv;
  int in_flight = 0;
  std::atomic<int> failed{0};
  for (auto _ : state) {
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return in_flight < window; });
      ++in_flight;
    }
    b.client.invokeAsync(b.addr, b.sendRequest(1), 5s, [&](Result<RemotingCommand> r) {
      if (!r.ok() || r->code() != rc::kSuccess) ++failed;
      std::lock_guard lock(mu);
      --in_flight;
      cv.notify_all();
    });
  }
  std::unique_lock lock(mu);
  cv.wait(lock, [&] { return in_flight == 0; });
  if (failed.load() > 0) state.SkipWithError("sends failed");
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kBody.size()));
}
BENCHMARK(BM_BrokerAsyncSend)->Arg(64)->UseRealTime();

// Pulls of up to 32 messages from a pre-filled queue; items = messages.
void BM_BrokerPull(benchmark::State& state) {
  auto& b = bench();
  if (!b.ok) return state.SkipWithError("broker did not start");
  constexpr int kFill = 20000;
  static bool filled = false;
  if (!filled) {
    for (int i = 0; i < kFill; ++i) {
      auto r = b.client.invokeSync(b.addr, b.sendRequest(2), 5s);
      if (!r.ok() || r->code() != rc::kSuccess) return state.SkipWithError("fill failed");
    }
    b.broker->messageStore().waitDispatched(10s);
    filled = true;
  }
  std::int64_t offset = 0;
  std::int64_t messages = 0;
  for (auto _ : state) {
    auto r = b.client.invokeSync(b.addr, b.pullRequest(2, offset, false), 5s);
    if (!r.ok() || r->code() != rc::kSuccess) return state.SkipWithError("pull failed");
    const std::int64_t next = std::stoll(std::string(*r->extField("nextBeginOffset")));
    messages += next - offset;
    offset = next;
    if (offset >= kFill) offset = 0;
  }
  state.SetItemsProcessed(messages);
}
BENCHMARK(BM_BrokerPull)->UseRealTime();

// Time from a send's start to the held pull's answer arriving.
void BM_BrokerLongPollWakeup(benchmark::State& state) {
  auto& b = bench();
  if (!b.ok) return state.SkipWithError("broker did not start");
  auto& hold = b.broker->pullRequestHoldService();
  for (auto _ : state) {
    const std::int64_t offset = b.broker->messageStore().getMaxOffsetInQueue("Bench", QueueId(3)).value();
    std::promise<std::chrono::steady_clock::time_point> answered;
    b.client.invokeAsync(b.addr, b.pullRequest(3, offset, true), 30s, [&](Result<RemotingCommand>) {
      answered.set_value(std::chrono::steady_clock::now());
    });
    while (hold.heldCount() == 0) std::this_thread::yield();
    const auto start = std::chrono::steady_clock::now();
    b.client.invokeAsync(b.addr, b.sendRequest(3), 5s, [](Result<RemotingCommand>) {});
    const auto end = answered.get_future().get();
    state.SetIterationTime(std::chrono::duration<double>(end - start).count());
  }
}
BENCHMARK(BM_BrokerLongPollWakeup)->UseManualTime()->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace apogee::broker
