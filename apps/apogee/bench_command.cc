// `apogee bench produce|pull`: throughput and latency benchmarks, as
// RocketMQ's benchmark Producer and a pull-consumer reader. The statistics
// and the report lines are in bench_stats.*, shared with the later
// `bench consume` and `bench e2e`.
#include <atomic>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "admin_support.h"
#include "apogee/default_lite_pull_consumer.h"
#include "apogee/default_mq_producer.h"
#include "apogee/default_mq_push_consumer.h"
#include "bench_stats.h"
#include "commands.h"

namespace apogee::tool {
namespace {

using Clock = std::chrono::steady_clock;

// Set by SIGINT/SIGTERM: the run ends early and still prints its summary.
std::atomic<bool> interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

void onTerminationSignal(int) { interrupted.store(true); }

void installInterruptHandler() {
  std::signal(SIGINT, onTerminationSignal);
  std::signal(SIGTERM, onTerminationSignal);
}

// Options every bench command has.
struct BoundOptions {
  ClientOptions client;
  std::string topic;
  std::string duration;  // "10s"; empty: 10 s unless --count is given
  std::int64_t count = 0;
};

void addBoundOptions(CLI::App& cmd, BoundOptions& o) {
  addClientOptions(cmd, o.client, false);
  cmd.add_flag("--json", o.client.json,
               "One JSON object per second and a summary object at the end");
  cmd.add_option("-t,--topic", o.topic, "Topic")->required();
  cmd.add_option("-d,--duration", o.duration,
                 "How long to run: 10s, 500ms, 2m (default 10s unless --count is given)");
  cmd.add_option("-c,--count", o.count, "Stop after this many messages");
}

// The deadline of a run started at `start`, if any.
std::optional<Clock::time_point> deadlineOf(const BoundOptions& o, Clock::time_point start) {
  if (o.count < 0) throw ToolError("--count must be positive");
  if (o.duration.empty()) {
    if (o.count > 0) return std::nullopt;
    return start + std::chrono::seconds(10);
  }
  auto d = parseDuration(o.duration);
  if (!d || d->count() <= 0) {
    throw ToolError("bad --duration '" + o.duration + "' — use e.g. 10s, 500ms, 2m");
  }
  return start + *d;
}

double secondsSince(Clock::time_point t0, Clock::time_point t1) {
  return std::chrono::duration<double>(t1 - t0).count();
}

// Prints one line per second until `finished()` (checked every 10 ms), then
// the last partial interval. `done()` is the progress count. Returns the
// wall time of the run in seconds.
double report(BenchStats& stats, const BenchReportStyle& style, Clock::time_point start,
              const std::function<bool()>& finished, const std::function<std::uint64_t()>& done) {
  std::int64_t second = 0;
  Clock::time_point last = start;
  for (;;) {
    const Clock::time_point next = start + std::chrono::seconds(second + 1);
    while (Clock::now() < next && !finished()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const Clock::time_point now = Clock::now();
    const bool end = finished();
    BenchSample sample = stats.take();
    const double secs = secondsSince(last, now);
    if (!end || sample.messages + sample.errors > 0) {
      ++second;
      std::printf("%s\n", formatTick(style, second, secs, sample, done()).c_str());
      std::fflush(stdout);
    }
    last = now;
    if (end) return secondsSince(start, now);
  }
}

// A name server that cannot be reached and a topic that does not exist (and
// cannot be auto-created: no TBW102 route) fail before the run, in one line.
void preflight(const ClientOptions& client, const std::string& topic, bool may_auto_create) {
  auto admin = startAdmin(client);
  const ErrorContext ctx{.namesrv = client.namesrv, .topic = topic};
  auto route = admin->examineTopicRouteInfo(topic);
  if (route.ok()) return;
  if (may_auto_create && route.status().code() == StatusCode::kNotFound) {
    if (admin->examineTopicRouteInfo("TBW102").ok()) return;  // the broker creates it
  }
  check(route.status(), ctx);
}

// The first error of a run, kept for the message at the end.
class FirstError {
 public:
  void set(const std::string& what) {
    std::lock_guard lock(mu_);
    if (!what_) what_ = what;
  }
  std::optional<std::string> get() {
    std::lock_guard lock(mu_);
    return what_;
  }

 private:
  std::mutex mu_;
  std::optional<std::string> what_;
};

// Fails the command when messages failed: every one (an error like any
// other), or some (after the summary, with the count).
void failOnErrors(const BenchSample& total, FirstError& first, const std::string& verb) {
  if (total.errors == 0) return;
  const std::string what = first.get().value_or("unknown error");
  if (total.messages == 0) throw ToolError(verb + " failed: " + what);
  throw ToolError(thousands(static_cast<std::int64_t>(total.errors)) + " message" +
                  (total.errors == 1 ? "" : "s") + " failed to " + verb + "; the first: " + what);
}

// ---- bench produce ----------------------------------------------------------

enum class SendMode { kSync, kAsync, kOneway };

struct ProduceBenchOptions {
  BoundOptions bound;
  int threads = 4;
  int size = 1024;
  std::string mode = "sync";
  int batch = 1;
  int inflight = 64;
  int tags = 0;
};

// Bounds the requests in flight (async mode).
class InflightLimit {
 public:
  explicit InflightLimit(int limit) : limit_(limit) {}
  void acquire() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return used_ < limit_; });
    ++used_;
  }
  void release() {
    std::lock_guard lock(mu_);
    --used_;
    cv_.notify_all();
  }
  // Waits until nothing is in flight; false on timeout.
  bool drain(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return used_ == 0; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int limit_;
  int used_ = 0;
};

class ProduceBench {
 public:
  explicit ProduceBench(const ProduceBenchOptions& o)
      : o_(o), body_(static_cast<std::size_t>(o.size), 'a'), inflight_(o.inflight) {
    for (std::size_t i = 0; i < body_.size(); ++i) body_[i] = static_cast<char>('a' + i % 26);
    if (o.mode == "sync") mode_ = SendMode::kSync;
    else if (o.mode == "async") mode_ = SendMode::kAsync;
    else if (o.mode == "oneway") mode_ = SendMode::kOneway;
    else throw ToolError("bad --mode '" + o.mode + "' — use sync, async or oneway");
    if (o.threads < 1) throw ToolError("--threads must be at least 1");
    if (o.size < 1) throw ToolError("--size must be at least 1");
    if (o.batch < 1) throw ToolError("--batch must be at least 1");
    if (o.inflight < 1) throw ToolError("--inflight must be at least 1");
    if (o.batch > 1 && mode_ == SendMode::kOneway) {
      throw ToolError("--batch needs --mode sync or async (there is no oneway batch send)");
    }
    deadlineOf(o.bound, Clock::now());  // checks --count and --duration
  }

  void run() {
    const BoundOptions& b = o_.bound;
    preflight(b.client, b.topic, true);
    producer_.setNamesrvAddr(b.client.namesrv);
    // Bodies are sent as they are, so MB/s is what crosses the wire.
    producer_.setCompressMsgBodyOverHowmuch(INT_MAX);
    producer_.setMaxMessageSize(std::max(producer_.getMaxMessageSize(), o_.size * o_.batch + 1024));
    producer_.start();
    installInterruptHandler();
    const Clock::time_point start = Clock::now();
    deadline_ = deadlineOf(b, start);
    std::vector<std::thread> workers;
    for (int i = 0; i < o_.threads; ++i) workers.emplace_back([this] { work(); });

    BenchReportStyle style{.rate_label = "send TPS", .latency = true, .target = {}, .json = b.client.json};
    if (b.count > 0) style.target = static_cast<std::uint64_t>(b.count);
    const double seconds = report(
        stats_, style, start,
        [&] { return workers_left_.load() == 0 && (mode_ != SendMode::kAsync || idle()); },
        [&] { return done_.load(); });
    for (auto& w : workers) w.join();
    if (mode_ == SendMode::kAsync && !inflight_.drain(std::chrono::seconds(10))) {
      first_error_.set("asynchronous sends still unanswered at the end");
    }
    stats_.take();  // anything answered after the last line
    producer_.shutdown();
    std::printf("%s\n", formatSummary(style, seconds, stats_.total()).c_str());
    std::fflush(stdout);
    failOnErrors(stats_.total(), first_error_, "send");
  }

 private:
  // How many messages the next request carries; 0 when the run is over.
  int claim() {
    if (interrupted.load() || (deadline_ && Clock::now() >= *deadline_)) return 0;
    if (o_.bound.count <= 0) return o_.batch;
    const auto total = static_cast<std::uint64_t>(o_.bound.count);
    const std::uint64_t before = claimed_.fetch_add(static_cast<std::uint64_t>(o_.batch));
    if (before >= total) return 0;
    return static_cast<int>(std::min<std::uint64_t>(static_cast<std::uint64_t>(o_.batch),
                                                    total - before));
  }

  Message makeMessage(std::uint64_t n) const {
    std::string tag = o_.tags > 0 ? "Tag" + std::to_string(n % static_cast<unsigned>(o_.tags)) : "";
    return Message(o_.bound.topic, std::move(tag), "", body_);
  }

  bool idle() { return inflight_.drain(std::chrono::milliseconds(0)); }

  void finished(int k, bool ok, Clock::time_point t0, const std::string& error = {}) {
    const auto n = static_cast<std::uint64_t>(k);
    if (ok) {
      stats_.recordSuccess(n, n * static_cast<std::uint64_t>(o_.size), Clock::now() - t0);
    } else {
      stats_.recordError(n);
      first_error_.set(error);
    }
    done_.fetch_add(n);
  }

  void work() {
    std::uint64_t seq = 0;
    for (int k; (k = claim()) > 0;) {
      std::vector<Message> msgs;
      msgs.reserve(static_cast<std::size_t>(k));
      for (int i = 0; i < k; ++i) msgs.push_back(makeMessage(seq++));
      if (mode_ == SendMode::kAsync) inflight_.acquire();
      const Clock::time_point t0 = Clock::now();
      try {
        switch (mode_) {
          case SendMode::kSync:
            if (k == 1) producer_.send(msgs[0]);
            else producer_.send(msgs);
            finished(k, true, t0);
            break;
          case SendMode::kOneway:
            producer_.sendOneway(msgs[0]);
            finished(k, true, t0);
            break;
          case SendMode::kAsync: {
            auto ok = [this, k, t0](const SendResult&) {
              finished(k, true, t0);
              inflight_.release();
            };
            auto fail = [this, k, t0](const MQClientException& e) {
              finished(k, false, t0, e.what());
              inflight_.release();
            };
            if (k == 1) producer_.send(std::move(msgs[0]), ok, fail);
            else producer_.send(std::move(msgs), ok, fail);
            break;
          }
        }
      } catch (const std::exception& e) {
        if (mode_ == SendMode::kAsync) inflight_.release();
        finished(k, false, t0, e.what());
      }
    }
    workers_left_.fetch_sub(1);
  }

  const ProduceBenchOptions& o_;
  std::string body_;
  SendMode mode_ = SendMode::kSync;
  DefaultMQProducer producer_{"APOGEE_BENCH_PRODUCER"};
  BenchStats stats_;
  InflightLimit inflight_;
  FirstError first_error_;
  std::optional<Clock::time_point> deadline_;
  std::atomic<std::uint64_t> claimed_{0};
  std::atomic<std::uint64_t> done_{0};
  std::atomic<int> workers_left_{o_.threads};
};

// ---- bench pull -------------------------------------------------------------

struct PullBenchOptions {
  BoundOptions bound;
  std::string group = "APOGEE_BENCH_PULL";
  int batch = 32;
  std::string idle = "3s";
};

void pullBench(const PullBenchOptions& o) {
  const BoundOptions& b = o.bound;
  if (o.batch < 1) throw ToolError("--batch must be at least 1");
  auto idle = parseDuration(o.idle);
  if (!idle) throw ToolError("bad --idle '" + o.idle + "' — use e.g. 3s, 0 for never");
  deadlineOf(b, Clock::now());  // checks --count and --duration
  preflight(b.client, b.topic, false);

  DefaultLitePullConsumer consumer(o.group);
  consumer.setNamesrvAddr(b.client.namesrv);
  consumer.setAutoCommit(false);  // every run reads the same messages
  consumer.setPullBatchSize(o.batch);
  consumer.start();
  std::set<MessageQueue> queues;
  queues = consumer.fetchMessageQueues(b.topic);
  if (queues.empty()) throw ToolError("topic " + b.topic + " has no readable queue");
  consumer.assign({queues.begin(), queues.end()});
  for (const auto& mq : queues) consumer.seekToBegin(mq);
  installInterruptHandler();

  BenchStats stats;
  FirstError first_error;
  std::atomic<std::uint64_t> received{0};
  std::atomic<bool> over{false};
  const Clock::time_point start = Clock::now();
  const auto deadline = deadlineOf(b, start);
  std::atomic<std::int64_t> last_message_ns{0};  // since start
  std::atomic<bool> went_idle{false};
  std::thread poller([&] {
    Clock::time_point last_arrival = Clock::now();
    const auto target = static_cast<std::uint64_t>(std::max<std::int64_t>(b.count, 0));
    while (!interrupted.load() && !(deadline && Clock::now() >= *deadline)) {
      if (target > 0 && received.load() >= target) break;
      if (idle->count() > 0 && Clock::now() - last_arrival >= *idle) {
        went_idle.store(true);
        break;
      }
      std::vector<MessageExt> batch;
      try {
        batch = consumer.poll(std::chrono::milliseconds(100));
      } catch (const std::exception& e) {
        stats.recordError();
        first_error.set(e.what());
        continue;
      }
      if (batch.empty()) continue;
      last_arrival = Clock::now();
      last_message_ns.store((last_arrival - start).count());
      std::uint64_t n = batch.size();
      if (target > 0) n = std::min<std::uint64_t>(n, target - received.load());
      std::uint64_t bytes = 0;
      for (std::uint64_t i = 0; i < n; ++i) bytes += batch[i].getBody().size();
      stats.recordSuccess(n, bytes);
      received.fetch_add(n);
    }
    over.store(true);
  });

  BenchReportStyle style{.rate_label = "msgs/s", .latency = false, .target = {}, .json = b.client.json};
  if (b.count > 0) style.target = static_cast<std::uint64_t>(b.count);
  double seconds = report(
      stats, style, start, [&] { return over.load(); }, [&] { return received.load(); });
  poller.join();
  stats.take();
  consumer.shutdown();
  // Stopped because nothing more came: the rate is over the time messages
  // flowed, not the idle wait.
  if (went_idle.load() && last_message_ns.load() > 0) {
    seconds = std::chrono::duration<double>(std::chrono::nanoseconds(last_message_ns.load())).count();
  }
  std::printf("%s\n", formatSummary(style, seconds, stats.total()).c_str());
  std::fflush(stdout);
  failOnErrors(stats.total(), first_error, "pull");
  if (went_idle.load() && b.count > 0) {
    throw ToolError("only " + thousands(static_cast<std::int64_t>(received.load())) + " of " +
                    thousands(b.count) + " messages in " + b.topic + " (nothing more for " +
                    o.idle + ") — 'apogee topic status -t " + b.topic + "' shows what is stored");
  }
}

// ---- bench consume and bench e2e ------------------------------------------

// A push consumer that records each message it is handed (body bytes and the
// latency `latencyOf` gives; nullopt: not one of the run's messages, skipped)
// until `target` messages (0: no bound). Messages past the target are
// acknowledged but not counted.
class PushRecorder {
 public:
  using LatencyOf = std::function<std::optional<std::chrono::nanoseconds>(const MessageExt&)>;

  PushRecorder(const BoundOptions& b, const std::string& group, int threads, LatencyOf latencyOf)
      : consumer_(group),
        target_(static_cast<std::uint64_t>(std::max<std::int64_t>(b.count, 0))),
        latency_of_(std::move(latencyOf)) {
    if (threads < 1) throw ToolError("--threads must be at least 1");
    consumer_.setNamesrvAddr(b.client.namesrv);
    consumer_.setConsumeThreadMin(threads);
    consumer_.setConsumeThreadMax(threads);
    consumer_.subscribe(b.topic, "*");
    consumer_.registerMessageListener(
        [this](const std::vector<MessageExt>& msgs, ConsumeConcurrentlyContext&) {
          for (const auto& m : msgs) record(m);
          return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
        });
  }

  DefaultMQPushConsumer& consumer() { return consumer_; }
  BenchStats& stats() { return stats_; }
  std::uint64_t received() const {
    return std::min(received_.load(), target_ > 0 ? target_ : UINT64_MAX);
  }
  bool reachedTarget() const { return target_ > 0 && received_.load() >= target_; }

 private:
  void record(const MessageExt& m) {
    const auto latency = latency_of_(m);
    if (!latency) return;
    if (target_ > 0 && received_.load() >= target_) return;
    const std::uint64_t n = received_.fetch_add(1);
    if (target_ > 0 && n >= target_) return;
    stats_.recordSuccess(1, m.getBody().size(), std::max(*latency, std::chrono::nanoseconds(0)));
  }

  DefaultMQPushConsumer consumer_;
  BenchStats stats_;
  const std::uint64_t target_;
  LatencyOf latency_of_;
  std::atomic<std::uint64_t> received_{0};
};

std::int64_t nowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct ConsumeBenchOptions {
  BoundOptions bound;
  std::string group = "APOGEE_BENCH_CONSUME";
  int threads = 20;
};

void consumeBench(const ConsumeBenchOptions& o) {
  const BoundOptions& b = o.bound;
  deadlineOf(b, Clock::now());  // checks --count and --duration
  preflight(b.client, b.topic, false);
  // Store-to-listener latency: the broker's store time (ms) to the listener.
  PushRecorder recorder(b, o.group, o.threads, [](const MessageExt& m) {
    return std::optional(
        std::chrono::nanoseconds(std::chrono::milliseconds(nowMillis() - m.getStoreTimestamp())));
  });
  recorder.consumer().setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
  recorder.consumer().start();
  installInterruptHandler();
  const Clock::time_point start = Clock::now();
  const auto deadline = deadlineOf(b, start);
  BenchReportStyle style{.rate_label = "msgs/s",
                         .latency = true,
                         .latency_label = "store-to-listener",
                         .latency_count_label = "messages",
                         .target = {},
                         .json = b.client.json};
  if (b.count > 0) style.target = static_cast<std::uint64_t>(b.count);
  const double seconds = report(
      recorder.stats(), style, start,
      [&] {
        return interrupted.load() || recorder.reachedTarget() ||
               (deadline && Clock::now() >= *deadline);
      },
      [&] { return recorder.received(); });
  recorder.consumer().shutdown(std::chrono::seconds(5));
  recorder.stats().take();
  std::printf("%s\n", formatSummary(style, seconds, recorder.stats().total()).c_str());
  std::fflush(stdout);
}

struct E2eBenchOptions {
  BoundOptions bound;
  std::string group = "APOGEE_BENCH_E2E";
  int threads = 1;
  int size = 128;
  int rate = 0;
};

// The user properties that carry a message's run and send time.
constexpr const char* kRunProperty = "apogeeBenchRun";
constexpr const char* kSentProperty = "apogeeBenchSentNs";
constexpr const char* kWarmUp = "warm-up";

// "yyyyMMddHHmmss" in local time (the consumer's CONSUME_FROM_TIMESTAMP).
std::string consumeTimestamp(std::chrono::system_clock::time_point t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
  return buf;
}

void e2eBench(const E2eBenchOptions& o) {
  const BoundOptions& b = o.bound;
  if (o.threads < 1) throw ToolError("--threads must be at least 1");
  if (o.size < 1) throw ToolError("--size must be at least 1");
  if (o.rate < 0) throw ToolError("--rate must be positive");
  deadlineOf(b, Clock::now());
  preflight(b.client, b.topic, true);
  const std::string run_id =
      std::to_string(std::random_device{}()) + "-" + std::to_string(nowMillis());
  // Send-to-listener latency: a steady-clock time the sender puts in a user
  // property (one process, one clock).
  std::atomic<bool> warm{false};
  PushRecorder recorder(
      b, o.group, 20, [&](const MessageExt& m) -> std::optional<std::chrono::nanoseconds> {
        if (m.getProperty(kRunProperty) != run_id) return std::nullopt;  // an earlier run's
        const std::string sent_text = m.getProperty(kSentProperty);
        if (sent_text == kWarmUp) {
          warm.store(true);
          return std::nullopt;
        }
        const std::int64_t sent = std::stoll(sent_text);
        return std::chrono::nanoseconds(Clock::now().time_since_epoch().count() - sent);
      });
  // A new group starts just before this run (not at the latest offsets,
  // which it would only learn after its first rebalance).
  recorder.consumer().setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_TIMESTAMP);
  recorder.consumer().setConsumeTimestamp(
      consumeTimestamp(std::chrono::system_clock::now() - std::chrono::seconds(2)));

  DefaultMQProducer producer("APOGEE_BENCH_E2E_PRODUCER");
  producer.setNamesrvAddr(b.client.namesrv);
  producer.setCompressMsgBodyOverHowmuch(INT_MAX);
  producer.start();
  installInterruptHandler();
  // The clock starts once the consumer owns its queues: a warm-up message
  // (not counted) has come through. The first one, sent before the consumer
  // starts, creates a topic that does not exist yet.
  const auto sendWarmUp = [&] {
    Message probe(b.topic, "warm-up");
    probe.putUserProperty(kRunProperty, run_id);
    probe.putUserProperty(kSentProperty, kWarmUp);
    producer.send(probe);
  };
  sendWarmUp();
  recorder.consumer().start();
  const Clock::time_point warm_deadline = Clock::now() + std::chrono::seconds(30);
  for (Clock::time_point resend = Clock::now() + std::chrono::seconds(1);
       !warm.load() && !interrupted.load();
       std::this_thread::sleep_for(std::chrono::milliseconds(10))) {
    if (Clock::now() >= warm_deadline) {
      throw ToolError("the consumer received nothing within 30 s — is group " + o.group +
                      " consuming " + b.topic + " elsewhere? ('apogee group describe -g " +
                      o.group + "')");
    }
    if (Clock::now() < resend) continue;
    sendWarmUp();
    resend = Clock::now() + std::chrono::seconds(1);
  }
  const Clock::time_point start = Clock::now();
  const auto deadline = deadlineOf(b, start);
  const std::string body(static_cast<std::size_t>(o.size), 'e');
  std::atomic<std::uint64_t> claimed{0};
  std::atomic<std::uint64_t> sent{0};
  std::atomic<int> senders_left{o.threads};
  FirstError first_error;
  std::vector<std::thread> senders;
  for (int t = 0; t < o.threads; ++t) {
    senders.emplace_back([&, t] {
      // --rate is shared by the threads: each sends every threads/rate s.
      const auto interval = o.rate > 0
                                ? std::chrono::nanoseconds(1'000'000'000LL * o.threads / o.rate)
                                : std::chrono::nanoseconds(0);
      Clock::time_point next = start + interval * t / o.threads;
      while (!interrupted.load() && !(deadline && Clock::now() >= *deadline)) {
        if (b.count > 0 && claimed.fetch_add(1) >= static_cast<std::uint64_t>(b.count)) break;
        if (o.rate > 0) {
          std::this_thread::sleep_until(next);
          next += interval;
        }
        Message msg(b.topic, body);
        msg.putUserProperty(kRunProperty, run_id);
        msg.putUserProperty(kSentProperty, std::to_string(Clock::now().time_since_epoch().count()));
        try {
          producer.send(msg);
          sent.fetch_add(1);
        } catch (const std::exception& e) {
          recorder.stats().recordError();
          first_error.set(e.what());
        }
      }
      senders_left.fetch_sub(1);
    });
  }
  std::optional<Clock::time_point> senders_done;
  BenchReportStyle style{.rate_label = "msgs/s",
                         .latency = true,
                         .latency_label = "send-to-listener",
                         .latency_count_label = "messages",
                         .target = {},
                         .json = b.client.json};
  if (b.count > 0) style.target = static_cast<std::uint64_t>(b.count);
  const double seconds = report(
      recorder.stats(), style, start,
      [&] {
        if (senders_left.load() > 0) return false;
        if (!senders_done) senders_done = Clock::now();
        // Every sent message received, or 5 s to let the last ones come.
        return interrupted.load() || recorder.received() >= sent.load() ||
               Clock::now() - *senders_done >= std::chrono::seconds(5);
      },
      [&] { return recorder.received(); });
  for (auto& s : senders) s.join();
  producer.shutdown();
  recorder.consumer().shutdown(std::chrono::seconds(5));
  recorder.stats().take();
  std::printf("%s\n", formatSummary(style, seconds, recorder.stats().total()).c_str());
  std::fflush(stdout);
  failOnErrors(recorder.stats().total(), first_error, "send");
  if (!interrupted.load() && recorder.received() < sent.load()) {
    throw ToolError(thousands(static_cast<std::int64_t>(sent.load() - recorder.received())) +
                    " of " + thousands(static_cast<std::int64_t>(sent.load())) +
                    " sent messages not received within 5 s");
  }
}

}  // namespace

void addBenchCommand(CLI::App& app) {
  auto* bench = app.add_subcommand("bench", "Throughput and latency benchmarks");
  bench->require_subcommand(1);
  bench->footer(
      "\nExample:\n  apogee bench produce -t BenchTopic --count 100000\n"
      "  apogee bench pull -t BenchTopic -g bench\n"
      "  apogee bench consume -t BenchTopic -g bench\n"
      "  apogee bench e2e -t BenchTopic --rate 1000\n");

  auto p = std::make_shared<ProduceBenchOptions>();
  auto* produce = bench->add_subcommand(
      "produce", "Send messages as fast as possible and report TPS and latency every second");
  addBoundOptions(*produce, p->bound);
  produce->add_option("--threads", p->threads, "Sending threads")->capture_default_str();
  produce->add_option("-s,--size", p->size, "Body size in bytes")->capture_default_str();
  produce->add_option("-m,--mode", p->mode, "sync, async or oneway")->capture_default_str();
  produce->add_option("-b,--batch", p->batch, "Messages per request (sync and async)")
      ->capture_default_str();
  produce->add_option("--inflight", p->inflight, "Async requests in flight at most (all threads)")
      ->capture_default_str();
  produce->add_option("--tags", p->tags, "Tag messages with N distinct tags Tag0..TagN-1 (0: none)")
      ->capture_default_str();
  produce->footer(
      "\nThe topic is auto-created when the broker allows it (apogee dev does). Bodies are\n"
      "never compressed. RT is per request (a batch is one request). Oneway counts calls:\n"
      "a busy broker drops oneway sends unseen ('apogee topic status' counts what was\n"
      "stored). Ctrl-C ends the run and prints the summary. Exits 1 if any send failed.\n"
      "Example:\n  apogee bench produce -t BenchTopic --threads 4 --size 1024 --duration 10s\n"
      "  apogee bench produce -t BenchTopic --mode async --inflight 256 --count 100000 --json\n");
  produce->callback([p] { runAndExit([p] { ProduceBench(*p).run(); }); });

  auto q = std::make_shared<PullBenchOptions>();
  auto* pull = bench->add_subcommand(
      "pull", "Read a topic from its earliest offsets with a pull consumer and report msgs/s");
  addBoundOptions(*pull, q->bound);
  pull->add_option("-g,--group", q->group, "Consumer group")->capture_default_str();
  pull->add_option("-b,--batch", q->batch, "Messages per pull request")->capture_default_str();
  pull->add_option("--idle", q->idle, "Stop after this long without a message (0: never)")
      ->capture_default_str();
  pull->footer(
      "\nA DefaultLitePullConsumer assigned every queue of the topic, from each queue's\n"
      "earliest offset, without committing offsets. Fill the topic first with\n"
      "'apogee bench produce'. Ends at --count, --duration, after --idle without messages,\n"
      "or on Ctrl-C.\n"
      "Example:\n  apogee bench pull -t BenchTopic -g bench --count 100000\n");
  pull->callback([q] { runAndExit([q] { pullBench(*q); }); });

  auto c = std::make_shared<ConsumeBenchOptions>();
  auto* consume = bench->add_subcommand(
      "consume", "Consume with a push consumer and report msgs/s and store-to-listener latency");
  addBoundOptions(*consume, c->bound);
  consume->add_option("-g,--group", c->group, "Consumer group")->capture_default_str();
  consume->add_option("--threads", c->threads, "Consume threads")->capture_default_str();
  consume->footer(
      "\nA DefaultMQPushConsumer of the topic. A new group starts at the earliest offsets; a\n"
      "known group continues where it stopped (offsets are committed). Latency is from the\n"
      "broker's store time (ms resolution) to the listener. Fill the topic first with\n"
      "'apogee bench produce', or run it alongside. Ends at --count, --duration or Ctrl-C.\n"
      "Example:\n  apogee bench consume -t BenchTopic -g bench --count 100000\n");
  consume->callback([c] { runAndExit([c] { consumeBench(*c); }); });

  auto e = std::make_shared<E2eBenchOptions>();
  auto* e2e = bench->add_subcommand(
      "e2e", "Send and consume in one process and report send-to-listener latency");
  addBoundOptions(*e2e, e->bound);
  e2e->add_option("-g,--group", e->group, "Consumer group")->capture_default_str();
  e2e->add_option("--threads", e->threads, "Sending threads (sync sends)")->capture_default_str();
  e2e->add_option("-s,--size", e->size, "Body size in bytes")->capture_default_str();
  e2e->add_option("--rate", e->rate, "Messages per second in all (0: as fast as possible)")
      ->capture_default_str();
  e2e->footer(
      "\nA producer and a push consumer in one process; each message carries its send time\n"
      "in a user property, and the listener records the time since. --count bounds the\n"
      "messages sent. Exits 1 if a send failed or a sent message did not arrive within 5 s.\n"
      "Example:\n  apogee bench e2e -t BenchTopic --rate 1000 --duration 10s\n");
  e2e->callback([e] { runAndExit([e] { e2eBench(*e); }); });
}

}  // namespace apogee::tool
