#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "apps/apogee_process.h"
#include "common/message/stored_message.h"
#include "remoting/body/heartbeat.h"
#include "remoting/body/route.h"
#include "remoting/headers/offset.h"
#include "remoting/headers/pull.h"
#include "remoting/headers/route.h"
#include "remoting/headers/send.h"
#include "remoting/request_code.h"
#include "remoting/response_code.h"
#include "remoting/transport/remoting_client.h"
#include "support/temp_dir.h"

// Helpers of the tests that run the real `apogee` executable: temporary
// directories, starting a server and reading its ready line, and the few
// requests the tests send through the remoting client.
namespace apogee::testing {

namespace code = remoting::RequestCode;
namespace rc = remoting::ResponseCode;
using remoting::RemotingCommand;

inline constexpr std::chrono::milliseconds kStartTimeout{20000};
inline constexpr std::chrono::milliseconds kExitTimeout{20000};

// Store settings that keep a test's data directory small (the defaults
// allocate a 1 GiB commit-log segment and a 400 MiB index file).
inline constexpr std::string_view kSmallStoreConf =
    "mappedFileSizeCommitLog=8388608\n"
    "mappedFileSizeConsumeQueue=81920\n"
    "maxHashSlotNum=1024\n"
    "maxIndexNum=4096\n"
    "warmMappedFileAheadBytes=1048576\n";

// A started `apogee dev` and the addresses from its ready line.
struct DevServer {
  std::unique_ptr<ApogeeProcess> process;
  std::string namesrv;  // "127.0.0.1:port"
  std::string broker;
  std::string data_dir;
};

// Parses "apogee dev ready: namesrv=H:P broker=H:P data=DIR".
inline bool parseDevReadyLine(const std::string& line, DevServer& out) {
  static const std::regex kReady(
      R"(apogee dev ready: namesrv=(127\.0\.0\.1:\d+) broker=(127\.0\.0\.1:\d+) data=(/.+))");
  std::smatch m;
  if (!std::regex_match(line, m, kReady)) return false;
  out.namesrv = m[1];
  out.broker = m[2];
  out.data_dir = m[3];
  return true;
}

// Starts `apogee dev` on free ports with `data_dir`; the process is null
// (and the test failed) if it did not print its ready line in time.
inline DevServer startDev(const TempDir& tmp, const std::filesystem::path& data_dir,
                          std::vector<std::string> extra_args = {},
                          const std::string& log_name = "dev.log") {
  std::vector<std::string> args = {"dev",        "--namesrv-port", "0", "--broker-port", "0",
                                   "--data-dir", data_dir.string()};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  DevServer dev;
  dev.process = ApogeeProcess::start(args, tmp.path() / log_name);
  if (!dev.process) return dev;
  auto line = dev.process->readLine(kStartTimeout);
  if (!line || !parseDevReadyLine(*line, dev)) {
    ADD_FAILURE() << "no ready line from apogee dev (got '" << line.value_or("<none>")
                  << "'); stderr:\n"
                  << dev.process->stderrText();
    dev.process.reset();
  }
  return dev;
}

// Runs `apogee <args>` that is expected to fail at once; returns its exit
// code (nullopt if it did not exit in time) and its stderr.
inline std::pair<std::optional<int>, std::string> runToFailure(
    const TempDir& tmp, const std::vector<std::string>& args) {
  static std::atomic<int> counter{0};
  auto p = ApogeeProcess::start(args, tmp.path() / ("fail-" + std::to_string(counter++) + ".log"));
  if (!p) return {std::nullopt, ""};
  auto code = p->waitExit(kExitTimeout);
  return {code, p->stderrText()};
}

// A remoting client with the requests the tests need. Failures to get any
// response are test failures; the response is returned as it came.
class TestClient {
 public:
  TestClient() { EXPECT_TRUE(client_.start().ok()); }
  ~TestClient() { client_.shutdown(); }

  remoting::RemotingClient& remoting() { return client_; }

  RemotingCommand call(const std::string& addr, RemotingCommand request,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto r = client_.invokeSync(addr, std::move(request), timeout);
    EXPECT_TRUE(r.ok()) << addr << ": " << r.status();
    if (!r.ok()) return RemotingCommand::createResponse(-1, r.status().toString());
    return std::move(*r);
  }

  std::optional<remoting::TopicRouteData> route(const std::string& namesrv,
                                                const std::string& topic) {
    remoting::GetRouteInfoRequestHeader h;
    h.topic = topic;
    auto r = call(namesrv, RemotingCommand::createRequest(code::kGetRouteInfoByTopic,
                                                          remoting::toExtFields(h)));
    if (r.code() != rc::kSuccess) return std::nullopt;
    auto data = remoting::TopicRouteData::fromJson(r.body().flatten());
    EXPECT_TRUE(data.ok()) << data.status();
    return data.ok() ? std::optional(*data) : std::nullopt;
  }

  int createTopic(const std::string& broker, const std::string& topic, int queues) {
    auto r =
        call(broker, RemotingCommand::createRequest(code::kUpdateAndCreateTopic,
                                                    {{"topic", topic},
                                                     {"defaultTopic", "TBW102"},
                                                     {"readQueueNums", std::to_string(queues)},
                                                     {"writeQueueNums", std::to_string(queues)},
                                                     {"perm", "6"},
                                                     {"topicFilterType", "SINGLE_TAG"},
                                                     {"topicSysFlag", "0"},
                                                     {"order", "false"}}));
    return r.code();
  }

  static RemotingCommand sendRequest(const std::string& topic, int queue, const std::string& body) {
    remoting::SendMessageRequestHeaderV2 h;
    h.a = "AppsTestProducer";
    h.b = topic;
    h.c = "TBW102";
    h.d = 4;
    h.e = queue;
    h.g = 1700000000000;
    h.j = 0;
    auto req = RemotingCommand::createRequest(code::kSendMessageV2, remoting::toExtFields(h));
    req.setBody(body);
    return req;
  }

  int heartbeat(const std::string& broker, const std::string& group, const std::string& topic) {
    remoting::HeartbeatData hb;
    hb.clientID = "127.0.0.1@apps-test";
    remoting::ConsumerData cd;
    cd.groupName = group;
    auto sub = remoting::buildSubscriptionData(topic, "*", "TAG", 1000);
    EXPECT_TRUE(sub.ok());
    if (sub.ok()) cd.subscriptionDataSet.push_back(*sub);
    hb.consumerDataSet.push_back(cd);
    auto req = RemotingCommand::createRequest(code::kHeartBeat);
    req.setBody(hb.toJson());
    return call(broker, std::move(req)).code();
  }

  int updateOffset(const std::string& broker, const std::string& group, const std::string& topic,
                   int queue, std::int64_t offset) {
    remoting::UpdateConsumerOffsetRequestHeader h;
    h.consumerGroup = group;
    h.topic = topic;
    h.queueId = queue;
    h.commitOffset = offset;
    return call(broker, RemotingCommand::createRequest(code::kUpdateConsumerOffset,
                                                       remoting::toExtFields(h)))
        .code();
  }

  // The committed offset, or nullopt if the broker has none.
  std::optional<std::int64_t> queryOffset(const std::string& broker, const std::string& group,
                                          const std::string& topic, int queue) {
    remoting::QueryConsumerOffsetRequestHeader h;
    h.consumerGroup = group;
    h.topic = topic;
    h.queueId = queue;
    auto r = call(broker, RemotingCommand::createRequest(code::kQueryConsumerOffset,
                                                         remoting::toExtFields(h)));
    if (r.code() != rc::kSuccess) return std::nullopt;
    auto header =
        remoting::decodeHeader<remoting::QueryConsumerOffsetResponseHeader>(r.extFields());
    EXPECT_TRUE(header.ok()) << header.status();
    return header.ok() ? std::optional(header->offset) : std::nullopt;
  }

  RemotingCommand pull(const std::string& broker, const std::string& group,
                       const std::string& topic, int queue, std::int64_t offset) {
    remoting::PullMessageRequestHeader h;
    h.consumerGroup = group;
    h.topic = topic;
    h.queueId = queue;
    h.queueOffset = offset;
    h.maxMsgNums = 32;
    h.sysFlag = remoting::PullSysFlag::kSubscription;  // no suspend: answers at once
    h.subscription = "*";
    h.expressionType = "TAG";
    return call(broker,
                RemotingCommand::createRequest(code::kPullMessage, remoting::toExtFields(h)));
  }

  // Every body in `queue` from offset 0 on, in order; a test failure on an
  // unexpected pull status.
  std::vector<std::string> pullAll(const std::string& broker, const std::string& group,
                                   const std::string& topic, int queue) {
    std::vector<std::string> bodies;
    std::int64_t offset = 0;
    for (;;) {
      auto r = pull(broker, group, topic, queue, offset);
      if (r.code() == rc::kPullNotFound) break;
      if (r.code() != rc::kSuccess && r.code() != rc::kPullRetryImmediately) {
        ADD_FAILURE() << "pull " << topic << "/" << queue << " at " << offset << ": code "
                      << r.code() << " " << r.remark().value_or("");
        break;
      }
      auto header = remoting::decodeHeader<remoting::PullMessageResponseHeader>(r.extFields());
      if (!header.ok() || header->nextBeginOffset <= offset) {
        ADD_FAILURE() << "pull " << topic << "/" << queue << " at " << offset << " did not advance";
        break;
      }
      offset = header->nextBeginOffset;
      const std::string body = r.body().flatten();
      std::size_t pos = 0;
      while (pos < body.size()) {
        auto m = message::decodeStoredMessage(std::string_view(body).substr(pos), true);
        if (!m.ok()) {
          ADD_FAILURE() << m.status();
          return bodies;
        }
        bodies.emplace_back(m->body);
        pos += static_cast<std::size_t>(m->totalSize);
      }
    }
    return bodies;
  }

 private:
  remoting::RemotingClient client_;
};

}  // namespace apogee::testing
