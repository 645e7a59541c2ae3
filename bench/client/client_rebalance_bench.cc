// Membership changes of a push consumer group against an in-process name
// server and broker over loopback: 8 queues fed with 1 KiB messages at about
// 1,000 msg/s, two members consuming, a third joining (even iterations) or
// leaving (odd ones). Each iteration is one change, timed from the joining
// member's start() or the leaving member's shutdown() until every queue is
// held by exactly one member and has delivered a message sent after the
// change (reassignment time, manual time in ms). Arg: 1 = rebalance handover
// (the default), 0 = RocketMQ's plain behaviour. Counter `dup_per_change`:
// messages consumed twice per change.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>

#include "apogee/default_mq_push_consumer.h"
#include "client/consumer/default_mq_push_consumer_impl.h"
#include "client_bench_cluster.h"

namespace apogee::client {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr const char* kTopic = "RebalanceBench";
constexpr int kQueues = 8;

bench::BenchCluster& cluster() {
  static bench::BenchCluster c("rebalance", kTopic, kQueues, 0);
  return c;
}

struct Seen {
  std::mutex mutex;
  std::map<std::int64_t, int> times;  // sequence number -> deliveries
  std::map<int, std::int64_t> maxSeqByQueue;
};

std::unique_ptr<DefaultMQPushConsumer> makeMember(const std::string& group, bool handover,
                                                  Seen& seen) {
  auto c = std::make_unique<DefaultMQPushConsumer>(group);
  c->setNamesrvAddr(cluster().namesrv_addr);
  c->setClientIP("127.0.0.1");
  c->setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_LAST_OFFSET);
  c->setRebalanceHandover(handover);
  c->subscribe(kTopic, "*");
  c->registerMessageListener([&seen, group](const std::vector<MessageExt>& msgs,
                                     ConsumeConcurrentlyContext&) {
    std::lock_guard lock(seen.mutex);
    for (const auto& m : msgs) {
      // A new group may start at the topic's first message: skip the other
      // run's messages.
      if (m.getProperty("BENCH_RUN") != group) continue;
      const std::int64_t seq = std::stoll(m.getProperty("BENCH_SEQ"));
      ++seen.times[seq];
      auto& max = seen.maxSeqByQueue[m.getQueueId()];
      max = std::max(max, seq);
    }
    return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
  });
  c->start();
  return c;
}

bool settled(const std::vector<DefaultMQPushConsumer*>& members, Seen& seen,
             std::int64_t seqAtChange) {
  std::size_t total = 0;
  std::set<int> held;
  for (auto* m : members) {
    std::size_t mine = 0;
    for (const auto& [mq, pq] : m->getDefaultMQPushConsumerImpl()->processQueueTable()) {
      if (mq.getTopic() != kTopic || pq->isDropped()) continue;
      held.insert(mq.getQueueId());
      ++mine;
    }
    if (mine < kQueues / members.size()) return false;
    total += mine;
  }
  if (held.size() != kQueues || total != kQueues) return false;
  std::lock_guard lock(seen.mutex);
  return seen.maxSeqByQueue.size() == kQueues &&
         std::all_of(seen.maxSeqByQueue.begin(), seen.maxSeqByQueue.end(),
                     [&](const auto& q) { return q.second > seqAtChange; });
}

void BM_RebalanceReassignment(benchmark::State& state) {
  if (!cluster().ok) return state.SkipWithError("cluster did not start");
  const bool handover = state.range(0) != 0;
  const std::string group = std::string("RebalanceBench") + (handover ? "Handover" : "Plain");
  Seen seen;
  DefaultMQProducer producer(group + "Producer");
  producer.setNamesrvAddr(cluster().namesrv_addr);
  producer.start();
  std::atomic<std::int64_t> next_seq{0};
  std::atomic<bool> producing{true};
  std::thread feeder([&] {
    const std::string body(1024, 'r');
    auto tick = Clock::now();
    while (producing) {
      Message msg(kTopic, "TagA", body);
      msg.putUserProperty("BENCH_SEQ", std::to_string(next_seq.load()));
      msg.putUserProperty("BENCH_RUN", group);
      try {
        if (producer.send(msg).getSendStatus() == SendStatus::SEND_OK) ++next_seq;
      } catch (const MQClientException&) {
      }
      tick += 1ms;
      std::this_thread::sleep_until(tick);
    }
  });
  auto a = makeMember(group, handover, seen);
  auto b = makeMember(group, handover, seen);
  std::vector<DefaultMQPushConsumer*> members{a.get(), b.get()};
  auto deadline = Clock::now() + 30s;
  while (!settled(members, seen, 0) && Clock::now() < deadline) std::this_thread::sleep_for(1ms);

  std::unique_ptr<DefaultMQPushConsumer> third;
  std::int64_t changes = 0;
  for (auto _ : state) {
    const std::int64_t seq = next_seq.load();
    const auto begin = Clock::now();
    if (!third) {
      third = makeMember(group, handover, seen);
      members.push_back(third.get());
    } else {
      members.pop_back();
      third->shutdown();
      third.reset();
    }
    deadline = Clock::now() + 30s;
    while (!settled(members, seen, seq) && Clock::now() < deadline) std::this_thread::sleep_for(1ms);
    state.SetIterationTime(std::chrono::duration<double>(Clock::now() - begin).count());
    ++changes;
    std::this_thread::sleep_for(200ms);  // steady state between changes (not timed)
  }
  producing = false;
  feeder.join();
  if (third) third->shutdown();
  b->shutdown();
  a->shutdown();
  producer.shutdown();
  std::int64_t dups = 0;
  {
    std::lock_guard lock(seen.mutex);
    for (const auto& [s, times] : seen.times) dups += times - 1;
  }
  state.counters["dup_per_change"] =
      changes > 0 ? static_cast<double>(dups) / static_cast<double>(changes) : 0.0;
}
BENCHMARK(BM_RebalanceReassignment)
    ->Arg(1)
    ->Arg(0)
    ->UseManualTime()
    ->Iterations(20)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace apogee::client
