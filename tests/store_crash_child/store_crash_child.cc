// Child process of the store crash test (tests/store/crash_test.cc).
//
//   store_crash_child <store dir> <round> <writer threads>
//
// Opens the store with synchronous flush, prints "ready", then appends the
// crash workload from several threads and prints, for every acknowledged
// message, "ack <round> <thread> <seq> <commitlog offset> <queue id>
// <queue offset> <store timestamp>". It runs until the parent kills it
// (SIGKILL); after 20 s it shuts down cleanly on its own.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "store/default_message_store.h"
#include "store_crash_child/crash_workload.h"

namespace {

void say(const std::string& line) {
  // One write() per line: atomic on a pipe (< PIPE_BUF), so lines never mix.
  const char* p = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    const ssize_t n = ::write(STDOUT_FILENO, p, left);
    if (n <= 0) std::_Exit(3);
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace apogee;
  if (argc != 4) {
    std::fprintf(stderr, "usage: store_crash_child <dir> <round> <threads>\n");
    return 2;
  }
  const std::string dir = argv[1];
  const int round = std::atoi(argv[2]);
  const int threads = std::atoi(argv[3]);
  store::DefaultMessageStore store(testing::crash::config(dir));
  if (Status s = store.start(); !s.ok()) {
    say("error start " + s.toString() + "\n");
    return 1;
  }
  say("ready " + std::to_string(store.getMaxPhyOffset().value()) + "\n");
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int t = 0; t < threads; ++t) {
    writers.emplace_back([&, t] {
      for (int64_t seq = 0; !stop.load(); ++seq) {
        const auto m = testing::crash::make(round, t, seq);
        store::PutMessageRequest req;
        req.topic = testing::crash::kTopic;
        req.queueId = QueueId(m.queueId);
        req.flag = m.flag;
        req.body = m.body;
        req.properties = m.properties;
        req.bornTimestamp = m.bornTimestamp;
        req.bornHost = m.bornHost;
        auto r = store.putMessage(req);
        if (!r.ok()) {
          say("error put " + r.errorMessage + "\n");
          std::_Exit(1);
        }
        say("ack " + std::to_string(round) + " " + std::to_string(t) + " " + std::to_string(seq) +
            " " + std::to_string(r.wroteOffset.value()) + " " + std::to_string(m.queueId) + " " +
            std::to_string(r.queueOffset.value()) + " " + std::to_string(r.storeTimestamp) + "\n");
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(20));
  stop = true;
  for (auto& w : writers) w.join();
  store.shutdown();
  return 0;
}
