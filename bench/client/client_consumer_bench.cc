// The pull consumers against an in-process name server and broker over
// loopback, 1 KiB bodies prefilled in one queue: DefaultMQPullConsumer::pull
// of 32 messages at a time (sync), and DefaultLitePullConsumer::poll fed by
// its background long-polling pulls (batches of 32).
#include <benchmark/benchmark.h>

#include "apogee/default_lite_pull_consumer.h"
#include "apogee/default_mq_pull_consumer.h"
#include "client_bench_cluster.h"

namespace apogee::client {
namespace {

using namespace std::chrono_literals;

constexpr const char* kTopic = "ConsumerBench";
constexpr int kPrefill = 20000;

struct ConsumerBenchCluster : bench::BenchCluster {
  ConsumerBenchCluster() : BenchCluster("consumer", kTopic, 1, kPrefill) {}
  const MessageQueue queue{kTopic, "broker-a", 0};
};

ConsumerBenchCluster& cluster() {
  static ConsumerBenchCluster c;
  return c;
}

void BM_PullConsumerPull(benchmark::State& state) {
  auto& c = cluster();
  if (!c.ok) return state.SkipWithError("cluster did not start");
  DefaultMQPullConsumer consumer("ConsumerBenchPull");
  consumer.setNamesrvAddr(c.namesrv_addr);
  consumer.start();
  std::int64_t offset = 0;
  std::int64_t messages = 0;
  for (auto _ : state) {
    PullResult r = consumer.pull(c.queue, "*", offset, 32);
    messages += static_cast<std::int64_t>(r.getMsgFoundList().size());
    offset = r.getPullStatus() == PullStatus::FOUND ? r.getNextBeginOffset() : 0;
  }
  state.SetItemsProcessed(messages);
  state.SetBytesProcessed(messages * 1024);
  consumer.shutdown();
}
BENCHMARK(BM_PullConsumerPull)->UseRealTime()->MinTime(2.0);

void BM_LitePullPoll(benchmark::State& state) {
  auto& c = cluster();
  if (!c.ok) return state.SkipWithError("cluster did not start");
  DefaultLitePullConsumer consumer("ConsumerBenchLite");
  consumer.setNamesrvAddr(c.namesrv_addr);
  consumer.setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
  consumer.setPullBatchSize(32);
  consumer.assign({c.queue});
  consumer.start();
  std::int64_t messages = 0;
  for (auto _ : state) {
    auto batch = consumer.poll(1s);
    messages += static_cast<std::int64_t>(batch.size());
    // Drained: read the queue again (without waiting for an empty poll).
    if (batch.empty() || batch.back().getQueueOffset() + 1 >= kPrefill) {
      state.PauseTiming();
      consumer.seekToBegin(c.queue);
      state.ResumeTiming();
    }
  }
  state.SetItemsProcessed(messages);
  state.SetBytesProcessed(messages * 1024);
  consumer.shutdown();
}
BENCHMARK(BM_LitePullPoll)->UseRealTime()->MinTime(2.0);

}  // namespace
}  // namespace apogee::client
