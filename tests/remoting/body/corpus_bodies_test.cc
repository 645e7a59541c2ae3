// Every JSON body of the captured RocketMQ 4.9.8 traffic whose type this
// module covers: decoded, spot-checked, and re-encoded. Where Java's output
// order is reproducible the re-encoding must equal the captured bytes;
// otherwise it must decode back to the same value.

#include <algorithm>
#include <functional>
#include <optional>
#include <map>
#include <set>
#include <string>
#include <utility>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "remoting/body/admin_bodies.h"
#include "remoting/body/heartbeat.h"
#include "remoting/body/message_queue_json.h"
#include "remoting/body/offset_bodies.h"
#include "remoting/body/register_broker_body.h"
#include "remoting/body/route.h"
#include "remoting/body/topic_config.h"
#include "remoting/fastjson_compat.h"
#include "support/corpus.h"

namespace apogee::remoting {
namespace {

using apogee::testing::CorpusFrame;
using apogee::testing::corpusFrames;

std::string where(const CorpusFrame& f) { return f.file + ":" + std::to_string(f.line); }

// The request a response answers: same connection, same opaque, a request.
const CorpusFrame* requestOf(const CorpusFrame& response) {
  for (const auto& f : corpusFrames()) {
    if (!f.isResponse && f.stream == response.stream && f.opaque == response.opaque) return &f;
  }
  return nullptr;
}

std::optional<std::string> extField(const CorpusFrame& f, std::string_view key) {
  if (!f.extFields) return std::nullopt;
  for (const auto& [k, v] : *f.extFields) {
    if (k == key) return v;
  }
  return std::nullopt;
}

enum class Match { kBytes, kContent };

// Decodes `f.body` as T, runs `check`, re-encodes with `encode`, and
// compares as `match` says.
template <typename T>
void roundTrip(const CorpusFrame& f, Match match, const std::function<void(const T&)>& check,
               const std::function<std::string(const T&)>& encode) {
  SCOPED_TRACE(where(f));
  auto decoded = T::fromJson(f.body);
  ASSERT_TRUE(decoded.ok()) << decoded.status() << "\n" << f.body;
  check(*decoded);
  const std::string again = encode(*decoded);
  if (match == Match::kBytes) {
    EXPECT_EQ(again, f.body);
  }
  auto reread = T::fromJson(again);
  ASSERT_TRUE(reread.ok()) << reread.status();
  EXPECT_TRUE(*reread == *decoded);
}

template <typename T>
void roundTrip(const CorpusFrame& f, Match match, const std::function<void(const T&)>& check) {
  roundTrip<T>(f, match, check, [](const T& v) { return v.toJson(); });
}

// The keys of the map `field` of `body`, in the order Java wrote them.
std::vector<std::string> keysInOrder(std::string_view body, const char* field) {
  auto text = normalizeFastjson(body);
  EXPECT_TRUE(text.ok());
  rapidjson::Document doc;
  doc.Parse(text->data(), text->size());
  std::vector<std::string> keys;
  const auto& map = doc[field];
  for (auto it = map.MemberBegin(); it != map.MemberEnd(); ++it) keys.emplace_back(it->name.GetString());
  return keys;
}

// Where our re-encoding cannot equal Java's bytes because keys share a hash
// bucket (Java then keeps insertion order, which the data does not record),
// this checks the model the encoders rely on against Java's real output:
// Java's iteration order is ascending bucket order.
template <typename HashFn>
void expectJavaBucketOrder(const std::vector<std::string>& keys, HashFn hash_of, JavaMapKind kind) {
  const std::size_t capacity = kind.capacityFor(keys.size());
  std::size_t previous = 0;
  int shared = 0;
  for (const auto& key : keys) {
    const std::size_t bucket = javaBucketIndex(hash_of(key), capacity);
    EXPECT_GE(bucket, previous) << key;
    if (bucket == previous) ++shared;
    previous = bucket;
  }
  EXPECT_GT(shared, 0) << "no shared bucket: the bytes should have matched";
}

const MessageQueueKey kCorpusQueue0{"CorpusT", "broker-a", 0};

// One test per (code, direction); each counts the bodies it saw so a corpus
// that stops containing them fails loudly.
class CorpusBodies : public ::testing::Test {
 protected:
  template <typename Fn>
  int forEach(int code, bool response, Fn fn) {
    int n = 0;
    for (const auto& f : corpusFrames()) {
      const int request_code = f.isResponse ? f.requestCode.value_or(-1) : f.code;
      if (f.isResponse != response || request_code != code || f.body.empty()) continue;
      if (response && f.code != 0) continue;  // error responses carry no body type
      fn(f);
      ++n;
    }
    return n;
  }
};

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
  EXPECT_EQ(groups, (std::set<std::string>{"CorpusPush", "CorpusOrderly", "CorpusPull", "CorpusLite"}));
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
      EXPECT_EQ(g.groupList,
                (std::vector<std::string>{"CorpusLite", "CorpusPush", "CorpusPull", "CorpusOrderly"}));
    });
  });
  EXPECT_EQ(n, 2);
}

}  // namespace
}  // namespace apogee::remoting
