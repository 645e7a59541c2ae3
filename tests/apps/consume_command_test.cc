// `apogee consume` against a real `apogee dev`: every message printed (JSON
// and human), offsets committed on exit, Ctrl-C, and the error paths.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <csignal>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "apps/dev_suite.h"

namespace apogee::testing {
namespace {

using namespace std::chrono_literals;

class ConsumeCommandTest : public DevSuiteTest {
 protected:
  static void produce(const std::string& topic, int count, const std::string& tag,
                      const std::string& body) {
    CmdRun p = run({"produce", "--topic", topic, "--count", std::to_string(count), "--tag", tag,
                    "--body", body});
    ASSERT_EQ(p.code, 0) << p.err;
  }

  // `apogee consume <args>` as a child, for tests that signal it.
  static std::unique_ptr<ApogeeProcess> startConsume(std::vector<std::string> args) {
    args.insert(args.begin(), "consume");
    args.push_back("-n");
    args.push_back(dev_->namesrv);
    static int counter = 0;
    return ApogeeProcess::start(args, tmp_->path() / ("consume-" + std::to_string(counter++)));
  }
};

TEST_F(ConsumeCommandTest, CountJsonFromBeginningThenCommittedOffsets) {
  produce("ConsumeT", 10, "TagA", "hello {n}");
  CmdRun c = run({"consume", "--topic", "ConsumeT", "--group", "cg1", "--count", "10",
                  "--from-beginning", "--json"});
  ASSERT_EQ(c.code, 0) << c.err;
  const auto ls = lines(c.out);
  ASSERT_EQ(ls.size(), 10u) << c.out;
  std::set<std::string> bodies;
  for (const auto& l : ls) {
    rapidjson::Document d;
    d.Parse(l.c_str());
    ASSERT_FALSE(d.HasParseError()) << l;
    EXPECT_EQ(std::string(d["topic"].GetString()), "ConsumeT");
    EXPECT_EQ(std::string(d["tags"].GetString()), "TagA");
    EXPECT_EQ(std::string(d["broker"].GetString()), "broker-a");
    EXPECT_GE(d["queueId"].GetInt(), 0);
    EXPECT_GE(d["queueOffset"].GetInt64(), 0);
    EXPECT_EQ(d["reconsumeTimes"].GetInt(), 0);
    EXPECT_GT(d["storeTimestamp"].GetInt64(), 0);
    EXPECT_GE(d["storeTimestamp"].GetInt64(), d["bornTimestamp"].GetInt64());
    EXPECT_EQ(std::string(d["msgId"].GetString()).size(), 32u);
    EXPECT_TRUE(d["properties"].IsObject());
    bodies.insert(d["body"].GetString());
  }
  std::set<std::string> want;
  for (int i = 0; i < 10; ++i) want.insert("hello " + std::to_string(i));
  EXPECT_EQ(bodies, want);

  // The group's offsets were committed: the next run gets only the new one.
  produce("ConsumeT", 1, "TagB", "eleventh");
  CmdRun again = run({"consume", "-t", "ConsumeT", "-g", "cg1", "--count", "1"});
  ASSERT_EQ(again.code, 0) << again.err;
  const auto al = lines(again.out);
  ASSERT_EQ(al.size(), 1u) << again.out;
  EXPECT_NE(al[0].find("tags TagB  keys -  body eleventh"), std::string::npos) << al[0];
  EXPECT_EQ(al[0].rfind("ConsumeT/broker-a/", 0), 0u) << al[0];
}

// --orderly: each queue's messages arrive in queue order, and the group's
// offsets are committed on exit as without it.
TEST_F(ConsumeCommandTest, OrderlyPrintsEachQueueInOrder) {
  produce("ConsumeOrdT", 40, "TagA", "step {n}");
  CmdRun c = run({"consume", "-t", "ConsumeOrdT", "-g", "cgo", "--orderly", "--count", "40",
                  "--from-beginning", "--json"});
  ASSERT_EQ(c.code, 0) << c.err;
  const auto ls = lines(c.out);
  ASSERT_EQ(ls.size(), 40u) << c.out;
  std::map<int, std::vector<std::int64_t>> offsetsByQueue;
  std::map<int, std::vector<int>> stepsByQueue;
  for (const auto& l : ls) {
    rapidjson::Document d;
    d.Parse(l.c_str());
    ASSERT_FALSE(d.HasParseError()) << l;
    const int queue = d["queueId"].GetInt();
    offsetsByQueue[queue].push_back(d["queueOffset"].GetInt64());
    stepsByQueue[queue].push_back(std::stoi(std::string(d["body"].GetString()).substr(5)));
  }
  EXPECT_GT(offsetsByQueue.size(), 1u);
  for (const auto& [queue, offsets] : offsetsByQueue) {
    for (std::size_t i = 0; i < offsets.size(); ++i) {
      EXPECT_EQ(offsets[i], static_cast<std::int64_t>(i)) << "queue " << queue;
      // The producer sent them in this order too.
      if (i > 0) {
        EXPECT_GT(stepsByQueue[queue][i], stepsByQueue[queue][i - 1]) << "queue " << queue;
      }
    }
  }
  produce("ConsumeOrdT", 1, "TagB", "next");
  CmdRun again = run({"consume", "-t", "ConsumeOrdT", "-g", "cgo", "--orderly", "--count", "1"});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.out.find("tags TagB  keys -  body next"), std::string::npos) << again.out;
}

TEST_F(ConsumeCommandTest, TagFilterAndCtrlCExitsZero) {
  produce("ConsumeTags", 1, "TagA", "skipped");  // creates the topic
  auto p = startConsume({"-t", "ConsumeTags", "-g", "cg2", "--tag", "TagB || TagC"});
  ASSERT_TRUE(p);
  // A new group starts at the latest offsets once its queues are assigned:
  // keep sending until a message arrives.
  std::optional<std::string> line;
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  while (!line && std::chrono::steady_clock::now() < deadline) {
    produce("ConsumeTags", 1, "TagA", "skipped");
    produce("ConsumeTags", 1, "TagC", "wanted");
    line = p->readLine(1s);
  }
  ASSERT_TRUE(line) << p->stderrText();
  EXPECT_NE(line->find("tags TagC  keys -  body wanted"), std::string::npos) << *line;
  p->signal(SIGINT);
  EXPECT_EQ(p->waitExit(kExitTimeout), 0) << p->stderrText();
}

TEST_F(ConsumeCommandTest, ErrorsAreOneLineWithHint) {
  CmdRun n = run({"consume", "-t", "T", "-g", "g", "-n", "127.0.0.1:1"}, false);
  EXPECT_EQ(n.code, 1);
  EXPECT_EQ(n.err,
            "apogee: cannot reach name server 127.0.0.1:1: connection refused — is 'apogee dev' "
            "running? (set -n or NAMESRV_ADDR for another)\n");
  EXPECT_EQ(n.out, "");
  CmdRun u = run({"consume", "-t", "NoSuchConsumeT", "-g", "g"});
  EXPECT_EQ(u.code, 1);
  EXPECT_EQ(u.err,
            "apogee: unknown topic NoSuchConsumeT — 'apogee topic list' shows the topics, "
            "'apogee topic create' makes one\n");
  produce("ConsumeBadTag", 1, "TagA", "x");
  CmdRun t = run({"consume", "-t", "ConsumeBadTag", "-g", "g", "--tag", "||"});
  EXPECT_EQ(t.code, 1);
  EXPECT_EQ(t.err,
            "apogee: bad --tag '||': subscribe exception: subscription expression has no parts: "
            "|| — use e.g. 'TagA || TagB' or '*'\n");
  CmdRun h = run({"consume", "--help"}, false);
  EXPECT_EQ(h.code, 0);
  EXPECT_NE(h.out.find("Example:\n  apogee consume "), std::string::npos) << h.out;
}

}  // namespace
}  // namespace apogee::testing
