// `apogee dev` run as a real process: the ready line, serving, clean exit,
// and the startup errors users see.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "apps/apps_test_util.h"
#include "support/wait.h"

namespace apogee::testing {
namespace {

// A listening socket on 127.0.0.1 holding a free port for the test.
class OccupiedPort {
 public:
  OccupiedPort() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(fd_, 1), 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~OccupiedPort() { ::close(fd_); }
  std::string port() const { return std::to_string(port_); }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

TEST(DevCommandTest, ServesRoutesAndMessagesThenExitsZeroOnSigterm) {
  TempDir tmp;
  DevServer dev = startDev(tmp, tmp.path() / "data");
  ASSERT_TRUE(dev.process);
  EXPECT_EQ(dev.data_dir, (tmp.path() / "data").string());

  TestClient client;
  // The broker registered before the ready line: its default topic is routed.
  auto tbw = client.route(dev.namesrv, "TBW102");
  ASSERT_TRUE(tbw);
  ASSERT_EQ(tbw->brokerDatas.size(), 1u);
  EXPECT_EQ(tbw->brokerDatas[0].brokerAddrs.at(0), dev.broker);

  // autoCreateTopicEnable is on in dev: a send to a new topic creates it.
  auto sent = client.call(dev.broker, TestClient::sendRequest("DevTopic", 0, "hello"));
  ASSERT_EQ(sent.code(), rc::kSuccess) << sent.remark().value_or("");
  EXPECT_TRUE(waitUntil([&] { return client.route(dev.namesrv, "DevTopic").has_value(); },
                        std::chrono::seconds(15)));
  ASSERT_EQ(client.heartbeat(dev.broker, "DevGroup", "DevTopic"), rc::kSuccess);
  // The message becomes pullable once the broker has dispatched it.
  std::vector<std::string> bodies;
  EXPECT_TRUE(waitUntil([&] {
    bodies = client.pullAll(dev.broker, "DevGroup", "DevTopic", 0);
    return !bodies.empty();
  }));
  ASSERT_EQ(bodies.size(), 1u);
  EXPECT_EQ(bodies[0], "hello");

  const auto signalled = std::chrono::steady_clock::now();
  dev.process->signal(SIGTERM);
  EXPECT_EQ(dev.process->waitExit(kExitTimeout), 0) << dev.process->stderrText();
  EXPECT_LT(std::chrono::steady_clock::now() - signalled, std::chrono::seconds(5));
  // A clean shutdown removes the abort marker.
  EXPECT_FALSE(std::filesystem::exists(tmp.path() / "data" / "abort"));
}

TEST(DevCommandTest, SigintAlsoExitsZero) {
  TempDir tmp;
  DevServer dev = startDev(tmp, tmp.path() / "data");
  ASSERT_TRUE(dev.process);
  dev.process->signal(SIGINT);
  EXPECT_EQ(dev.process->waitExit(kExitTimeout), 0) << dev.process->stderrText();
}

TEST(DevCommandTest, PortInUseIsOneClearLine) {
  TempDir tmp;
  OccupiedPort taken;
  auto [code, err] = runToFailure(tmp, {"dev", "--namesrv-port", taken.port(), "--broker-port", "0",
                                        "--data-dir", (tmp.path() / "data").string()});
  EXPECT_EQ(code, 1);
  EXPECT_EQ(err, "apogee dev: cannot listen on 127.0.0.1:" + taken.port() +
                     ": address already in use — is another apogee running?\n");

  std::tie(code, err) =
      runToFailure(tmp, {"dev", "--namesrv-port", "0", "--broker-port", taken.port(), "--data-dir",
                         (tmp.path() / "data").string()});
  EXPECT_EQ(code, 1);
  EXPECT_NE(err.find("apogee dev: cannot listen on 127.0.0.1:" + taken.port() +
                     ": address already in use — is another apogee running?\n"),
            std::string::npos)
      << err;
}

TEST(DevCommandTest, DataDirThatCannotBeCreatedOrWrittenIsRefused) {
  TempDir tmp;
  const auto file = tmp.writeFile("not-a-dir", "x");
  auto [code, err] = runToFailure(tmp, {"dev", "--namesrv-port", "0", "--broker-port", "0",
                                        "--data-dir", (file / "data").string()});
  EXPECT_EQ(code, 1);
  EXPECT_NE(err.find("apogee dev: cannot create data directory " + (file / "data").string()),
            std::string::npos)
      << err;

  std::tie(code, err) = runToFailure(
      tmp, {"dev", "--namesrv-port", "0", "--broker-port", "0", "--data-dir", file.string()});
  EXPECT_EQ(code, 1);
  EXPECT_NE(err.find("data directory " + file.string() + " is not a directory"), std::string::npos)
      << err;

  if (::geteuid() != 0) {  // root writes through permission bits
    const auto read_only = tmp.path() / "read-only";
    std::filesystem::create_directories(read_only);
    std::filesystem::permissions(
        read_only, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    std::tie(code, err) = runToFailure(tmp, {"dev", "--namesrv-port", "0", "--broker-port", "0",
                                             "--data-dir", read_only.string()});
    std::filesystem::permissions(read_only, std::filesystem::perms::owner_all);
    EXPECT_EQ(code, 1);
    EXPECT_NE(err.find("data directory " + read_only.string() + " is not writable"),
              std::string::npos)
        << err;
  }
}

TEST(DevCommandTest, ConfigFileSetsBrokerKeysAndFlagsOverrideIt) {
  TempDir tmp;
  OccupiedPort taken;
  // listenPort from the file is taken, but --broker-port 0 overrides it.
  const auto conf = tmp.writeFile("broker.conf",
                                  "# dev settings\n"
                                  "brokerName = conf-broker\n"
                                  "brokerClusterName = ConfCluster\n"
                                  "listenPort = " +
                                      taken.port() +
                                      "\n"
                                      "flushDiskType = SYNC_FLUSH\n");
  DevServer dev = startDev(tmp, tmp.path() / "data", {"-c", conf.string()});
  ASSERT_TRUE(dev.process);
  TestClient client;
  auto route = client.route(dev.namesrv, "TBW102");
  ASSERT_TRUE(route);
  ASSERT_EQ(route->brokerDatas.size(), 1u);
  EXPECT_EQ(route->brokerDatas[0].brokerName, "conf-broker");
  EXPECT_EQ(route->brokerDatas[0].cluster, "ConfCluster");
  auto sent = client.call(dev.broker, TestClient::sendRequest("ConfTopic", 0, "synced"));
  EXPECT_EQ(sent.code(), rc::kSuccess);
  dev.process->signal(SIGTERM);
  EXPECT_EQ(dev.process->waitExit(kExitTimeout), 0);
}

TEST(DevCommandTest, ConfigErrorsNameFileLineAndKeyAndExitTwo) {
  TempDir tmp;
  const auto data = (tmp.path() / "data").string();
  const auto unknown = tmp.writeFile("unknown.conf", "brokerName=a\n\nbrokerNmae=b\n");
  auto [code, err] = runToFailure(tmp, {"dev", "-c", unknown.string(), "--data-dir", data});
  EXPECT_EQ(code, 2);
  EXPECT_EQ(err, "apogee dev: " + unknown.string() + ":3: unknown key 'brokerNmae'\n");

  const auto bad = tmp.writeFile("bad.conf", "autoCreateTopicEnable=yes\n");
  std::tie(code, err) = runToFailure(tmp, {"dev", "-c", bad.string(), "--data-dir", data});
  EXPECT_EQ(code, 2);
  EXPECT_EQ(err, "apogee dev: " + bad.string() +
                     ":1: key 'autoCreateTopicEnable': 'yes' is not true or false\n");

  const auto no_key = tmp.writeFile("nokey.conf", "# x\n= 5\n");
  std::tie(code, err) = runToFailure(tmp, {"dev", "-c", no_key.string(), "--data-dir", data});
  EXPECT_EQ(code, 2);
  EXPECT_EQ(err, "apogee dev: " + no_key.string() + ":2: missing key before '='\n");

  std::tie(code, err) =
      runToFailure(tmp, {"dev", "-c", (tmp.path() / "missing.conf").string(), "--data-dir", data});
  EXPECT_EQ(code, 2);
  EXPECT_NE(err.find("cannot read config file"), std::string::npos) << err;

  std::tie(code, err) = runToFailure(tmp, {"dev", "--broker-port", "http", "--data-dir", data});
  EXPECT_EQ(code, 2);
  EXPECT_EQ(err, "apogee dev: --broker-port: key 'listenPort': 'http' is not an integer\n");

  std::tie(code, err) = runToFailure(tmp, {"dev", "--no-such-flag"});
  EXPECT_EQ(code, 2);
  // Nothing was started, so nothing was created.
  EXPECT_FALSE(std::filesystem::exists(data));
}

}  // namespace
}  // namespace apogee::testing
