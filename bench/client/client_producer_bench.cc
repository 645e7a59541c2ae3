// DefaultMQProducer against an in-process name server and broker over
// loopback, 1 KiB bodies: synchronous send (one at a time) and asynchronous
// send with a window of messages in flight. Each iteration builds a fresh
// Message, as an application would.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "apogee/default_mq_producer.h"
#include "apogee/message_client_id_setter.h"
#include "broker/broker_controller.h"
#include "client/message_codec.h"
#include "namesrv/name_server.h"
#include "remoting/frame_codec.h"
#include "remoting/headers/send.h"
#include "remoting/request_code.h"
#include "remoting/response_code.h"
#include "remoting/transport/remoting_client.h"
#include "client_bench_cluster.h"

namespace apogee::client {
namespace {

using namespace std::chrono_literals;
namespace code = remoting::RequestCode;
namespace rc = remoting::ResponseCode;

const std::string kBody(1024, 'x');
constexpr const char* kTopic = "ClientBench";

struct ProducerBenchCluster : bench::BenchCluster {
  ProducerBenchCluster() : BenchCluster("client", kTopic, 4, 0) {
    producer = std::make_unique<DefaultMQProducer>("ClientBenchProducer");
    producer->setNamesrvAddr(namesrv_addr);
    try {
      producer->start();
      // The broker registers the topic right after creating it; wait for the route.
      for (int i = 0; i < 100; ++i) {
        try {
          if (!producer->fetchPublishMessageQueues(kTopic).empty()) break;
        } catch (const MQClientException&) {
        }
        std::this_thread::sleep_for(50ms);
      }
    } catch (const MQClientException&) {
      ok = false;
    }
  }
  ~ProducerBenchCluster() { producer->shutdown(); }

  std::unique_ptr<DefaultMQProducer> producer;
};

ProducerBenchCluster& cluster() {
  static ProducerBenchCluster c;
  return c;
}

void BM_ProducerSyncSend(benchmark::State& state) {
  auto& c = cluster();
  if (!c.ok) return state.SkipWithError("cluster did not start");
  for (auto _ : state) {
    Message msg(kTopic, "TagA", kBody);
    try {
      c.producer->send(msg);
    } catch (const MQClientException& e) {
      return state.SkipWithError(e.what());
    }
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kBody.size()));
}
BENCHMARK(BM_ProducerSyncSend)->UseRealTime();

// Keeps `window` sends in flight.
void BM_ProducerAsyncSend(benchmark::State& state) {
  auto& c = cluster();
  if (!c.ok) return state.SkipWithError("cluster did not start");
  const int window = static_cast<int>(state.range(0));
  std::mutex mu;
  std::condition_variable cv;
  int in_flight = 0;
  std::atomic<int> failed{0};
  auto done = [&] {
    std::lock_guard lock(mu);
    --in_flight;
    cv.notify_all();
  };
  for (auto _ : state) {
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return in_flight < window; });
      ++in_flight;
    }
    c.producer->send(
        Message(kTopic, "TagA", kBody), [&](const SendResult&) { done(); },
        [&](const MQClientException&) {
          ++failed;
          done();
        });
  }
  std::unique_lock lock(mu);
  cv.wait(lock, [&] { return in_flight == 0; });
  if (failed.load() > 0) state.SkipWithError("sends failed");
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kBody.size()));
}
BENCHMARK(BM_ProducerAsyncSend)->Arg(64)->UseRealTime();

// The producer's own per-message work without the network: build the
// message, give it a UNIQ_KEY, encode its properties, fill the V2 header, and
// write the frame head the transport would send (binary header). The body is
// not copied here (the transport sends it as a view).
void BM_ProducerEncode(benchmark::State& state) {
  for (auto _ : state) {
    Message msg(kTopic, "TagA", kBody);
    MessageClientIDSetter::setUniqID(msg);
    remoting::SendMessageRequestHeaderV2 h;
    h.a = "ClientBenchProducer";
    h.b = kTopic;
    h.c = "TBW102";
    h.d = 4;
    h.e = 1;
    h.g = 1700000000000;
    h.i = encodeProperties(msg);
    h.j = 0;
    h.n = "broker-a";
    auto cmd =
        remoting::RemotingCommand::createRequest(code::kSendMessageV2, remoting::toExtFields(h));
    cmd.setSerializeType(remoting::SerializeType::kRocketMQ);
    std::string head;
    benchmark::DoNotOptimize(remoting::encodeFrameHead(cmd, head));
    benchmark::DoNotOptimize(head.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ProducerEncode);

}  // namespace
}  // namespace apogee::client
