#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <stdexcept>
#include <thread>
#include <unordered_set>

#include "apogee/client_config.h"
#include "apogee/message.h"
#include "apogee/message_client_id_setter.h"
#include "apogee/message_ext.h"
#include "apogee/message_queue.h"
#include "apogee/mq_client_exception.h"
#include "apogee/namespace_util.h"
#include "apogee/send_result.h"

namespace apogee {
namespace {

TEST(MessageTest, ConstructorSetsTagsKeysAndWait) {
  Message msg("T", "TagA", "k1 k2", "body");
  EXPECT_EQ(msg.getTopic(), "T");
  EXPECT_EQ(msg.getTags(), "TagA");
  EXPECT_EQ(msg.getKeys(), "k1 k2");
  EXPECT_EQ(msg.getProperty("WAIT"), "true");
  EXPECT_TRUE(msg.isWaitStoreMsgOK());
  EXPECT_EQ(msg.getBody(), "body");
  EXPECT_EQ(msg.getDelayTimeLevel(), 0);
}

TEST(MessageTest, DefaultMessageHasNoWaitButReadsTrue) {
  Message msg;
  EXPECT_FALSE(msg.hasProperty("WAIT"));
  EXPECT_TRUE(msg.isWaitStoreMsgOK());
  msg.setWaitStoreMsgOK(false);
  EXPECT_FALSE(msg.isWaitStoreMsgOK());
}

TEST(MessageTest, KeysFromVectorAreSpaceJoined) {
  Message msg;
  msg.setKeys(std::vector<std::string>{"a", "", "b", "c"});
  EXPECT_EQ(msg.getKeys(), "a b c");
  msg.setKeys(std::string());
  EXPECT_FALSE(msg.hasProperty("KEYS"));
}

TEST(MessageTest, DelayLevelRoundTrip) {
  Message msg("T", "b");
  msg.setDelayTimeLevel(3);
  EXPECT_EQ(msg.getProperty("DELAY"), "3");
  EXPECT_EQ(msg.getDelayTimeLevel(), 3);
  msg.setDelayTimeLevel(0);
  EXPECT_FALSE(msg.hasProperty("DELAY"));
}

TEST(MessageTest, PutUserPropertyRejectsSystemNamesAndBlanks) {
  Message msg("T", "b");
  msg.putUserProperty("color", "red");
  EXPECT_EQ(msg.getUserProperty("color"), "red");
  EXPECT_THROW(msg.putUserProperty("TAGS", "x"), std::invalid_argument);
  EXPECT_THROW(msg.putUserProperty("UNIQ_KEY", "x"), std::invalid_argument);
  EXPECT_THROW(msg.putUserProperty("", "x"), std::invalid_argument);
  EXPECT_THROW(msg.putUserProperty("a", ""), std::invalid_argument);
  EXPECT_THROW(msg.putUserProperty("a\x01", "x"), std::invalid_argument);
}

TEST(MessageExtTest, MsgIdIsUniqKeyWhenPresentElseOffsetMsgId) {
  MessageExt ext;
  ext.setOffsetMsgId("0A00000100002A9F0000000000000010");
  EXPECT_EQ(ext.getMsgId(), "0A00000100002A9F0000000000000010");
  ext.putProperty("UNIQ_KEY", "UNIQ");
  EXPECT_EQ(ext.getMsgId(), "UNIQ");
}

TEST(MessageQueueTest, OrdersByTopicThenBrokerThenQueue) {
  std::set<MessageQueue> queues{{"B", "a", 0}, {"A", "b", 0}, {"A", "a", 2}, {"A", "a", 1}};
  std::vector<MessageQueue> sorted(queues.begin(), queues.end());
  ASSERT_EQ(sorted.size(), 4u);
  EXPECT_EQ(sorted[0], MessageQueue("A", "a", 1));
  EXPECT_EQ(sorted[1], MessageQueue("A", "a", 2));
  EXPECT_EQ(sorted[2], MessageQueue("A", "b", 0));
  EXPECT_EQ(sorted[3], MessageQueue("B", "a", 0));
}

TEST(MessageQueueTest, HashableAndEqual) {
  std::unordered_set<MessageQueue> set;
  set.insert({"T", "b", 0});
  set.insert({"T", "b", 0});
  set.insert({"T", "b", 1});
  EXPECT_EQ(set.size(), 2u);
  EXPECT_EQ(std::hash<MessageQueue>{}({"T", "b", 3}), std::hash<MessageQueue>{}({"T", "b", 3}));
  EXPECT_EQ(MessageQueue("T", "b", 3).toString(),
            "MessageQueue [topic=T, brokerName=b, queueId=3]");
}

TEST(UniqIdTest, LayoutIsIpPidRandomTimeCounter) {
  const std::string a = MessageClientIDSetter::createUniqID();
  const std::string b = MessageClientIDSetter::createUniqID();
  ASSERT_EQ(a.size(), 32u);
  for (char c : a) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')) << a;
  // Everything up to the time field is fixed for the process.
  EXPECT_EQ(a.substr(0, 20), b.substr(0, 20));
  // The pid's low 16 bits are bytes 4-5.
  char pid_hex[5];
  std::snprintf(pid_hex, sizeof(pid_hex), "%04X", static_cast<unsigned>(::getpid()) & 0xFFFF);
  EXPECT_EQ(a.substr(8, 4), pid_hex);
  // The counter (last 2 bytes) increments.
  const unsigned ca = std::stoul(a.substr(28, 4), nullptr, 16);
  const unsigned cb = std::stoul(b.substr(28, 4), nullptr, 16);
  EXPECT_EQ((ca + 1) & 0xFFFF, cb);
  // The IP part decodes to a dotted quad.
  const std::string ip = MessageClientIDSetter::getIPStrFromID(a);
  EXPECT_EQ(std::count(ip.begin(), ip.end(), '.'), 3) << ip;
  // The time field is close to now.
  const auto when = MessageClientIDSetter::getNearlyTimeFromID(a);
  const auto diff = std::chrono::system_clock::now() - when;
  EXPECT_LT(std::chrono::abs(diff), std::chrono::seconds(5));
}

TEST(UniqIdTest, UniqueAcrossThreads) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 10000;
  std::vector<std::vector<std::string>> ids(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) ids[t].push_back(MessageClientIDSetter::createUniqID());
    });
  }
  for (auto& th : threads) th.join();
  std::unordered_set<std::string> all;
  for (auto& v : ids) all.insert(v.begin(), v.end());
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kThreads * kPerThread));
}

TEST(UniqIdTest, SetUniqIdKeepsExisting) {
  Message msg("T", "b");
  MessageClientIDSetter::setUniqID(msg);
  const std::string first = MessageClientIDSetter::getUniqID(msg);
  EXPECT_EQ(first.size(), 32u);
  MessageClientIDSetter::setUniqID(msg);
  EXPECT_EQ(MessageClientIDSetter::getUniqID(msg), first);
}

TEST(MessageIdTest, DecodesOffsetMsgId) {
  // 10.0.0.1:10911, commit-log offset 0x10.
  const MessageId id = decodeMessageId("0A00000100002A9F0000000000000010");
  EXPECT_EQ(id.address, "10.0.0.1:10911");
  EXPECT_EQ(id.offset, 16);
  EXPECT_THROW(decodeMessageId("XYZ"), MQClientException);
}

TEST(NamespaceUtilTest, WrapsPlainRetryAndDlqNames) {
  EXPECT_EQ(NamespaceUtil::wrapNamespace("ns", "T"), "ns%T");
  EXPECT_EQ(NamespaceUtil::wrapNamespace("ns", "%RETRY%G"), "%RETRY%ns%G");
  EXPECT_EQ(NamespaceUtil::wrapNamespace("ns", "%DLQ%G"), "%DLQ%ns%G");
  EXPECT_EQ(NamespaceUtil::wrapNamespace("ns", "ns%T"), "ns%T");
  EXPECT_EQ(NamespaceUtil::wrapNamespace("ns", "TBW102"), "TBW102");
  EXPECT_EQ(NamespaceUtil::wrapNamespace("ns", "SCHEDULE_TOPIC_XXXX"), "SCHEDULE_TOPIC_XXXX");
  EXPECT_EQ(NamespaceUtil::wrapNamespace("ns", "rmq_sys_x"), "rmq_sys_x");
  EXPECT_EQ(NamespaceUtil::wrapNamespace("", "T"), "T");
  EXPECT_EQ(NamespaceUtil::wrapNamespaceAndRetry("ns", "G"), "%RETRY%ns%G");
}

TEST(NamespaceUtilTest, UnwrapsNames) {
  EXPECT_EQ(NamespaceUtil::withoutNamespace("ns%T"), "T");
  EXPECT_EQ(NamespaceUtil::withoutNamespace("%RETRY%ns%G"), "%RETRY%G");
  EXPECT_EQ(NamespaceUtil::withoutNamespace("T"), "T");
  EXPECT_EQ(NamespaceUtil::withoutNamespace("ns%T", "ns"), "T");
  EXPECT_EQ(NamespaceUtil::withoutNamespace("other%T", "ns"), "other%T");
  EXPECT_EQ(NamespaceUtil::withoutNamespace("%RETRY%ns2%G", "ns3"), "%RETRY%ns2%G");
  EXPECT_EQ(NamespaceUtil::getNamespaceFromResource("%DLQ%ns%G"), "ns");
  EXPECT_TRUE(NamespaceUtil::isAlreadyWithNamespace("%RETRY%ns%G", "ns"));
}

TEST(ClientConfigTest, ClientIdAndDefaults) {
  ClientConfig config;
  EXPECT_FALSE(config.getClientIP().empty());
  EXPECT_EQ(config.getInstanceName(), "DEFAULT");
  config.setClientIP("10.0.0.5");
  EXPECT_EQ(config.buildMQClientId(), "10.0.0.5@DEFAULT");
  config.setUnitName("unit");
  EXPECT_EQ(config.buildMQClientId(), "10.0.0.5@DEFAULT@unit");
  config.changeInstanceNameToPID();
  EXPECT_TRUE(config.getInstanceName().starts_with(std::to_string(::getpid()) + "#"));
  EXPECT_EQ(config.getPollNameServerInterval(), std::chrono::seconds(30));
  EXPECT_EQ(config.getHeartbeatBrokerInterval(), std::chrono::seconds(30));
  EXPECT_EQ(config.getPersistConsumerOffsetInterval(), std::chrono::seconds(5));
  EXPECT_EQ(config.getMqClientApiTimeout(), std::chrono::seconds(3));
  config.setNamespace("ns");
  EXPECT_EQ(config.withNamespace("T"), "ns%T");
  EXPECT_EQ(config.queueWithNamespace({"T", "b", 1}), MessageQueue("ns%T", "b", 1));
}

TEST(MQClientExceptionTest, CarriesCodeAndMessage) {
  MQBrokerException e(17, "topic not exist", "127.0.0.1:10911");
  const MQClientException& base = e;
  EXPECT_EQ(base.getResponseCode(), 17);
  EXPECT_EQ(base.getErrorMessage(), "topic not exist");
  EXPECT_STREQ(base.what(), "CODE: 17  DESC: topic not exist");
}

}  // namespace
}  // namespace apogee
