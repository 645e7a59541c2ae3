// Every JSON body of the captured RocketMQ 4.9.8 traffic that a name server,
// a broker and a client exchange in normal operation (routes, registration,
// heartbeats, locks): decoded, spot-checked, and re-encoded. Where Java's
// output order is reproducible the re-encoding must equal the captured bytes;
// otherwise it must decode back to the same value. Admin bodies are in
// corpus_admin_bodies_test.cc.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "corpus_body_util.h"
#include "remoting/body/heartbeat.h"
#include "remoting/body/message_queue_json.h"
#include "remoting/body/register_broker_body.h"
#include "remoting/body/route.h"
#include "remoting/body/topic_config.h"

namespace apogee::remoting {
namespace {

using namespace body_test;

TEST_F(CorpusBodies, RouteInfoResponses105) {
  const int n = forEach(105, true, [](const CorpusFrame& f) {
    const CorpusFrame* request = requestOf(f);
    ASSERT_NE(request, nullptr) << where(f);
    std::optional<bool> accept;
    if (auto v = extField(*request, "acceptStandardJsonOnly")) accept = *v == "true";
    const bool standard = useStandardRouteJson(request->version, accept);
    EXPECT_TRUE(standard) << "every corpus client is 4.9.8 (version 409)";
    roundTrip<TopicRouteData>(
        f, Match::kBytes,
        [](const TopicRouteData& r) {
          ASSERT_EQ(r.brokerDatas.size(), 1u);
          EXPECT_EQ(r.brokerDatas[0].brokerName, "broker-a");
          EXPECT_EQ(r.brokerDatas[0].cluster, "DefaultCluster");
          EXPECT_EQ(r.brokerDatas[0].brokerAddrs.at(0), "127.0.0.1:20911");
          ASSERT_EQ(r.queueDatas.size(), 1u);
          EXPECT_TRUE(isReadable(r.queueDatas[0].perm));
          EXPECT_GT(r.queueDatas[0].readQueueNums, 0);
          EXPECT_FALSE(r.orderTopicConf.has_value());
        },
        [standard](const TopicRouteData& r) { return r.toJson(standard); });
  });
  EXPECT_EQ(n, 100);
}

TEST_F(CorpusBodies, ClusterInfoResponses106) {
  const int n = forEach(106, true, [](const CorpusFrame& f) {
    roundTrip<ClusterInfo>(f, Match::kBytes, [](const ClusterInfo& c) {
      EXPECT_EQ(c.brokerAddrTable.at("broker-a").brokerAddrs.at(0), "127.0.0.1:20911");
      EXPECT_EQ(c.clusterAddrTable.at("DefaultCluster"), std::vector<std::string>{"broker-a"});
    });
  });
  EXPECT_EQ(n, 8);
}

TEST_F(CorpusBodies, HeartbeatRequests34) {
  std::set<std::string> groups;
  const int n = forEach(34, false, [&](const CorpusFrame& f) {
    roundTrip<HeartbeatData>(f, Match::kBytes, [&](const HeartbeatData& h) {
      EXPECT_NE(h.clientID.find('@'), std::string::npos);
      EXPECT_EQ(h.producerDataSet.back().groupName, "CLIENT_INNER_PRODUCER");
      EXPECT_FALSE(h.heartbeatFingerprint.has_value());
      for (const auto& c : h.consumerDataSet) {
        groups.insert(c.groupName);
        for (const auto& s : c.subscriptionDataSet) {
          EXPECT_EQ(s.subString, "*");
          EXPECT_TRUE(s.tagsSet.empty());
          EXPECT_EQ(s.expressionType, "TAG");
        }
        if (c.groupName == "CorpusPull") {
          EXPECT_EQ(c.consumeType, ConsumeType::CONSUME_ACTIVELY);
          EXPECT_EQ(c.consumeFromWhere, ConsumeFromWhere::CONSUME_FROM_LAST_OFFSET);
        }
        if (c.groupName == "CorpusPush") {
          EXPECT_EQ(c.consumeType, ConsumeType::CONSUME_PASSIVELY);
          EXPECT_EQ(c.consumeFromWhere, ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
          EXPECT_EQ(c.messageModel, MessageModel::CLUSTERING);
          EXPECT_EQ(c.subscriptionDataSet.at(1).topic, "%RETRY%CorpusPush");
        }
      }
    });
  });
  EXPECT_EQ(n, 34);
  EXPECT_EQ(groups,
            (std::set<std::string>{"CorpusPush", "CorpusOrderly", "CorpusPull", "CorpusLite"}));
}

TEST_F(CorpusBodies, ConsumerListResponses38) {
  const int n = forEach(38, true, [](const CorpusFrame& f) {
    roundTrip<ConsumerIdList>(f, Match::kBytes, [](const ConsumerIdList& l) {
      ASSERT_EQ(l.consumerIdList.size(), 1u);
      EXPECT_EQ(l.consumerIdList[0].rfind("192.0.2.2@", 0), 0u);
    });
  });
  EXPECT_EQ(n, 40);
}

TEST_F(CorpusBodies, LockRequests41AndResponses) {
  const int requests = forEach(41, false, [](const CorpusFrame& f) {
    roundTrip<LockBatchRequestBody>(f, Match::kBytes, [](const LockBatchRequestBody& b) {
      EXPECT_EQ(b.consumerGroup, "CorpusOrderly");
      EXPECT_FALSE(b.onlyThisBroker.has_value());
      ASSERT_FALSE(b.mqSet.empty());
      EXPECT_EQ(b.mqSet[0].brokerName, "broker-a");
    });
  });
  const int responses = forEach(41, true, [](const CorpusFrame& f) {
    const CorpusFrame* request = requestOf(f);
    ASSERT_NE(request, nullptr);
    auto asked = LockBatchRequestBody::fromJson(request->body);
    ASSERT_TRUE(asked.ok());
    roundTrip<LockBatchResponseBody>(f, Match::kBytes, [&](const LockBatchResponseBody& b) {
      EXPECT_EQ(b.lockOKMQSet, asked->mqSet);  // nobody else held a lock
    });
  });
  EXPECT_EQ(requests, 22);
  EXPECT_EQ(responses, 22);
}

TEST_F(CorpusBodies, UnlockRequests42) {
  const int n = forEach(42, false, [](const CorpusFrame& f) {
    roundTrip<UnlockBatchRequestBody>(f, Match::kBytes, [](const UnlockBatchRequestBody& b) {
      EXPECT_EQ(b.mqSet.size(), 9u);
      EXPECT_EQ(b.mqSet.front().topic, "%RETRY%CorpusOrderly");
      EXPECT_EQ(b.mqSet.back(), kCorpusQueue0);
    });
  });
  EXPECT_EQ(n, 2);
}

TEST_F(CorpusBodies, RegisterBrokerRequests103) {
  const int n = forEach(103, false, [](const CorpusFrame& f) {
    EXPECT_EQ(extField(f, "compressed"), "false");
    roundTrip<RegisterBrokerBody>(f, Match::kBytes, [](const RegisterBrokerBody& b) {
      EXPECT_TRUE(b.filterServerList.empty());
      const auto& table = b.topicConfigSerializeWrapper.topicConfigTable;
      EXPECT_FALSE(b.topicConfigSerializeWrapper.dataVersion.stateVersion.has_value());
      EXPECT_GT(b.topicConfigSerializeWrapper.dataVersion.timestamp, 0);
      const TopicConfig& tbw = table.at("TBW102");
      EXPECT_EQ(tbw.perm, kPermRead | kPermWrite | kPermInherit);
      EXPECT_EQ(tbw.readQueueNums, 8);
      EXPECT_EQ(tbw.topicFilterType, TopicFilterType::SINGLE_TAG);
      EXPECT_EQ(table.at("BenchmarkTest").writeQueueNums, 1024);
      EXPECT_FALSE(tbw.attributes.has_value());
    });
    // The compressed form carries the same content except order/topicSysFlag.
    auto body = RegisterBrokerBody::fromJson(f.body);
    ASSERT_TRUE(body.ok());
    auto unzipped = RegisterBrokerBody::fromCompressed(body->toCompressed(f.version), f.version);
    ASSERT_TRUE(unzipped.ok()) << unzipped.status();
    EXPECT_TRUE(*unzipped == *body);
  });
  EXPECT_EQ(n, 8);
}

// Every strict prefix of a body is malformed JSON, and flipped bytes make
// anything: the decoders must say so with an error, never crash or throw.
TEST(CorpusBodiesMalformed, PrefixesAndMutationsAreErrorsNotCrashes) {
  const std::map<int, std::function<Status(std::string_view)>> decoders = {
      {34, [](std::string_view b) { return HeartbeatData::fromJson(b).status(); }},
      {41, [](std::string_view b) { return LockBatchRequestBody::fromJson(b).status(); }},
      {103, [](std::string_view b) { return RegisterBrokerBody::fromJson(b).status(); }},
      {105, [](std::string_view b) { return TopicRouteData::fromJson(b).status(); }},
      {106, [](std::string_view b) { return ClusterInfo::fromJson(b).status(); }},
  };
  std::set<int> seen;
  for (const auto& f : corpusFrames()) {
    const int code = f.isResponse ? f.requestCode.value_or(-1) : f.code;
    auto it = decoders.find(code);
    if (it == decoders.end() || f.body.empty() || !seen.insert(code).second) continue;
    SCOPED_TRACE(where(f));
    for (std::size_t cut = 0; cut < f.body.size(); cut += 1 + cut / 8) {
      EXPECT_FALSE(it->second(std::string_view(f.body).substr(0, cut)).ok()) << cut;
    }
    std::uint32_t seed = 12345;
    for (int round = 0; round < 300; ++round) {
      std::string mutated = f.body;
      for (int k = 0; k < 3; ++k) {
        seed = seed * 1103515245 + 12345;
        mutated[(seed >> 8) % mutated.size()] = static_cast<char>(seed >> 24);
      }
      it->second(mutated).ignoreError();  // any result will do, as long as it returns
    }
  }
  EXPECT_EQ(seen.size(), decoders.size());
}

}  // namespace
}  // namespace apogee::remoting
