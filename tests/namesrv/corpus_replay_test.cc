// Our name server against the Java 4.9.8 one, on the captured traffic of
// tests/data/protocol-corpus: the Java broker's REGISTER_BROKER and
// UNREGISTER_BROKER frames of scenario i are replayed as they were sent
// (same header format, extFields, version, body), then the clients' and
// mqadmin's GET_ROUTEINFO_BY_TOPIC, GET_BROKER_CLUSTER_INFO and
// GET_ALL_TOPIC_LIST_FROM_NAMESERVER requests, and every answer is compared
// with the one the Java name server gave.
//
// The registration frames cover the broker's first 45 s only; topics the
// broker created later (CorpusT, the %RETRY% topics) were registered in
// frames the capture does not hold. Phase 1 checks the answers about the
// topics scenario i registered (and TOPIC_NOT_EXIST for the others, which the
// Java server gave too before their registration). Phase 2 registers the
// missing topics with the queue data Java's answers show, as the broker
// would have, and checks every route, cluster and topic-list answer.

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "name_server_fixture.h"
#include "remoting/body/route.h"
#include "remoting/frame_codec.h"
#include "support/corpus.h"
#include "support/wait.h"

namespace apogee::namesrv {
namespace {

using apogee::testing::CorpusFrame;
using apogee::testing::corpusFrames;
using remoting::RemotingCommand;
using remoting::SerializeType;

std::string where(const CorpusFrame& f) { return f.file + ":" + std::to_string(f.line); }

RemotingCommand decodeFrame(const CorpusFrame& f) {
  std::size_t consumed = 0;
  auto decoded = remoting::FrameDecoder().decode(f.wireBytes(), consumed);
  if (!decoded.ok() || !decoded->has_value()) {
    ADD_FAILURE() << where(f) << ": frame does not decode";
    return {};
  }
  return std::move(**decoded);
}

SerializeType serializeOf(const CorpusFrame& f) {
  return f.serialize == "ROCKETMQ" ? SerializeType::kRocketMQ : SerializeType::kJson;
}

// A request sent to the name server and the Java server's answer to it.
struct Exchange {
  const CorpusFrame* request = nullptr;
  const CorpusFrame* response = nullptr;  // null for oneway requests
};

// Every request to the name server in `file_prefix` files (all when empty),
// with its answer, in capture order.
std::vector<Exchange> namesrvExchanges(std::string_view file_prefix = {}) {
  std::map<std::pair<std::string, int>, const CorpusFrame*> answers;  // (stream, opaque)
  for (const auto& f : corpusFrames()) {
    if (f.from == "namesrv" && f.isResponse) answers[{f.stream, f.opaque}] = &f;
  }
  std::vector<Exchange> out;
  for (const auto& f : corpusFrames()) {
    if (f.to != "namesrv" || f.isResponse || !f.file.starts_with(file_prefix)) continue;
    auto it = answers.find({f.stream, f.opaque});
    out.push_back({&f, f.oneway || it == answers.end() ? nullptr : it->second});
  }
  return out;
}

std::optional<std::string> extTopic(const CorpusFrame& f) {
  if (!f.extFields) return std::nullopt;
  for (const auto& [k, v] : *f.extFields) {
    if (k == "topic") return v;
  }
  return std::nullopt;
}

class CorpusReplayTest : public testing::NameServerTest,
                         public ::testing::WithParamInterface<std::string> {
 protected:
  // Replays one exchange and compares the answer with Java's: code, remark,
  // extFields and, with `exact_body`, the body bytes. Returns our answer.
  RemotingCommand replay(const Exchange& ex, bool exact_body) {
    const CorpusFrame& req = *ex.request;
    SCOPED_TRACE(where(req));
    RemotingCommand ours = call(decodeFrame(req), serializeOf(req));
    if (ex.response == nullptr) return ours;
    const RemotingCommand java = decodeFrame(*ex.response);
    EXPECT_EQ(ours.code(), java.code());
    EXPECT_EQ(ours.remark(), java.remark());
    EXPECT_EQ(ours.extFields(), java.extFields());
    EXPECT_EQ(ours.serializeType(), serializeOf(req)) << "answer in the request's header format";
    EXPECT_GE(ours.version(), remoting::kCurrentVersion);
    if (exact_body) {
      EXPECT_EQ(ours.body().flatten(), java.body().flatten());
    }
    return ours;
  }

  // Sends the oneway REGISTER_BROKER and waits until the server applied it.
  void replayOneway(const Exchange& ex) {
    const CorpusFrame& req = *ex.request;
    SCOPED_TRACE(where(req));
    RemotingCommand cmd = decodeFrame(req);
    const auto wrapper =
        remoting::RegisterBrokerBody::fromJson(cmd.body().flatten())->topicConfigSerializeWrapper;
    const std::string addr(*cmd.extField("brokerAddr"));
    ASSERT_TRUE(client(serializeOf(req)).invokeOneway(address(), std::move(cmd), testing::kCallTimeout).ok());
    EXPECT_TRUE(apogee::testing::waitUntil(
        [&] { return routes().queryBrokerTopicConfig(addr) == wrapper.dataVersion; }));
  }

  // The topic table of the last REGISTER_BROKER of this run's scenario i.
  std::set<std::string> registeredTopics() {
    std::set<std::string> topics;
    for (const auto& ex : namesrvExchanges(brokerFile())) {
      if (ex.request->code != remoting::RequestCode::kRegisterBroker) continue;
      const auto body = remoting::RegisterBrokerBody::fromJson(ex.request->body);
      EXPECT_TRUE(body.ok()) << body.status();
      if (!body.ok()) continue;
      for (const auto& [name, config] : body->topicConfigSerializeWrapper.topicConfigTable) {
        topics.insert(name);
      }
    }
    return topics;
  }

  std::string brokerFile() const { return "i-broker-registration." + GetParam() + "."; }
};

TEST_P(CorpusReplayTest, AnswersLikeTheJavaNameServer) {
  startServer();
  std::vector<Exchange> broker = namesrvExchanges(brokerFile());
  ASSERT_EQ(broker.size(), 5u);
  ASSERT_EQ(broker.back().request->code, remoting::RequestCode::kUnregisterBroker);
  const Exchange unregister = broker.back();
  broker.pop_back();

  // ---- the broker registers (JSON body with bodyCrc32), also oneway ----
  for (const auto& ex : broker) {
    ASSERT_EQ(ex.request->code, remoting::RequestCode::kRegisterBroker);
    if (ex.request->oneway) {
      replayOneway(ex);
    } else {
      replay(ex, true);
    }
  }
  const std::set<std::string> registered = registeredTopics();
  ASSERT_TRUE(registered.contains("TBW102"));
  ASSERT_TRUE(registered.contains("RMQ_SYS_TRANS_HALF_TOPIC")) << "from the oneway registration";

  // ---- phase 1: routes of the registered topics, TOPIC_NOT_EXIST for others ----
  std::map<std::string, remoting::TopicRouteData> java_routes;
  int compared = 0;
  int not_exist = 0;
  for (const auto& ex : namesrvExchanges()) {
    if (ex.request->code != remoting::RequestCode::kGetRouteInfoByTopic) continue;
    const std::string topic = extTopic(*ex.request).value_or("");
    const bool java_found = ex.response->code == remoting::ResponseCode::kSuccess;
    if (java_found) java_routes[topic] = *remoting::TopicRouteData::fromJson(ex.response->body);
    if (registered.contains(topic) == java_found) {
      replay(ex, true);
      ++(java_found ? compared : not_exist);
    }
  }
  EXPECT_GT(compared, 20);
  EXPECT_GE(not_exist, 6);

  // ---- phase 2: the topics the broker registered after the capture ----
  std::set<std::string> later;
  for (const auto& ex : namesrvExchanges()) {
    if (ex.request->code != remoting::RequestCode::kGetAllTopicListFromNameserver) continue;
    const auto java_list = remoting::TopicList::fromJson(ex.response->body);
    ASSERT_TRUE(java_list.ok());
    for (const auto& t : java_list->topicList) {
      if (!registered.contains(t)) later.insert(t);
    }
  }
  ASSERT_TRUE(later.contains("CorpusT"));
  RemotingCommand last_registration = decodeFrame(*broker.back().request);
  auto body = *remoting::RegisterBrokerBody::fromJson(last_registration.body().flatten());
  auto& wrapper = body.topicConfigSerializeWrapper;
  for (const auto& topic : later) {
    remoting::TopicConfig config;
    config.topicName = topic;
    config.perm = 6;
    config.readQueueNums = config.writeQueueNums = 1;  // what the broker gives a %RETRY% topic
    if (auto it = java_routes.find(topic); it != java_routes.end()) {
      const auto& q = it->second.queueDatas.at(0);
      config.perm = q.perm;
      config.readQueueNums = q.readQueueNums;
      config.writeQueueNums = q.writeQueueNums;
      config.topicSysFlag = q.topicSysFlag;
    }
    wrapper.topicConfigTable[topic] = config;
  }
  wrapper.dataVersion.counter += 1;
  const std::string json = body.toJson();
  last_registration.addExtField("bodyCrc32", std::to_string(bodyCrc32(json)));
  last_registration.setBody(json);
  last_registration.setOpaque(RemotingCommand::nextOpaque());
  ASSERT_EQ(call(std::move(last_registration)).code(), remoting::ResponseCode::kSuccess);

  int routes_compared = 0;
  int cluster_compared = 0;
  int lists_compared = 0;
  for (const auto& ex : namesrvExchanges()) {
    switch (ex.request->code) {
      case remoting::RequestCode::kGetRouteInfoByTopic:
        if (ex.response->code == remoting::ResponseCode::kSuccess) {
          replay(ex, true);  // Java's route bodies have one order: byte for byte
          ++routes_compared;
        }
        break;
      case remoting::RequestCode::kGetBrokerClusterInfo: {
        // HashMap-ordered in Java: equal content; with one broker and one
        // cluster there is a single order, so the bytes match as well.
        RemotingCommand ours = replay(ex, true);
        EXPECT_EQ(remoting::ClusterInfo::fromJson(ours.body().flatten()).value(),
                  remoting::ClusterInfo::fromJson(ex.response->body).value());
        ++cluster_compared;
        break;
      }
      case remoting::RequestCode::kGetAllTopicListFromNameserver: {
        // A HashSet in Java; we reproduce its iteration order, so the bytes
        // match too, but the contract is the set.
        RemotingCommand ours = replay(ex, true);
        auto mine = remoting::TopicList::fromJson(ours.body().flatten())->topicList;
        auto theirs = remoting::TopicList::fromJson(ex.response->body)->topicList;
        EXPECT_EQ(std::set<std::string>(mine.begin(), mine.end()),
                  std::set<std::string>(theirs.begin(), theirs.end()));
        ++lists_compared;
        break;
      }
      default:
        break;
    }
  }
  EXPECT_GT(routes_compared, 60);
  EXPECT_EQ(cluster_compared, 8);
  EXPECT_EQ(lists_compared, 2);

  // ---- the broker stops: its routes go ----
  replay(unregister, true);
  EXPECT_EQ(call(testing::routeRequest("TBW102")).code(), remoting::ResponseCode::kTopicNotExist);
  EXPECT_TRUE(routes().getAllTopicList().topicList.empty());
  EXPECT_TRUE(routes().getAllClusterInfo().brokerAddrTable.empty());
  EXPECT_TRUE(routes().liveBrokerAddrs().empty());
}

INSTANTIATE_TEST_SUITE_P(Runs, CorpusReplayTest, ::testing::Values("json", "rocketmq"));

}  // namespace
}  // namespace apogee::namesrv
