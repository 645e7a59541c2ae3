// The client-side commands (produce, topic, cluster, group, message, dlq)
// against one real `apogee dev` shared by the suite: output (tables and
// JSON) and exit codes, including the error paths.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <chrono>
#include <csignal>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "apps/dev_suite.h"
#include "remoting/headers/send.h"
#include "support/wait.h"

namespace apogee::testing {
namespace {

constexpr std::chrono::milliseconds kWait{10000};
constexpr std::chrono::milliseconds kPoll{50};

rapidjson::Document parse(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str());
  EXPECT_FALSE(d.HasParseError()) << text;
  return d;
}

class AdminCommandsTest : public DevSuiteTest {};

TEST_F(AdminCommandsTest, ProduceSyncAndAsyncThenTopicStatusCountsThem) {
  CmdRun p = run(
      {"produce", "--topic", "ProduceT", "--count", "5", "--tag", "TagA", "--body", "hello {n}"});
  ASSERT_EQ(p.code, 0) << p.err;
  EXPECT_NE(p.out.find("sent 5 messages to ProduceT"), std::string::npos) << p.out;
  EXPECT_EQ(lines(p.out).size(), 6u);
  CmdRun a = run({"produce", "--topic", "ProduceT", "--count", "3", "--async", "--json"});
  ASSERT_EQ(a.code, 0) << a.err;
  ASSERT_EQ(lines(a.out).size(), 3u) << a.out;
  for (const auto& l : lines(a.out)) {
    auto d = parse(l);
    EXPECT_STREQ(d["status"].GetString(), "SEND_OK");
    EXPECT_EQ(std::string(d["offsetMsgId"].GetString()).size(), 32u);
  }
  // The consume queues follow the commit log a moment later.
  rapidjson::Document d;
  EXPECT_TRUE(waitUntil(
      [&] {
        CmdRun s = run({"topic", "status", "--topic", "ProduceT", "--json"});
        d = parse(s.out);
        return s.code == 0 && d["totalMessages"].GetInt64() == 8;
      },
      kWait, kPoll))
      << "totalMessages never reached 8";
  EXPECT_EQ(d["queues"].Size(), 4u);
  CmdRun t = run({"topic", "status", "--topic", "ProduceT"});
  ASSERT_EQ(t.code, 0);
  EXPECT_NE(t.out.find("Min offset  Max offset  Messages  Last updated"), std::string::npos)
      << t.out;
  EXPECT_NE(t.out.find("total"), std::string::npos);
}

TEST_F(AdminCommandsTest, ProduceToABadTopicNameIsOneLine) {
  CmdRun r = run({"produce", "-t", "bad topic"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err,
            "apogee: send to bad topic failed: The specified topic[bad topic] contains illegal "
            "characters, allowing only ^[%|a-zA-Z0-9_-]+$\n");
}

TEST_F(AdminCommandsTest, TopicCreateListRouteUpdateDelete) {
  CmdRun c = run({"topic", "create", "-t", "AdminT", "-q", "2"});
  ASSERT_EQ(c.code, 0) << c.err;
  EXPECT_NE(c.out.find("created topic AdminT on broker-a"), std::string::npos) << c.out;
  CmdRun l = run({"topic", "list", "--json"});
  ASSERT_EQ(l.code, 0) << l.err;
  bool found = false;
  const auto topics = parse(l.out);  // kept: the loop iterates a view into it
  for (const auto& t : topics["topics"].GetArray())
    found |= t.GetString() == std::string("AdminT");
  EXPECT_TRUE(found) << l.out;
  CmdRun lt = run({"topic", "list"});
  EXPECT_EQ(lines(lt.out).at(0), "Topic");
  EXPECT_NE(lt.out.find("\nAdminT\n"), std::string::npos) << lt.out;
  CmdRun r = run({"topic", "route", "-t", "AdminT", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(parse(r.out)["queueDatas"][0]["readQueueNums"].GetInt(), 2);
  ASSERT_EQ(run({"topic", "update", "-t", "AdminT", "-q", "3"}).code, 0);
  CmdRun rt = run({"topic", "route", "-t", "AdminT"});
  EXPECT_NE(rt.out.find("Read queues  Write queues"), std::string::npos) << rt.out;
  EXPECT_NE(rt.out.find("  3  "), std::string::npos) << rt.out;
  CmdRun d = run({"topic", "delete", "-t", "AdminT"});
  ASSERT_EQ(d.code, 0) << d.err;
  CmdRun gone = run({"topic", "route", "-t", "AdminT"});
  EXPECT_EQ(gone.code, 1);
  EXPECT_NE(gone.err.find("unknown topic AdminT"), std::string::npos) << gone.err;
}

TEST_F(AdminCommandsTest, UnknownTopicIsOneLineWithHint) {
  for (auto args : std::vector<std::vector<std::string>>{{"topic", "status", "-t", "NoSuchT"},
                                                         {"topic", "update", "-t", "NoSuchT"},
                                                         {"topic", "delete", "-t", "NoSuchT"},
                                                         {"message", "print", "-t", "NoSuchT"},
                                                         {"message", "find", "-t", "NoSuchT", "-k", "k"},
                                                         {"group", "progress", "-g", "g", "-t", "NoSuchT"},
                                                         {"group", "reset-offset", "-g", "g", "-t",
                                                          "NoSuchT", "--to-latest"}}) {
    CmdRun r = run(args);
    EXPECT_EQ(r.code, 1) << args[0];
    EXPECT_EQ(lines(r.err).size(), 1u) << r.err;
    EXPECT_NE(r.err.find("unknown topic NoSuchT — 'apogee topic list'"), std::string::npos)
        << r.err;
  }
}

TEST_F(AdminCommandsTest, ClusterListShowsTheBroker) {
  CmdRun j = run({"cluster", "list", "--json"});
  ASSERT_EQ(j.code, 0) << j.err;
  auto d = parse(j.out);
  ASSERT_EQ(d["brokers"].Size(), 1u);
  EXPECT_EQ(d["brokers"][0]["addr"].GetString(), dev_->broker);
  EXPECT_STREQ(d["brokers"][0]["version"].GetString(), "V4_9_8");
  CmdRun t = run({"cluster", "list"});
  ASSERT_EQ(t.code, 0);
  EXPECT_NE(t.out.find("DefaultCluster  broker-a"), std::string::npos) << t.out;
}

TEST_F(AdminCommandsTest, GroupListDescribeProgressReset) {
  TestClient client;
  ASSERT_EQ(run({"produce", "-t", "GroupT", "-c", "6"}).code, 0);
  ASSERT_EQ(client.heartbeat(dev_->broker, "g_admin", "GroupT"), rc::kSuccess);
  for (int q = 0; q < 4; ++q)
    ASSERT_EQ(client.updateOffset(dev_->broker, "g_admin", "GroupT", q, 0), rc::kSuccess);

  ASSERT_TRUE(waitUntil(
      [&] {
        return parse(run({"topic", "status", "-t", "GroupT", "--json"}).out)["totalMessages"]
                   .GetInt64() == 6;
      },
      kWait, kPoll));
  CmdRun l = run({"group", "list", "--json"});
  ASSERT_EQ(l.code, 0) << l.err;
  bool found = false;
  const auto groups = parse(l.out);
  for (const auto& g : groups["groups"].GetArray()) {
    if (g["group"].GetString() == std::string("g_admin")) {
      found = true;
      EXPECT_EQ(g["clients"].GetInt(), 1);
      EXPECT_EQ(g["lag"].GetInt64(), 6);
    }
    EXPECT_STRNE(g["group"].GetString(), "TOOLS_CONSUMER");  // system groups need --all
  }
  EXPECT_TRUE(found) << l.out;
  CmdRun lt = run({"group", "list"});
  EXPECT_EQ(lines(lt.out).at(0).rfind("Group", 0), 0u) << lt.out;
  EXPECT_NE(lt.out.find("Clients  Version  Model"), std::string::npos) << lt.out;
  EXPECT_NE(lt.out.find("\ng_admin "), std::string::npos) << lt.out;

  CmdRun d = run({"group", "describe", "-g", "g_admin"});
  ASSERT_EQ(d.code, 0) << d.err;
  EXPECT_NE(d.out.find("127.0.0.1@apps-test"), std::string::npos) << d.out;
  EXPECT_NE(d.out.find("GroupT"), std::string::npos) << d.out;
  auto dj = parse(run({"group", "describe", "-g", "g_admin", "--json"}).out);
  EXPECT_EQ(dj["members"].Size(), 1u);
  EXPECT_STREQ(dj["subscriptions"][0]["topic"].GetString(), "GroupT");

  CmdRun p = run({"group", "progress", "-g", "g_admin", "--json"});
  ASSERT_EQ(p.code, 0) << p.err;
  auto pj = parse(p.out);
  EXPECT_EQ(pj["totalLag"].GetInt64(), 6);
  EXPECT_EQ(pj["totalBrokerOffset"].GetInt64(), 6);
  // The test client is online but does not answer for its running info
  // (307): its queues show no holder.
  EXPECT_TRUE(pj["queues"][0]["clientAddr"].IsNull());
  CmdRun pt = run({"group", "progress", "-g", "g_admin"});
  EXPECT_NE(pt.out.find("Broker offset  Consumer offset  Client  Lag"), std::string::npos)
      << pt.out;

  CmdRun r =
      run({"group", "reset-offset", "-g", "g_admin", "-t", "GroupT", "--to-latest", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(parse(r.out)["offsets"].Size(), 4u);
  EXPECT_EQ(parse(run({"group", "progress", "-g", "g_admin", "--json"}).out)["totalLag"].GetInt64(),
            0);
  // Without an online client the offsets are committed directly.
  for (int q = 0; q < 4; ++q) {
    ASSERT_EQ(client.updateOffset(dev_->broker, "g_offline", "GroupT", q, 1), rc::kSuccess);
  }
  CmdRun ro = run({"group", "reset-offset", "-g", "g_offline", "-t", "GroupT", "--to-earliest"});
  ASSERT_EQ(ro.code, 0) << ro.err;
  EXPECT_EQ(lines(ro.out).at(0), "Broker    Queue  New offset") << ro.out;
  EXPECT_EQ(lines(ro.out).size(), 5u) << ro.out;
  EXPECT_EQ(client.queryOffset(dev_->broker, "g_offline", "GroupT", 0), 0);
}

TEST_F(AdminCommandsTest, UnknownGroupIsOneLineWithHint) {
  ASSERT_EQ(run({"produce", "-t", "NoGroupT"}).code, 0);
  for (auto args : std::vector<std::vector<std::string>>{
           {"group", "describe", "-g", "nogroup"},
           {"group", "progress", "-g", "nogroup"},
           {"group", "reset-offset", "-g", "nogroup", "-t", "NoGroupT", "--to-earliest"},
           {"dlq", "list", "-g", "nogroup"},
           {"dlq", "resend", "-g", "nogroup"}}) {
    CmdRun r = run(args);
    EXPECT_EQ(r.code, 1) << args[0] << " " << args[1];
    EXPECT_EQ(r.err,
              "apogee: unknown consumer group nogroup — 'apogee group list' shows the groups\n");
  }
  CmdRun bad = run({"group", "reset-offset", "-g", "nogroup", "-t", "TBW102"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("exactly one of"), std::string::npos);
}

TEST_F(AdminCommandsTest, MessageGetFindPrint) {
  CmdRun p =
      run({"produce", "-t", "MsgT", "-c", "3", "-k", "key{n}", "--body", "body {n}", "--json"});
  ASSERT_EQ(p.code, 0) << p.err;
  auto first = parse(lines(p.out).at(0));
  const std::string id = first["offsetMsgId"].GetString();
  const int queue = first["queueId"].GetInt();

  CmdRun g = run({"message", "get", "--id", id, "--json"});
  ASSERT_EQ(g.code, 0) << g.err;
  EXPECT_STREQ(parse(g.out)["body"].GetString(), "body 0");
  CmdRun gt = run({"message", "get", "--id", id});
  EXPECT_NE(gt.out.find("\nBody "), std::string::npos) << gt.out;
  EXPECT_NE(gt.out.find(" body 0\n"), std::string::npos) << gt.out;
  CmdRun bad = run({"message", "get", "--id", "zz"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("not a message id"), std::string::npos) << bad.err;
  // A msgId where an offsetMsgId belongs, and an offset with nothing stored.
  CmdRun uniq = run({"message", "get", "--id", first["msgId"].GetString()});
  EXPECT_EQ(uniq.code, 1);
  EXPECT_NE(uniq.err.find("is not an offsetMsgId (a msgId?) — a msgId is found with 'apogee "
                          "message find -t TOPIC -k MSGID'"),
            std::string::npos)
      << uniq.err;
  CmdRun nothing = run({"message", "get", "--id", id.substr(0, 16) + "00000000FFFFFF00"});
  EXPECT_EQ(nothing.code, 1);
  EXPECT_EQ(nothing.err.rfind("apogee: no message with offsetMsgId ", 0), 0u) << nothing.err;
  // The id names the broker (127.0.0.1:1 here), not the name server.
  CmdRun gone = run({"message", "get", "--id", "7F00000100000001" + id.substr(16)});
  EXPECT_EQ(gone.code, 1);
  EXPECT_EQ(gone.err,
            "apogee: cannot reach broker 127.0.0.1:1: connection refused — is it running? "
            "('apogee cluster list' shows the registered brokers)\n");

  CmdRun f = run({"message", "find", "-t", "MsgT", "-k", "key1", "--json"});
  ASSERT_EQ(f.code, 0) << f.err;
  ASSERT_EQ(lines(f.out).size(), 1u) << f.out;
  EXPECT_STREQ(parse(f.out)["body"].GetString(), "body 1");
  CmdRun ft = run({"message", "find", "-t", "MsgT", "-k", "key1"});
  ASSERT_EQ(ft.code, 0) << ft.err;
  ASSERT_EQ(lines(ft.out).size(), 2u) << ft.out;
  EXPECT_NE(lines(ft.out)[1].find("  key1  "), std::string::npos) << ft.out;
  EXPECT_NE(lines(ft.out)[1].find("  body 1"), std::string::npos) << ft.out;
  EXPECT_EQ(run({"message", "find", "-t", "MsgT", "-k", "nokey"}).code, 1);

  CmdRun pr = run({"message", "print", "-t", "MsgT", "-q", std::to_string(queue), "--json"});
  ASSERT_EQ(pr.code, 0) << pr.err;
  ASSERT_GE(lines(pr.out).size(), 1u);
  EXPECT_STREQ(parse(lines(pr.out)[0])["body"].GetString(), "body 0");
  CmdRun pt = run(
      {"message", "print", "-t", "MsgT", "-q", std::to_string(queue), "--from", "0", "--to", "1"});
  ASSERT_EQ(pt.code, 0) << pt.err;
  EXPECT_EQ(lines(pt.out).size(), 2u) << pt.out;
  EXPECT_NE(pt.out.find("body 0"), std::string::npos);
  CmdRun nq = run({"message", "print", "-t", "MsgT", "-q", "4"});
  EXPECT_EQ(nq.code, 1);
  EXPECT_EQ(nq.err,
            "apogee: topic MsgT has queues 0 to 3 on broker-a — choose one with --queue\n");
}

// RocketMQ's consumerProgress shows which client holds each queue: the
// tool asks every online client for its running info (307, relayed by the
// broker). Two `apogee consume` processes share the topic's four queues.
TEST_F(AdminCommandsTest, GroupProgressShowsWhichClientHoldsEachQueue) {
  ASSERT_EQ(run({"produce", "-t", "HoldT"}).code, 0);
  std::vector<std::unique_ptr<ApogeeProcess>> consumers;
  for (int i = 0; i < 2; ++i) {
    consumers.push_back(ApogeeProcess::start(
        {"consume", "-t", "HoldT", "-g", "g_hold", "-n", dev_->namesrv},
        tmp_->path() / ("hold-" + std::to_string(i))));
    ASSERT_TRUE(consumers.back());
  }
  // Both clients online and every queue held, by two different clients once
  // the rebalance has split the queues between them.
  std::set<std::string> members, holders;
  rapidjson::Document pj;
  EXPECT_TRUE(waitUntil(
      [&] {
        CmdRun d = run({"group", "describe", "-g", "g_hold", "--json"});
        CmdRun p = run({"group", "progress", "-g", "g_hold", "-t", "HoldT", "--json"});
        if (d.code != 0 || p.code != 0) return false;
        members.clear();
        const auto dj = parse(d.out);
        for (const auto& m : dj["members"].GetArray())
          members.insert(m["clientAddr"].GetString());
        holders.clear();
        pj = parse(p.out);
        for (const auto& q : pj["queues"].GetArray()) {
          if (!q["clientAddr"].IsString()) return false;
          holders.insert(q["clientAddr"].GetString());
        }
        return members.size() == 2 && pj["queues"].Size() == 4 && holders == members;
      },
      kWait, kPoll))
      << "members " << members.size() << ", holders " << holders.size();
  const std::string addr = pj["queues"][0]["clientAddr"].GetString();
  EXPECT_NE(std::string(pj["queues"][0]["clientId"].GetString()).find('@'), std::string::npos);
  bool listed = false;
  const auto groups = parse(run({"group", "list", "--json"}).out);
  for (const auto& g : groups["groups"].GetArray()) {
    if (g["group"].GetString() != std::string("g_hold")) continue;
    listed = true;
    EXPECT_EQ(g["clients"].GetInt(), 2);
    EXPECT_STREQ(g["version"].GetString(), "V4_9_8");  // the oldest member's
  }
  EXPECT_TRUE(listed);
  CmdRun t = run({"group", "progress", "-g", "g_hold", "-t", "HoldT"});
  ASSERT_EQ(t.code, 0) << t.err;
  EXPECT_NE(t.out.find("Consumer offset  Client"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("  " + addr + "  "), std::string::npos) << t.out;

  for (auto& c : consumers) {
    c->signal(SIGINT);
    EXPECT_EQ(c->waitExit(kExitTimeout), 0) << c->stderrText();
  }
  // No client online: the offsets still show, without holders.
  EXPECT_TRUE(waitUntil(
      [&] {
        CmdRun p = run({"group", "progress", "-g", "g_hold", "-t", "HoldT", "--json"});
        if (p.code != 0) return false;
        auto d = parse(p.out);
        return d["queues"].Size() == 4 && d["queues"][0]["clientAddr"].IsNull();
      },
      kWait, kPoll));
}

TEST_F(AdminCommandsTest, DlqListAndResend) {
  TestClient client;
  CmdRun p = run({"produce", "-t", "DlqT", "-c", "1", "--body", "poison", "--json"});
  ASSERT_EQ(p.code, 0) << p.err;
  auto sent = parse(p.out);
  ASSERT_EQ(client.heartbeat(dev_->broker, "g_dlq", "DlqT"), rc::kSuccess);
  CmdRun none = run({"dlq", "list", "-g", "g_dlq"});
  ASSERT_EQ(none.code, 0) << none.err;
  EXPECT_NE(none.out.find("no dead-letter queue"), std::string::npos);

  // Dead-letter the message at once (delayLevel -1), as a consumer that gave up.
  remoting::ConsumerSendMsgBackRequestHeader h;
  h.offset = static_cast<std::int64_t>(
      std::stoull(std::string(sent["offsetMsgId"].GetString()).substr(16), nullptr, 16));
  h.group = "g_dlq";
  h.delayLevel = -1;
  h.originMsgId = sent["msgId"].GetString();
  h.originTopic = "DlqT";
  auto resp = client.call(dev_->broker, RemotingCommand::createRequest(code::kConsumerSendMsgBack,
                                                                       remoting::toExtFields(h)));
  ASSERT_EQ(resp.code(), rc::kSuccess) << resp.remark().value_or("");

  // The DLQ topic's route and its queue counts follow the send-back shortly.
  EXPECT_TRUE(waitUntil(
      [&] {
        CmdRun l = run({"dlq", "list", "-g", "g_dlq", "--json"});
        if (l.code != 0) return false;
        auto d = parse(l.out);
        return d.IsObject() && d.HasMember("totalMessages") && d["totalMessages"].GetInt64() == 1;
      },
      kWait, kPoll));
  CmdRun r = run({"dlq", "resend", "-g", "g_dlq", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto rj = parse(r.out);
  ASSERT_EQ(rj["resent"].Size(), 1u);
  EXPECT_STREQ(rj["resent"][0]["topic"].GetString(), "DlqT");
  // The dead letter stays: a second resend (human output) sends it again.
  CmdRun rh = run({"dlq", "resend", "-g", "g_dlq"});
  ASSERT_EQ(rh.code, 0) << rh.err;
  EXPECT_NE(rh.out.find("Resent to  New msg id"), std::string::npos) << rh.out;
  EXPECT_NE(rh.out.find("resent 1 message (the dead letters stay in %DLQ%g_dlq)"),
            std::string::npos)
      << rh.out;
  EXPECT_TRUE(waitUntil(
      [&] {
        return parse(run({"topic", "status", "-t", "DlqT", "--json"}).out)["totalMessages"]
                   .GetInt64() == 3;
      },
      kWait, kPoll));
}

TEST_F(AdminCommandsTest, NoNameServerIsOneLineWithHint) {
  for (auto args : std::vector<std::vector<std::string>>{{"topic", "list"},
                                                         {"topic", "create", "-t", "T"},
                                                         {"topic", "status", "-t", "T"},
                                                         {"cluster", "list"},
                                                         {"group", "list"},
                                                         {"group", "describe", "-g", "g"},
                                                         {"group", "progress", "-g", "g"},
                                                         {"group", "reset-offset", "-g", "g", "-t",
                                                          "T", "--to-latest"},
                                                         {"message", "find", "-t", "T", "-k", "k"},
                                                         {"message", "print", "-t", "T"},
                                                         {"dlq", "list", "-g", "g"},
                                                         {"dlq", "resend", "-g", "g"},
                                                         {"produce", "-t", "T"}}) {
    args.push_back("-n");
    args.push_back("127.0.0.1:1");
    CmdRun r = run(args, false);
    EXPECT_EQ(r.code, 1) << args[0];
    EXPECT_EQ(r.err,
              "apogee: cannot reach name server 127.0.0.1:1: connection refused — is 'apogee dev' "
              "running? (set -n or NAMESRV_ADDR for another)\n");
  }
}

TEST_F(AdminCommandsTest, UnknownCommandIsAUsageErrorNamingIt) {
  CmdRun top = run({"fetch"}, false);
  EXPECT_EQ(top.code, 2);
  EXPECT_EQ(top.err, "apogee: unknown command 'fetch' — 'apogee --help' lists the commands\n");
  CmdRun sub = run({"topic", "show", "-t", "T"}, false);
  EXPECT_EQ(sub.code, 2);
  EXPECT_EQ(sub.err,
            "apogee: unknown command 'topic show' — 'apogee topic --help' lists the commands\n");
  CmdRun none = run({"topic"}, false);  // no subcommand at all: CLI11's own words
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.err.find("A subcommand is required"), std::string::npos) << none.err;
}

TEST_F(AdminCommandsTest, EveryCommandHasHelpWithAnExample) {
  CmdRun top = run({"--help"}, false);
  EXPECT_EQ(top.code, 0);
  EXPECT_NE(top.out.find("Example (the servers, then in a second terminal a producer and a "
                         "consumer):\n  apogee dev\n"),
            std::string::npos)
      << top.out;
  for (auto args : std::vector<std::vector<std::string>>{{"dev"},
                                                         {"namesrv"},
                                                         {"broker"},
                                                         {"produce"},
                                                         {"topic"},
                                                         {"cluster"},
                                                         {"group"},
                                                         {"message"},
                                                         {"dlq"},
                                                         {"topic", "create"},
                                                         {"topic", "update"},
                                                         {"topic", "delete"},
                                                         {"topic", "list"},
                                                         {"topic", "route"},
                                                         {"topic", "status"},
                                                         {"cluster", "list"},
                                                         {"group", "list"},
                                                         {"group", "describe"},
                                                         {"group", "progress"},
                                                         {"group", "reset-offset"},
                                                         {"message", "get"},
                                                         {"message", "find"},
                                                         {"message", "print"},
                                                         {"dlq", "list"},
                                                         {"dlq", "resend"}}) {
    args.push_back("--help");
    CmdRun r = run(args, false);
    EXPECT_EQ(r.code, 0) << args[0];
    EXPECT_NE(r.out.find("Example:\n  apogee " + args[0]), std::string::npos) << r.out;
  }
}

}  // namespace
}  // namespace apogee::testing
