// `apogee bench produce|pull` against a real `apogee dev`: exit codes, the
// JSON lines, totals and the error paths.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "apps/dev_suite.h"

namespace apogee::testing {
namespace {

class BenchCommandTest : public DevSuiteTest {
 protected:
  // Checks the JSON lines of a run: ticks, then one summary, whose message
  // count is the ticks' sum. Returns the summary.
  static rapidjson::Document checkJsonRun(const CmdRun& run) {
    const std::vector<std::string> ls = lines(run.out);
    rapidjson::Document summary;
    EXPECT_GE(ls.size(), 2u);
    std::int64_t tick_messages = 0;
    std::int64_t last_second = 0;
    for (std::size_t i = 0; i < ls.size(); ++i) {
      rapidjson::Document d;
      d.Parse(ls[i].c_str());
      EXPECT_FALSE(d.HasParseError()) << ls[i];
      if (d.HasParseError()) return summary;
      const std::string type = d["type"].GetString();
      if (i + 1 < ls.size()) {
        EXPECT_EQ(type, "tick") << ls[i];
        EXPECT_EQ(d["second"].GetInt64(), ++last_second);
        tick_messages += d["messages"].GetInt64();
      } else {
        EXPECT_EQ(type, "summary") << ls[i];
        summary.Parse(ls[i].c_str());
        EXPECT_EQ(summary["messages"].GetInt64(), tick_messages);
      }
    }
    return summary;
  }

  static void expectOrderedLatency(const rapidjson::Document& d) {
    ASSERT_TRUE(d.HasMember("latencyMs"));
    const auto& l = d["latencyMs"];
    double prev = 0;
    for (const char* k : {"min", "p50", "p90", "p99", "p999", "max"}) {
      EXPECT_GE(l[k].GetDouble(), prev) << k;
      prev = l[k].GetDouble();
    }
    EXPECT_GT(l["max"].GetDouble(), 0.0);
  }
};

TEST_F(BenchCommandTest, ProduceThenPullCountJson) {
  CmdRun p = run({"bench", "produce", "-t", "BenchT", "--count", "2000", "--json"});
  ASSERT_EQ(p.code, 0) << p.err;
  auto s = checkJsonRun(p);
  ASSERT_TRUE(s.IsObject());
  EXPECT_EQ(s["messages"].GetInt64(), 2000);
  EXPECT_EQ(s["errors"].GetInt64(), 0);
  EXPECT_EQ(s["bytes"].GetInt64(), 2000 * 1024);
  EXPECT_EQ(s["requests"].GetInt64(), 2000);
  expectOrderedLatency(s);
  rapidjson::Document last;
  const auto pl = lines(p.out);
  last.Parse(pl[pl.size() - 2].c_str());
  EXPECT_EQ(last["done"].GetInt64(), 2000);
  EXPECT_DOUBLE_EQ(last["progress"].GetDouble(), 1.0);

  CmdRun q = run({"bench", "pull", "-t", "BenchT", "-g", "bench", "--count", "2000", "--json"});
  ASSERT_EQ(q.code, 0) << q.err;
  auto ps = checkJsonRun(q);
  ASSERT_TRUE(ps.IsObject());
  EXPECT_EQ(ps["messages"].GetInt64(), 2000);
  EXPECT_EQ(ps["bytes"].GetInt64(), 2000 * 1024);
  EXPECT_EQ(ps["errors"].GetInt64(), 0);
  // The pull benchmark commits nothing: a second run reads the same messages.
  CmdRun again = run({"bench", "pull", "-t", "BenchT", "-g", "bench", "--count", "2000"});
  ASSERT_EQ(again.code, 0) << again.err;
  const auto al = lines(again.out);
  EXPECT_NE(al.back().find("msgs/s"), std::string::npos);
  EXPECT_NE(al[al.size() - 2].find("summary: 2,000 messages, 0 errors"),
            std::string::npos);
}

TEST_F(BenchCommandTest, AsyncBatchAndOnewayCountExactly) {
  for (auto args : std::vector<std::vector<std::string>>{
           {"--mode", "async", "--batch", "16", "--threads", "2", "--inflight", "8"},
           {"--mode", "oneway", "--tags", "3", "--size", "100"},
           {"--mode", "sync", "--batch", "7", "--threads", "3"}}) {
    std::vector<std::string> cmd = {"bench", "produce", "-t", "BenchModes", "-c", "1000", "--json"};
    cmd.insert(cmd.end(), args.begin(), args.end());
    CmdRun r = run(cmd);
    ASSERT_EQ(r.code, 0) << args[1] << ": " << r.err;
    auto s = checkJsonRun(r);
    ASSERT_TRUE(s.IsObject());
    EXPECT_EQ(s["messages"].GetInt64(), 1000) << args[1];
    expectOrderedLatency(s);
  }
}

TEST_F(BenchCommandTest, HumanOutputHasLinesAndSummary) {
  CmdRun r = run({"bench", "produce", "-t", "BenchHuman", "--duration", "1500ms", "--threads", "1"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto ls = lines(r.out);
  ASSERT_GE(ls.size(), 4u);
  EXPECT_EQ(ls[0].rfind("[   1s] send TPS ", 0), 0u) << ls[0];
  EXPECT_NE(ls[0].find(" ms  p99 "), std::string::npos) << ls[0];
  EXPECT_EQ(ls[ls.size() - 3].rfind("summary: ", 0), 0u);
  EXPECT_NE(ls.back().find("p50 "), std::string::npos);
  EXPECT_NE(ls.back().find("p999 "), std::string::npos);
}

TEST_F(BenchCommandTest, ErrorsAreOneLineWithHint) {
  CmdRun n = run({"bench", "produce", "-t", "T", "-c", "5", "-n", "127.0.0.1:1"}, false);
  EXPECT_EQ(n.code, 1);
  EXPECT_EQ(n.err,
            "apogee: cannot reach name server 127.0.0.1:1: connection refused — is 'apogee dev' "
            "running? (set -n or NAMESRV_ADDR for another)\n");
  CmdRun np = run({"bench", "pull", "-t", "T", "-n", "127.0.0.1:1"}, false);
  EXPECT_EQ(np.code, 1);
  EXPECT_NE(np.err.find("cannot reach name server 127.0.0.1:1"), std::string::npos) << np.err;
  for (const char* kind : {"consume", "e2e"}) {
    CmdRun nc = run({"bench", kind, "-t", "T", "-c", "5", "-n", "127.0.0.1:1"}, false);
    EXPECT_EQ(nc.code, 1) << kind;
    EXPECT_NE(nc.err.find("apogee: cannot reach name server 127.0.0.1:1"), std::string::npos)
        << kind << ": " << nc.err;
  }
  CmdRun uc = run({"bench", "consume", "-t", "NoSuchBenchT", "-c", "10"});
  EXPECT_EQ(uc.code, 1);
  EXPECT_NE(uc.err.find("unknown topic NoSuchBenchT"), std::string::npos) << uc.err;
  CmdRun u = run({"bench", "pull", "-t", "NoSuchBenchT", "-c", "10"});
  EXPECT_EQ(u.code, 1);
  EXPECT_EQ(u.err,
            "apogee: unknown topic NoSuchBenchT — 'apogee topic list' shows the topics, 'apogee "
            "topic create' makes one\n");
  CmdRun m = run({"bench", "produce", "-t", "T", "--mode", "fast"});
  EXPECT_EQ(m.code, 1);
  EXPECT_EQ(m.err, "apogee: bad --mode 'fast' — use sync, async or oneway\n");
  CmdRun d = run({"bench", "produce", "-t", "T", "--duration", "soon"});
  EXPECT_EQ(d.code, 1);
  EXPECT_NE(d.err.find("bad --duration 'soon'"), std::string::npos) << d.err;
}

TEST_F(BenchCommandTest, ConsumeCountJsonThenE2e) {
  CmdRun p = run({"bench", "produce", "-t", "BenchConsumeT", "--count", "500", "--size", "100"});
  ASSERT_EQ(p.code, 0) << p.err;
  CmdRun c =
      run({"bench", "consume", "-t", "BenchConsumeT", "-g", "bc", "--count", "500", "--json"});
  ASSERT_EQ(c.code, 0) << c.err;
  auto s = checkJsonRun(c);
  ASSERT_TRUE(s.IsObject());
  EXPECT_EQ(s["messages"].GetInt64(), 500);
  EXPECT_EQ(s["bytes"].GetInt64(), 500 * 100);
  EXPECT_EQ(s["requests"].GetInt64(), 500);
  ASSERT_TRUE(s.HasMember("latencyMs"));
  EXPECT_LE(s["latencyMs"]["p50"].GetDouble(), s["latencyMs"]["p999"].GetDouble());

  CmdRun e = run({"bench", "e2e", "-t", "BenchE2eT", "--count", "300", "--rate", "1000"});
  ASSERT_EQ(e.code, 0) << e.err;
  const auto el = lines(e.out);
  ASSERT_GE(el.size(), 3u) << e.out;
  EXPECT_NE(el[el.size() - 3].find("summary: 300 messages, 0 errors"), std::string::npos) << e.out;
  EXPECT_EQ(el.back().rfind("  send-to-listener ms: min ", 0), 0u) << el.back();
  EXPECT_NE(el.back().find("p999 "), std::string::npos);
}

TEST_F(BenchCommandTest, HelpHasAnExample) {
  for (auto args : std::vector<std::vector<std::string>>{{"bench", "--help"},
                                                         {"bench", "produce", "--help"},
                                                         {"bench", "pull", "--help"},
                                                         {"bench", "consume", "--help"},
                                                         {"bench", "e2e", "--help"}}) {
    CmdRun r = run(args, false);
    EXPECT_EQ(r.code, 0);
    const std::string& out = r.out;
    EXPECT_NE(out.find("Example:\n  apogee bench "), std::string::npos) << out;
  }
}

}  // namespace
}  // namespace apogee::testing
