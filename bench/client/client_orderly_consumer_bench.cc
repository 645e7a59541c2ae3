// Orderly consumption (MessageListenerOrderly) against an in-process name
// server and broker over loopback, 1 KiB bodies, 8 queues, a no-op listener:
//   BM_OrderlyConsumeBacklog/<batch>  messages/s drained from a prefilled
//                                     backlog by a fresh group (queue locks,
//                                     the first pulls, every listener call),
//                                     with consumeMessageBatchMaxSize <batch>.
#include <benchmark/benchmark.h>

#include <atomic>

#include "apogee/default_mq_push_consumer.h"
#include "client_bench_cluster.h"

namespace apogee::client {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr const char* kTopic = "OrderlyBench";
constexpr int kQueues = 8;
constexpr int kPrefill = 40000;

bench::BenchCluster& cluster() {
  static bench::BenchCluster c("orderly", kTopic, kQueues, kPrefill);
  return c;
}

void BM_OrderlyConsumeBacklog(benchmark::State& state) {
  if (!cluster().ok) return state.SkipWithError("cluster did not start");
  std::int64_t total = 0;
  int run = 0;
  for (auto _ : state) {
    std::atomic<std::int64_t> consumed{0};
    DefaultMQPushConsumer consumer("OrderlyBenchBacklog" + std::to_string(state.range(0)) + "_" +
                                   std::to_string(run++));
    consumer.setNamesrvAddr(cluster().namesrv_addr);
    consumer.setClientIP("127.0.0.1");
    consumer.setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
    consumer.setConsumeMessageBatchMaxSize(static_cast<int>(state.range(0)));
    consumer.subscribe(kTopic, "*");
    consumer.registerMessageListener(
        [&](const std::vector<MessageExt>& msgs, ConsumeOrderlyContext&) {
          consumed += static_cast<std::int64_t>(msgs.size());
          return ConsumeOrderlyStatus::SUCCESS;
        });
    consumer.start();
    const auto deadline = Clock::now() + 60s;
    while (consumed < kPrefill && Clock::now() < deadline) std::this_thread::sleep_for(1ms);
    total += consumed;
    state.PauseTiming();
    consumer.shutdown();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(total);
  state.SetBytesProcessed(total * 1024);
}
BENCHMARK(BM_OrderlyConsumeBacklog)
    ->Arg(1)
    ->Arg(32)
    ->UseRealTime()
    ->Iterations(3)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace apogee::client
