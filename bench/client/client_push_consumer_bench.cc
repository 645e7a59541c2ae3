// DefaultMQPushConsumer against an in-process name server and broker over
// loopback, 1 KiB bodies, 8 queues, a no-op listener:
//   BM_PushConsumeBacklog   messages/s drained from a prefilled backlog by a
//                           fresh group (from the first pull to the last
//                           listener call);
//   BM_PushSendToListener   one synchronous send per iteration with the
//                           consumer running: messages/s from send to
//                           listener, and the send-to-listener latency
//                           p50/p99 (us) as counters.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <mutex>

#include "apogee/default_mq_push_consumer.h"
#include "client_bench_cluster.h"

namespace apogee::client {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr const char* kTopic = "PushBench";
constexpr int kQueues = 8;
constexpr int kPrefill = 40000;

bench::BenchCluster& cluster() {
  static bench::BenchCluster c("push", kTopic, kQueues, kPrefill);
  return c;
}

std::unique_ptr<DefaultMQPushConsumer> makeConsumer(const std::string& group,
                                                    MessageListenerConcurrently listener) {
  auto c = std::make_unique<DefaultMQPushConsumer>(group);
  c->setNamesrvAddr(cluster().namesrv_addr);
  c->setClientIP("127.0.0.1");
  c->setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
  c->subscribe(kTopic, "*");
  c->registerMessageListener(std::move(listener));
  return c;
}

void BM_PushConsumeBacklog(benchmark::State& state) {
  if (!cluster().ok) return state.SkipWithError("cluster did not start");
  std::int64_t total = 0;
  int run = 0;
  for (auto _ : state) {
    std::atomic<std::int64_t> consumed{0};
    auto consumer = makeConsumer(
        "PushBenchBacklog" + std::to_string(run++),
        [&](const std::vector<MessageExt>& msgs, ConsumeConcurrentlyContext&) {
          consumed += static_cast<std::int64_t>(msgs.size());
          return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
        });
    consumer->start();
    const auto deadline = Clock::now() + 60s;
    while (consumed < kPrefill && Clock::now() < deadline) std::this_thread::sleep_for(1ms);
    total += consumed;
    state.PauseTiming();
    consumer->shutdown();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(total);
  state.SetBytesProcessed(total * 1024);
}
BENCHMARK(BM_PushConsumeBacklog)->UseRealTime()->Iterations(3)->Unit(benchmark::kMillisecond);

void BM_PushSendToListener(benchmark::State& state) {
  if (!cluster().ok) return state.SkipWithError("cluster did not start");
  std::mutex mutex;
  std::vector<std::int64_t> latencies_ns;
  std::atomic<std::int64_t> received{0};
  auto consumer = makeConsumer(
      "PushBenchE2E", [&](const std::vector<MessageExt>& msgs, ConsumeConcurrentlyContext&) {
        const auto now = Clock::now().time_since_epoch().count();
        std::lock_guard lock(mutex);
        for (const auto& m : msgs) {
          const std::string sent = m.getProperty("BENCH_SENT_NS");
          if (!sent.empty()) latencies_ns.push_back(now - std::stoll(sent));
        }
        received += static_cast<std::int64_t>(msgs.size());
        return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
      });
  consumer->setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_LAST_OFFSET);
  consumer->start();
  DefaultMQProducer producer("PushBenchProducer");
  producer.setNamesrvAddr(cluster().namesrv_addr);
  producer.start();
  // Skip the backlog: only messages carrying a send time are measured.
  const std::string body(1024, 'y');
  std::int64_t sent = 0;
  for (auto _ : state) {
    Message msg(kTopic, "TagB", body);
    msg.putUserProperty("BENCH_SENT_NS", std::to_string(Clock::now().time_since_epoch().count()));
    producer.send(msg);
    ++sent;
  }
  const auto deadline = Clock::now() + 30s;
  auto measured = [&] {
    std::lock_guard lock(mutex);
    return static_cast<std::int64_t>(latencies_ns.size());
  };
  while (measured() < sent && Clock::now() < deadline) std::this_thread::sleep_for(1ms);
  {
    std::lock_guard lock(mutex);
    std::sort(latencies_ns.begin(), latencies_ns.end());
    if (!latencies_ns.empty()) {
      auto at = [&](double q) {
        return static_cast<double>(
                   latencies_ns[static_cast<std::size_t>(q * static_cast<double>(latencies_ns.size() - 1))]) /
               1000.0;
      };
      state.counters["p50_us"] = at(0.50);
      state.counters["p99_us"] = at(0.99);
      state.counters["delivered"] = static_cast<double>(latencies_ns.size());
    }
  }
  state.SetItemsProcessed(sent);
  state.SetBytesProcessed(sent * 1024);
  producer.shutdown();
  consumer->shutdown();
}
BENCHMARK(BM_PushSendToListener)->UseRealTime()->MinTime(2.0);

}  // namespace
}  // namespace apogee::client
