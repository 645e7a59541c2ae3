// getMessage throughput, append-to-notify latency, and recovery time.
//
//   make bench BENCH_ARGS=--benchmark_filter='GetMessage|AppendToNotify|Recovery'
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <atomic>
#include <chrono>
#include <memory>
#include <vector>

#include "bench_util.h"
#include "store/default_message_store.h"

namespace apogee::store::bench {
namespace {

using Clock = std::chrono::steady_clock;

void BM_GetMessage(benchmark::State& state) {
  const auto dir = benchDir("get");
  DefaultMessageStore store(benchConfig(dir));
  if (!store.start().ok()) return state.SkipWithError("start failed");
  BenchMessage m(1024);
  constexpr int kMessages = 100000;
  for (int i = 0; i < kMessages; ++i) {
    if (!store.putMessage(m.request(0)).ok()) return state.SkipWithError("put failed");
  }
  store.waitDispatched(std::chrono::seconds(60));
  const auto batch = static_cast<int32_t>(state.range(0));
  int64_t offset = 0, messages = 0, bytes = 0;
  for (auto _ : state) {
    auto r = store.getMessage("g", "BenchTopic", QueueId(0), QueueOffset(offset), batch, nullptr);
    if (!r.ok() || r->messages.empty()) return state.SkipWithError("get failed");
    messages += static_cast<int64_t>(r->messages.size());
    bytes += r->bufferTotalSize;
    offset = r->nextBeginOffset.value() >= kMessages ? 0 : r->nextBeginOffset.value();
  }
  state.counters["msgs/s"] = benchmark::Counter(static_cast<double>(messages), benchmark::Counter::kIsRate);
  state.SetBytesProcessed(bytes);
  store.shutdown();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_GetMessage)->Arg(1)->Arg(32)->UseRealTime();

// From putMessage's call to the arrival listener running on the dispatch
// thread (the long-polling wake-up path). Reported per iteration, with
// p50/p99 counters in microseconds.
void BM_AppendToNotifyLatency(benchmark::State& state) {
  const auto dir = benchDir("notify");
  auto config = benchConfig(dir);
  DefaultMessageStore store(config);
  std::atomic<int64_t> notified{0};
  std::atomic<int64_t> notified_at{0};
  store.addArrivalListener([&](const ArrivalNotice&) {
    notified_at.store(Clock::now().time_since_epoch().count(), std::memory_order_relaxed);
    notified.fetch_add(1, std::memory_order_release);
  });
  if (!store.start().ok()) return state.SkipWithError("start failed");
  BenchMessage m(static_cast<std::size_t>(state.range(0)));
  std::vector<double> micros;
  int64_t expected = 0;
  for (auto _ : state) {
    const auto t0 = Clock::now();
    if (!store.putMessage(m.request(0)).ok()) return state.SkipWithError("put failed");
    ++expected;
    while (notified.load(std::memory_order_acquire) < expected) {
    }
    const auto t1 = Clock::time_point(Clock::duration(notified_at.load(std::memory_order_relaxed)));
    const double us = std::chrono::duration<double, std::micro>(t1 - t0).count();
    micros.push_back(us);
    state.SetIterationTime(us / 1e6);
  }
  std::sort(micros.begin(), micros.end());
  if (!micros.empty()) {
    state.counters["p50_us"] = micros[micros.size() / 2];
    state.counters["p99_us"] = micros[micros.size() * 99 / 100];
  }
  store.shutdown();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_AppendToNotifyLatency)->Arg(1024)->UseManualTime();

// Drops the store's files from the page cache, so recovery reads the disk.
void dropFromPageCache(const std::filesystem::path& dir) {
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    const int fd = ::open(e.path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    ::fdatasync(fd);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
  }
}

// Start-up time over a commit log of range(0) MiB, with the page cache
// dropped for the store's files when range(1) is 1. range(2) = 0: crash
// recovery in its worst case (no checkpoint, no consume-queue files: every
// record validated, CRC included, and dispatched again); 1: start after a
// clean shutdown (only the last segment is scanned). Reports s per GiB.
void BM_Recovery(benchmark::State& state) {
  const int64_t mib = state.range(0);
  const bool cold = state.range(1) != 0;
  const bool clean = state.range(2) != 0;
  const auto dir = benchDir("recovery");
  auto config = benchConfig(dir);
  config.mappedFileSizeCommitLog = 128 << 20;
  int64_t log_bytes = 0;
  {
    DefaultMessageStore store(config);
    if (!store.start().ok()) return state.SkipWithError("start failed");
    BenchMessage m(1024);
    for (int i = 0; store.getMaxPhyOffset().value() < (mib << 20); ++i) {
      if (!store.putMessage(m.request(i % 8)).ok()) return state.SkipWithError("put failed");
    }
    store.shutdown();
    log_bytes = store.getMaxPhyOffset().value();
  }
  for (auto _ : state) {
    state.PauseTiming();
    if (!clean) {
      std::filesystem::remove_all(dir / "consumequeue");
      std::filesystem::remove_all(dir / "index");
      std::filesystem::remove(dir / "checkpoint");
      std::ofstream(dir / "abort").put('\n');
    }
    if (cold) dropFromPageCache(dir);
    state.ResumeTiming();
    const auto t0 = Clock::now();
    DefaultMessageStore store(config);
    if (!store.start().ok()) return state.SkipWithError("recovery failed");
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    state.SetIterationTime(seconds);
    state.counters["s_per_GiB"] = seconds / (static_cast<double>(log_bytes) / (1 << 30));
    state.PauseTiming();
    store.shutdown();
    state.ResumeTiming();
  }
  state.SetBytesProcessed(log_bytes * static_cast<int64_t>(state.iterations()));
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_Recovery)
    ->ArgNames({"MiB", "cold", "clean"})
    ->Args({512, 0, 0})
    ->Args({512, 1, 0})
    ->Args({512, 1, 1})
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace apogee::store::bench
