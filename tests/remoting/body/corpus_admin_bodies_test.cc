// Every admin JSON body of the captured RocketMQ 4.9.8 traffic (mqadmin's
// queries and the bodies they lead to), like corpus_bodies_test.cc.

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "corpus_body_util.h"
#include "remoting/body/admin_bodies.h"
#include "remoting/body/consumer_running_info.h"
#include "remoting/body/offset_bodies.h"
#include "remoting/body/topic_config.h"

namespace apogee::remoting {
namespace {

using namespace body_test;

TEST_F(CorpusBodies, BrokerRuntimeInfoResponses28) {
  // 50 keys in a HashMap of 128: "brokerVersion" shares a bucket with
  // "dispatchMaxBuffer", "putLatency99" with "putMessageTimesTotal".
  const int n = forEach(28, true, [](const CorpusFrame& f) {
    roundTrip<KVTable>(f, Match::kContent, [](const KVTable& t) {
      EXPECT_EQ(t.table.at("brokerVersionDesc"), "V4_9_8");
      EXPECT_EQ(t.table.at("brokerVersion"), "409");
      EXPECT_EQ(t.table.size(), 50u);
    });
    expectJavaBucketOrder(keysInOrder(f.body, "table"), javaStringHashCode, JavaMapKind::hashMap());
  });
  EXPECT_EQ(n, 4);
}

TEST_F(CorpusBodies, TopicStatsResponses202) {
  const int n = forEach(202, true, [](const CorpusFrame& f) {
    roundTrip<TopicStatsTable>(f, Match::kBytes, [](const TopicStatsTable& t) {
      EXPECT_EQ(t.offsetTable.size(), 8u);
      EXPECT_EQ(t.offsetTable.at(kCorpusQueue0).minOffset, 0);
      EXPECT_FALSE(t.topicPutTps.has_value());
      std::int64_t total = 0;
      for (const auto& [mq, offset] : t.offsetTable) total += offset.maxOffset;
      EXPECT_EQ(total, 9);  // scenario a sent 9 messages
    });
  });
  EXPECT_EQ(n, 2);
}

TEST_F(CorpusBodies, ConsumerConnectionResponses203) {
  // The two topics share a bucket of the broker's ConcurrentHashMap.
  const int n = forEach(203, true, [](const CorpusFrame& f) {
    expectJavaBucketOrder(keysInOrder(f.body, "subscriptionTable"), javaStringHashCode,
                          JavaMapKind::concurrentHashMap());
    roundTrip<ConsumerConnection>(f, Match::kContent, [](const ConsumerConnection& c) {
      ASSERT_EQ(c.connectionSet.size(), 1u);
      EXPECT_EQ(c.connectionSet[0].language, LanguageCode::JAVA);
      EXPECT_EQ(c.connectionSet[0].version, 409);
      EXPECT_EQ(c.consumeFromWhere, ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
      EXPECT_EQ(c.subscriptionTable.at("CorpusT").subString, "*");
      EXPECT_EQ(c.subscriptionTable.size(), 2u);
    });
  });
  EXPECT_EQ(n, 6);
}

TEST_F(CorpusBodies, TopicListResponses206) {
  const int n = forEach(206, true, [](const CorpusFrame& f) {
    roundTrip<TopicList>(f, Match::kBytes, [](const TopicList& t) {
      EXPECT_EQ(t.topicList.size(), 15u);
      EXPECT_FALSE(t.brokerAddr.has_value());
      // The name server's HashSet order is what javaHashSetOrder computes.
      std::vector<std::string> sorted = t.topicList;
      std::sort(sorted.begin(), sorted.end());
      EXPECT_EQ(javaHashSetOrder(sorted), t.topicList);
    });
  });
  EXPECT_EQ(n, 2);
}

TEST_F(CorpusBodies, ConsumeStatsResponses208) {
  // The %RETRY% queue shares a HashMap bucket with CorpusT queue 0 and Java
  // inserted it second; std::map order puts it first, so only the content
  // can match.
  const int n = forEach(208, true, [](const CorpusFrame& f) {
    expectJavaBucketOrder(
        keysInOrder(f.body, "offsetTable"),
        [](const std::string& key) { return MessageQueueKey::fromJson(key)->javaHashCode(); },
        JavaMapKind::hashMap());
    roundTrip<ConsumeStats>(f, Match::kContent, [](const ConsumeStats& s) {
      EXPECT_EQ(s.consumeTps, 0.0);
      EXPECT_EQ(s.offsetTable.size(), 9u);
      const auto& retry = s.offsetTable.at({"%RETRY%CorpusPush", "broker-a", 0});
      EXPECT_EQ(retry.brokerOffset, 1);
      EXPECT_EQ(retry.consumerOffset, 1);
      EXPECT_FALSE(retry.pullOffset.has_value());
    });
  });
  EXPECT_EQ(n, 4);
}

TEST_F(CorpusBodies, ResetOffsetBodies220And222) {
  const auto check = [](const ResetOffsetBody& b) {
    EXPECT_EQ(b.offsetTable.size(), 8u);
    for (const auto& [mq, offset] : b.offsetTable) {
      EXPECT_EQ(mq.topic, "CorpusT");
      EXPECT_EQ(offset, 0);
    }
  };
  const auto bytes_and_stringified = [&](const CorpusFrame& f) {
    roundTrip<ResetOffsetBody>(f, Match::kBytes, check);
    auto body = ResetOffsetBody::fromJson(f.body);
    ASSERT_TRUE(body.ok());
    auto again = ResetOffsetBody::fromJson(body->toJson(ObjectKeyStyle::kStringified));
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_TRUE(*again == *body);
  };
  EXPECT_EQ(forEach(220, false, bytes_and_stringified), 2);
  EXPECT_EQ(forEach(222, true, bytes_and_stringified), 2);
}

TEST_F(CorpusBodies, TopicConsumeByWhoResponses300) {
  const int n = forEach(300, true, [](const CorpusFrame& f) {
    roundTrip<GroupList>(f, Match::kBytes, [](const GroupList& g) {
      EXPECT_EQ(g.groupList, (std::vector<std::string>{"CorpusLite", "CorpusPush", "CorpusPull",
                                                       "CorpusOrderly"}));
    });
  });
  EXPECT_EQ(n, 2);
}

TEST_F(CorpusBodies, ConsumerRunningInfoResponses307) {
  // Both hops: the consumer's answer to the broker, and the broker relaying
  // it. mqTable and statusTable are TreeMaps and must come out byte for
  // byte; properties has keys sharing buckets ("pullBatchSize" and
  // "awaitTerminationMillisWhenShutdown").
  const int n = forEach(307, true, [](const CorpusFrame& f) {
    expectJavaBucketOrder(keysInOrder(f.body, "properties"), javaStringHashCode,
                          JavaMapKind::concurrentHashMap(16));
    auto decoded = ConsumerRunningInfo::fromJson(f.body);
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    const std::string again = decoded->toJson();
    const std::size_t props = f.body.find(R"("properties":)");
    const std::size_t status = f.body.find(R"(,"statusTable":)");
    ASSERT_NE(status, std::string::npos);
    EXPECT_EQ(again.substr(0, props), f.body.substr(0, props));
    EXPECT_EQ(again.substr(status), f.body.substr(status));
    roundTrip<ConsumerRunningInfo>(f, Match::kContent, [](const ConsumerRunningInfo& info) {
      EXPECT_EQ(info.mqTable.size(), 9u);
      const auto& queue = info.mqTable.at({"%RETRY%CorpusPush", "broker-a", 0});
      EXPECT_TRUE(queue.locked);
      EXPECT_FALSE(queue.droped);
      EXPECT_EQ(info.properties.at(std::string(kPropClientVersion)), "V4_9_8");
      EXPECT_EQ(info.properties.at(std::string(kPropConsumeType)), "CONSUME_PASSIVELY");
      EXPECT_EQ(info.properties.size(), 33u);
      EXPECT_EQ(info.statusTable.at("CorpusT").pullTPS, 0.0);
      ASSERT_EQ(info.subscriptionSet.size(), 2u);
      EXPECT_EQ(info.subscriptionSet[0].topic, "%RETRY%CorpusPush");  // TreeSet order
      EXPECT_FALSE(info.jstack.has_value());
    });
  });
  EXPECT_EQ(n, 4);
}

}  // namespace
}  // namespace apogee::remoting
