// `apogee broker` and `apogee namesrv` run as real processes.
#include <gtest/gtest.h>
#include <signal.h>

#include <regex>
#include <string>

#include "apps/apps_test_util.h"
#include "support/wait.h"

namespace apogee::testing {
namespace {

// Reads the ready line of `process` and returns the address in it
// (`pattern`'s first group); empty (and a test failure) if it did not come.
std::string readyAddress(ApogeeProcess& process, const std::regex& pattern) {
  auto line = process.readLine(kStartTimeout);
  std::smatch m;
  if (!line || !std::regex_match(*line, m, pattern)) {
    ADD_FAILURE() << "no ready line (got '" << line.value_or("<none>") << "'); stderr:\n"
                  << process.stderrText();
    return "";
  }
  return m[1];
}

const std::regex kNamesrvReady(R"(apogee namesrv ready: namesrv=(127\.0\.0\.1:\d+))");

TEST(ServerCommandsTest, BrokerRegistersWithNamesrvProcessAndBothExitZero) {
  TempDir tmp;
  const auto ns_conf = tmp.writeFile("namesrv.conf", "listenHost=127.0.0.1\nlistenPort=0\n");
  auto namesrv = ApogeeProcess::start({"namesrv", "-c", ns_conf.string()}, tmp.path() / "ns.log");
  ASSERT_TRUE(namesrv);
  const std::string ns_addr = readyAddress(*namesrv, kNamesrvReady);
  ASSERT_FALSE(ns_addr.empty());

  const auto data = tmp.path() / "broker-data";
  auto broker = ApogeeProcess::start(
      {"broker", "-n", ns_addr, "-p", "0", "--host", "127.0.0.1", "--broker-name", "broker-z",
       "--data-dir", data.string(), "--auto-create-topic", "--flush", "sync"},
      tmp.path() / "broker.log");
  ASSERT_TRUE(broker);
  const std::string broker_addr = readyAddress(
      *broker,
      std::regex(R"(apogee broker ready: broker=(127\.0\.0\.1:\d+) data=)" + data.string()));
  ASSERT_FALSE(broker_addr.empty());

  TestClient client;
  std::optional<remoting::TopicRouteData> route;
  ASSERT_TRUE(waitUntil([&] { return (route = client.route(ns_addr, "TBW102")).has_value(); },
                        std::chrono::seconds(15)));
  ASSERT_EQ(route->brokerDatas.size(), 1u);
  EXPECT_EQ(route->brokerDatas[0].brokerName, "broker-z");
  EXPECT_EQ(route->brokerDatas[0].brokerAddrs.at(0), broker_addr);
  auto sent = client.call(broker_addr, TestClient::sendRequest("AutoTopic", 0, "x"));
  EXPECT_EQ(sent.code(), rc::kSuccess) << sent.remark().value_or("");

  broker->signal(SIGTERM);
  EXPECT_EQ(broker->waitExit(kExitTimeout), 0) << broker->stderrText();
  namesrv->signal(SIGTERM);
  EXPECT_EQ(namesrv->waitExit(kExitTimeout), 0) << namesrv->stderrText();
}

// A plain `apogee broker` does not create topics on the first send
// (autoCreateTopicEnable=false): `apogee produce` names the unknown topic,
// and sends once `apogee topic create` made it.
TEST(ServerCommandsTest, ProduceToATopicTheBrokerDoesNotCreateNamesIt) {
  TempDir tmp;
  auto namesrv = ApogeeProcess::start({"namesrv", "--host", "127.0.0.1", "-p", "0"},
                                      tmp.path() / "ns.log");
  ASSERT_TRUE(namesrv);
  const std::string ns_addr = readyAddress(*namesrv, kNamesrvReady);
  ASSERT_FALSE(ns_addr.empty());
  const auto data = tmp.path() / "broker-data";
  auto broker = ApogeeProcess::start({"broker", "-n", ns_addr, "-p", "0", "--host", "127.0.0.1",
                                      "--broker-name", "broker-y", "--data-dir", data.string()},
                                     tmp.path() / "broker.log");
  ASSERT_TRUE(broker);
  ASSERT_FALSE(readyAddress(*broker, std::regex(R"(apogee broker ready: broker=(\S+) data=.*)"))
                   .empty());
  TestClient client;
  ASSERT_TRUE(waitUntil([&] { return client.route(ns_addr, "broker-y").has_value(); },
                        std::chrono::seconds(15)));

  auto [code, err] = runToFailure(tmp, {"produce", "-t", "PlainT", "-n", ns_addr});
  EXPECT_EQ(code, 1);
  EXPECT_EQ(err,
            "apogee: unknown topic PlainT — 'apogee topic list' shows the topics, 'apogee topic "
            "create' makes one\n");
  auto create = ApogeeProcess::start({"topic", "create", "-t", "PlainT", "-n", ns_addr},
                                     tmp.path() / "create.log");
  ASSERT_TRUE(create);
  EXPECT_EQ(create->waitExit(kExitTimeout), 0) << create->stderrText();
  auto produce = ApogeeProcess::start({"produce", "-t", "PlainT", "-n", ns_addr},
                                      tmp.path() / "produce.log");
  ASSERT_TRUE(produce);
  auto line = produce->readLine(kExitTimeout);
  ASSERT_TRUE(line) << produce->stderrText();
  EXPECT_NE(line->find("SEND_OK  PlainT/broker-y/"), std::string::npos) << *line;
  EXPECT_EQ(produce->waitExit(kExitTimeout), 0) << produce->stderrText();

  broker->signal(SIGTERM);
  EXPECT_EQ(broker->waitExit(kExitTimeout), 0) << broker->stderrText();
  namesrv->signal(SIGTERM);
  EXPECT_EQ(namesrv->waitExit(kExitTimeout), 0) << namesrv->stderrText();
}

TEST(ServerCommandsTest, SecondBrokerOnTheSameDataDirIsRefused) {
  TempDir tmp;
  const auto data = tmp.path() / "shared";
  auto first = ApogeeProcess::start({"broker", "-p", "0", "--data-dir", data.string()},
                                    tmp.path() / "first.log");
  ASSERT_TRUE(first);
  ASSERT_FALSE(
      readyAddress(*first, std::regex(R"(apogee broker ready: broker=(\S+) data=.*)")).empty());
  const auto topics_before = std::filesystem::last_write_time(data / "config" / "topics.json");

  auto [code, err] = runToFailure(tmp, {"broker", "-p", "0", "--data-dir", data.string()});
  EXPECT_EQ(code, 1);
  EXPECT_EQ(err.substr(err.find("apogee broker:")),
            "apogee broker: data directory " + data.string() +
                " is in use: another process holds its lock file " + (data / "lock").string() +
                " (is another broker running on it?)\n");
  // The refused broker stopped before rewriting the running one's files.
  EXPECT_EQ(std::filesystem::last_write_time(data / "config" / "topics.json"), topics_before);

  first->signal(SIGTERM);
  EXPECT_EQ(first->waitExit(kExitTimeout), 0) << first->stderrText();
}

TEST(ServerCommandsTest, NamesrvFlagOverridesConfigAndConfigErrorsExitTwo) {
  TempDir tmp;
  const auto conf = tmp.writeFile("namesrv.conf", "listenPort=1\nserverWorkerThreads=2\n");
  auto namesrv = ApogeeProcess::start(
      {"namesrv", "-c", conf.string(), "--host", "127.0.0.1", "-p", "0"}, tmp.path() / "ns.log");
  ASSERT_TRUE(namesrv);
  EXPECT_FALSE(readyAddress(*namesrv, kNamesrvReady).empty());
  namesrv->signal(SIGINT);
  EXPECT_EQ(namesrv->waitExit(kExitTimeout), 0);

  const auto bad = tmp.writeFile("bad.conf", "listenPort=0\nbrokerName=x\n");
  auto [code, err] = runToFailure(tmp, {"namesrv", "-c", bad.string()});
  EXPECT_EQ(code, 2);
  EXPECT_EQ(err, "apogee namesrv: " + bad.string() + ":2: unknown key 'brokerName'\n");

  const auto bad_broker = tmp.writeFile("broker.conf", "flushDiskType=NEVER\n");
  std::tie(code, err) = runToFailure(tmp, {"broker", "-c", bad_broker.string()});
  EXPECT_EQ(code, 2);
  EXPECT_EQ(err, "apogee broker: " + bad_broker.string() +
                     ":1: key 'flushDiskType': 'NEVER' is not SYNC_FLUSH or ASYNC_FLUSH\n");
}

}  // namespace
}  // namespace apogee::testing
