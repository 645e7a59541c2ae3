// Append throughput of the store against a plain sequential write of the
// same bytes to a file on the same disk (the ratio is what matters).
//
//   make bench BENCH_ARGS=--benchmark_filter='Append|SequentialWrite'
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "bench_util.h"
#include "common/message/stored_message.h"
#include "store/default_message_store.h"

namespace apogee::store::bench {
namespace {

std::unique_ptr<DefaultMessageStore> g_store;
std::filesystem::path g_dir;

void appendBenchmark(benchmark::State& state, FlushDiskType flush) {
  const auto body_size = static_cast<std::size_t>(state.range(0));
  if (state.thread_index() == 0) {
    g_dir = benchDir("append");
    auto config = benchConfig(g_dir);
    config.flushDiskType = flush;
    g_store = std::make_unique<DefaultMessageStore>(config);
    if (Status s = g_store->start(); !s.ok()) state.SkipWithError(s.toString().c_str());
  }
  BenchMessage m(body_size);
  const PutMessageRequest req = m.request(state.thread_index() % 4);
  int64_t bytes = 0;
  for (auto _ : state) {
    auto r = g_store->putMessage(req);
    if (!r.ok()) {
      state.SkipWithError(r.errorMessage.c_str());
      break;
    }
    bytes += r.wroteBytes;
  }
  state.SetBytesProcessed(bytes);
  state.counters["msgs/s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                benchmark::Counter::kIsRate);
  if (state.thread_index() == 0) {
    g_store->shutdown();
    g_store.reset();
    std::filesystem::remove_all(g_dir);
  }
}

void BM_AppendAsync(benchmark::State& state) { appendBenchmark(state, FlushDiskType::kAsyncFlush); }
void BM_AppendSync(benchmark::State& state) { appendBenchmark(state, FlushDiskType::kSyncFlush); }

BENCHMARK(BM_AppendAsync)->Arg(128)->Arg(1024)->Arg(16384)->Threads(1)->Threads(4)->UseRealTime();
BENCHMARK(BM_AppendSync)->Arg(1024)->Threads(1)->Threads(4)->UseRealTime();

// The baseline: the same record sizes written with write() to one file,
// with an fdatasync every 500 ms from a second thread (as the store's async
// flush thread does).
void BM_SequentialWrite(benchmark::State& state) {
  const auto body_size = static_cast<std::size_t>(state.range(0));
  BenchMessage m(body_size);
  const auto record_size = static_cast<std::size_t>(message::storedMessageLength(
      false, false, m.body.size(), std::string_view("BenchTopic").size(), m.properties.size()));
  const std::string record(record_size, 'r');
  auto dir = benchDir("seqwrite");
  const int fd = ::open((dir / "data").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    state.SkipWithError("open failed");
    return;
  }
  std::atomic<bool> stop{false};
  std::thread flusher([&] {
    while (!stop.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      ::fdatasync(fd);
    }
  });
  int64_t bytes = 0;
  for (auto _ : state) {
    if (::write(fd, record.data(), record.size()) != static_cast<ssize_t>(record.size())) {
      state.SkipWithError("write failed");
      break;
    }
    bytes += static_cast<int64_t>(record.size());
  }
  stop = true;
  flusher.join();
  ::close(fd);
  std::filesystem::remove_all(dir);
  state.SetBytesProcessed(bytes);
  state.counters["msgs/s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                benchmark::Counter::kIsRate);
}

BENCHMARK(BM_SequentialWrite)->Arg(128)->Arg(1024)->Arg(16384)->UseRealTime();

}  // namespace
}  // namespace apogee::store::bench
