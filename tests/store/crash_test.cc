// The crash test: a child process appends with synchronous flush and reports
// every acknowledged message; the parent kills it with SIGKILL at random
// moments, then opens the store (crash recovery) and checks that every
// acknowledged message is there byte for byte and that nothing partial or
// foreign is served. The child of the next round recovers the same store.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <random>
#include <set>
#include <sstream>

#include "common/message/properties.h"
#include "common/message/stored_message.h"
#include "store/default_message_store.h"
#include "store/store_test_util.h"
#include "store_crash_child/crash_workload.h"

extern char** environ;

namespace apogee::store {
namespace {

using Clock = std::chrono::steady_clock;
namespace crash = apogee::testing::crash;

struct Ack {
  int round = 0;
  int thread = 0;
  int64_t seq = 0;
  int64_t offset = 0;
  int32_t queueId = 0;
  int64_t queueOffset = 0;
  int64_t storeTimestamp = 0;
};

// The child process with its stdout on a pipe.
class Child {
 public:
  Child(const std::string& dir, int round, int threads) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    std::string r = std::to_string(round), t = std::to_string(threads);
    std::vector<char*> argv = {const_cast<char*>(APOGEE_STORE_CRASH_CHILD), const_cast<char*>(dir.c_str()),
                               r.data(), t.data(), nullptr};
    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) {
      if (std::strncmp(*e, "APOGEE_LOG_LEVEL=", 17) != 0) env_strings.emplace_back(*e);
    }
    env_strings.emplace_back("APOGEE_LOG_LEVEL=warn");
    std::vector<char*> envp;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    const int rc = posix_spawn(&pid_, APOGEE_STORE_CRASH_CHILD, &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    fd_ = fds[0];
    if (rc != 0) throw std::runtime_error(std::string("posix_spawn: ") + std::strerror(rc));
  }
  ~Child() {
    if (pid_ > 0) killAndReap();
    if (fd_ >= 0) ::close(fd_);
  }

  // Reads lines until `deadline`, `stop(line)` returns true, or EOF (false).
  template <typename OnLine>
  bool readUntil(Clock::time_point deadline, OnLine&& onLine) {
    char buf[65536];
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return true;
      pollfd p{fd_, POLLIN, 0};
      const int n = ::poll(&p, 1, static_cast<int>(left.count()));
      if (n <= 0) continue;
      const ssize_t got = ::read(fd_, buf, sizeof(buf));
      if (got <= 0) return false;
      pending_.append(buf, static_cast<std::size_t>(got));
      std::size_t nl;
      while ((nl = pending_.find('\n')) != std::string::npos) {
        std::string line = pending_.substr(0, nl);
        pending_.erase(0, nl + 1);
        if (onLine(line)) return true;
      }
    }
  }

  // SIGKILL, then reads what the child had already written (a partial last
  // line is dropped: that ack never fully reached us), then reaps it.
  template <typename OnLine>
  int killAndDrain(OnLine&& onLine) {
    ::kill(pid_, SIGKILL);
    readUntil(Clock::now() + std::chrono::seconds(10), onLine);
    return killAndReap();
  }

 private:
  int killAndReap() {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }

  pid_t pid_ = -1;
  int fd_ = -1;
  std::string pending_;
};

std::optional<Ack> parseAck(const std::string& line) {
  std::istringstream in(line);
  std::string word;
  Ack a;
  if (!(in >> word) || word != "ack") return std::nullopt;
  in >> a.round >> a.thread >> a.seq >> a.offset >> a.queueId >> a.queueOffset >> a.storeTimestamp;
  if (!in) return std::nullopt;
  return a;
}

std::string expectedRecord(const Ack& a, const MessageStoreConfig& config) {
  const auto m = crash::make(a.round, a.thread, a.seq);
  message::StoredMessage s;
  s.bodyCrc = message::bodyCrc32(m.body);
  s.queueId = a.queueId;
  s.flag = m.flag;
  s.queueOffset = a.queueOffset;
  s.physicalOffset = a.offset;
  s.bornTimestamp = m.bornTimestamp;
  s.bornHost = m.bornHost;
  s.storeTimestamp = a.storeTimestamp;
  s.storeHost = config.storeHost;
  s.body = m.body;
  s.topic = crash::kTopic;
  s.properties = m.properties;
  return message::encodeStoredMessage(s);
}

// Opens a copy of the store (so the next child still finds a crashed store)
// and checks it. Returns the number of records in the commit log.
int64_t verify(const std::filesystem::path& dir, const std::vector<Ack>& acks) {
  const auto copy = std::filesystem::path(dir.string() + "-verify");
  std::filesystem::remove_all(copy);
  std::filesystem::copy(dir, copy, std::filesystem::copy_options::recursive);
  auto config = crash::config(copy);
  DefaultMessageStore store(config);
  Status started = store.start();
  EXPECT_TRUE(started.ok()) << started;
  if (!started.ok()) return -1;

  // 1. Every acknowledged message, byte for byte, by offset, by queue and by key.
  for (const Ack& a : acks) {
    auto rec = store.lookMessageByOffset(CommitLogOffset(a.offset));
    EXPECT_TRUE(rec.ok()) << "acked message lost at " << a.offset << ": " << rec.status();
    if (!rec.ok()) continue;
    EXPECT_EQ(rec->bytes, expectedRecord(a, config)) << "acked message differs at " << a.offset;
    auto got = store.getMessage("g", crash::kTopic, QueueId(a.queueId), QueueOffset(a.queueOffset), 1, nullptr);
    EXPECT_TRUE(got.ok() && got->messages.size() == 1 && got->messages[0].offset.value() == a.offset)
        << "queue " << a.queueId << " offset " << a.queueOffset << " does not lead to " << a.offset;
    const std::string uniq = "R" + std::to_string(a.round) + "-T" + std::to_string(a.thread) + "-S" +
                             std::to_string(a.seq);
    auto by_key = store.queryMessage(crash::kTopic, uniq, 4, 0, INT64_MAX);
    EXPECT_TRUE(by_key.ok() && by_key->messages.size() == 1 && by_key->messages[0].offset.value() == a.offset)
        << "index lookup of " << uniq << ": "
        << (by_key.ok() ? std::to_string(by_key->messages.size()) + " found" : by_key.status().toString());
  }

  // 2. The whole commit log: only whole, valid records of the workload.
  std::set<std::string> ids;
  int64_t records = 0;
  int64_t offset = store.getMinPhyOffset().value();
  const int64_t end = store.getMaxPhyOffset().value();
  const int64_t seg = config.mappedFileSizeCommitLog;
  while (offset < end) {
    auto rec = store.lookMessageByOffset(CommitLogOffset(offset));
    if (!rec.ok()) {  // must be the blank at a segment end
      const int64_t next = offset + seg - offset % seg;
      EXPECT_LE(next, end) << "unreadable data at " << offset;
      offset = next;
      continue;
    }
    auto m = message::decodeStoredMessage(rec->bytes, true);
    EXPECT_TRUE(m.ok()) << "bad record at " << offset << ": " << m.status();
    if (!m.ok()) return -1;
    auto id = message::findProperty(m->properties, "UNIQ_KEY");
    EXPECT_TRUE(id.has_value());
    int round = 0, thread = 0;
    long long seq = 0;
    EXPECT_EQ(std::sscanf(std::string(*id).c_str(), "R%d-T%d-S%lld", &round, &thread, &seq), 3);
    const auto want = crash::make(round, thread, seq);
    EXPECT_EQ(m->body, want.body) << *id;
    EXPECT_EQ(m->properties, want.properties) << *id;
    EXPECT_TRUE(ids.insert(std::string(*id)).second) << "stored twice: " << *id;
    ++records;
    offset += m->totalSize;
  }
  EXPECT_EQ(offset, end);

  // 3. Every queue: dense, each unit leads to its own record.
  int64_t units = 0;
  for (int q = 0; q < crash::kQueues; ++q) {
    const int64_t max = store.getMaxOffsetInQueue(crash::kTopic, QueueId(q)).value();
    for (int64_t qo = store.getMinOffsetInQueue(crash::kTopic, QueueId(q)).value(); qo < max;) {
      auto r = store.getMessage("g", crash::kTopic, QueueId(q), QueueOffset(qo), 32, nullptr);
      EXPECT_TRUE(r.ok() && r->status == GetMessageStatus::kFound) << "queue " << q << " offset " << qo;
      if (!r.ok() || r->messages.empty()) return -1;
      for (std::size_t i = 0; i < r->messages.size(); ++i) {
        auto m = message::decodeStoredMessage(r->messages[i].bytes, true);
        EXPECT_TRUE(m.ok());
        if (!m.ok()) return -1;
        EXPECT_EQ(m->queueOffset, qo + static_cast<int64_t>(i));
        EXPECT_EQ(m->queueId, q);
        ++units;
      }
      qo = r->nextBeginOffset.value();
    }
  }
  EXPECT_EQ(units, records) << "every record is in exactly one queue position";
  store.shutdown();
  std::filesystem::remove_all(copy);
  return records;
}

TEST(CrashTest, AcknowledgedMessagesSurviveSigkillAtRandomMoments) {
  store::testing::TempDir dir;
  const auto store_dir = dir.path() / "store";
  std::random_device rd;
  const unsigned seed = std::getenv("APOGEE_CRASH_SEED") ? std::stoul(std::getenv("APOGEE_CRASH_SEED")) : rd();
  std::mt19937 rng(seed);
  SCOPED_TRACE("APOGEE_CRASH_SEED=" + std::to_string(seed));
  constexpr int kRounds = 24;
  const auto budget_end = Clock::now() + std::chrono::seconds(90);
  std::vector<Ack> acks;
  int killed_before_ready = 0;
  for (int round = 0; round < kRounds; ++round) {
    ASSERT_LT(Clock::now(), budget_end) << "crash test over its time budget at round " << round;
    Child child(store_dir.string(), round, 4);
    bool ready = false;
    bool failed = false;
    auto on_line = [&](const std::string& line) {
      if (auto a = parseAck(line)) {
        acks.push_back(*a);
      } else if (line.rfind("ready", 0) == 0) {
        ready = true;
        return true;
      } else if (line.rfind("error", 0) == 0) {
        ADD_FAILURE() << "child: " << line;
        failed = true;
        return true;
      }
      return false;
    };
    if (round % 6 == 5) {
      // Kill early: perhaps during the child's own recovery.
      child.readUntil(Clock::now() + std::chrono::milliseconds(rng() % 40), on_line);
      if (!ready) ++killed_before_ready;
    } else {
      ASSERT_TRUE(child.readUntil(Clock::now() + std::chrono::seconds(20), on_line));
      ASSERT_TRUE(ready || failed) << "child never became ready";
      child.readUntil(Clock::now() + std::chrono::milliseconds(30 + rng() % 300), on_line);
    }
    const int status = child.killAndDrain(on_line);
    ASSERT_FALSE(failed);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;
    const int64_t records = verify(store_dir, acks);
    ASSERT_GE(records, static_cast<int64_t>(acks.size())) << "round " << round;
  }
  EXPECT_GT(acks.size(), 1000u) << "the workload hardly ran";
  std::cout << "crash test: " << kRounds << " rounds, " << acks.size() << " acknowledged messages, "
            << killed_before_ready << " kills before ready, seed " << seed << "\n";
}

}  // namespace
}  // namespace apogee::store
