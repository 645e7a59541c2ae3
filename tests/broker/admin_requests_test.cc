// The broker's admin requests: subscription groups (200, 201, 207), topic and
// consume statistics (202, 208, 300), connections (203, 204), running info
// relayed to a consumer (307), offset reset (222 -> 220), runtime info (28)
// and broker config (26).

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>

#include "broker/consumer_offset_manager.h"
#include "broker/processors/runtime_info_processor.h"
#include "broker/subscription_group_manager.h"
#include "broker_test_util.h"
#include "remoting/body/admin_bodies.h"
#include "remoting/body/offset_bodies.h"
#include "remoting/body/subscription_group.h"
#include "remoting/body/topic_config.h"
#include "remoting/headers/admin.h"
#include "support/wait.h"

namespace apogee::broker::testing {
namespace {

using AdminRequestsTest = BrokerFixture;
using remoting::MessageQueueKey;

std::string bodyOf(const RemotingCommand& r) { return r.body().flatten(); }

RemotingCommand withBody(RemotingCommand r, std::string body) {
  r.setBody(std::move(body));
  return r;
}

// ---------------------------------------------------------------- groups

TEST_F(AdminRequestsTest, SubscriptionGroupCreateListDeleteAndPersist) {
  auto before = remoting::SubscriptionGroupWrapper::fromJson(
      bodyOf(call(request(code::kGetAllSubscriptionGroupConfig))));
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_FALSE(before->subscriptionGroupTable.contains("AdminG"));

  remoting::SubscriptionGroupConfig g;
  g.groupName = "AdminG";
  g.retryMaxTimes = 3;
  g.consumeBroadcastEnable = false;
  auto r = call(withBody(request(code::kUpdateAndCreateSubscriptionGroup), g.toJson()));
  ASSERT_EQ(r.code(), rc::kSuccess) << r.remark().value_or("");

  auto all = call(request(code::kGetAllSubscriptionGroupConfig));
  ASSERT_EQ(all.code(), rc::kSuccess);
  auto after = remoting::SubscriptionGroupWrapper::fromJson(bodyOf(all));
  ASSERT_TRUE(after.ok()) << after.status();
  ASSERT_TRUE(after->subscriptionGroupTable.contains("AdminG"));
  EXPECT_EQ(after->subscriptionGroupTable.at("AdminG"), g);
  EXPECT_GT(after->dataVersion.counter, before->dataVersion.counter);
  EXPECT_TRUE(bodyOf(all).starts_with("{\"dataVersion\":{"));

  // Survives a restart (config/subscriptionGroup.json).
  restartBroker();
  auto reloaded = broker_->subscriptionGroupManager().selectConfig("AdminG");
  ASSERT_TRUE(reloaded.has_value());
  EXPECT_EQ(*reloaded, g);

  // Delete without removeOffset keeps the offsets; with it they go.
  createTopic("AdminT", 2);
  broker_->consumerOffsetManager().commitOffset("AdminG", "AdminT", 0, 5);
  r = call(request(code::kDeleteSubscriptionGroup, {{"groupName", "AdminG"}}));
  ASSERT_EQ(r.code(), rc::kSuccess);
  EXPECT_FALSE(broker_->subscriptionGroupManager().selectConfig("AdminG").has_value());
  EXPECT_EQ(broker_->consumerOffsetManager().queryOffset("AdminG", "AdminT", 0), 5);
  ASSERT_EQ(call(withBody(request(code::kUpdateAndCreateSubscriptionGroup), g.toJson())).code(),
            rc::kSuccess);
  r = call(request(code::kDeleteSubscriptionGroup, {{"groupName", "AdminG"}, {"removeOffset", "true"}}));
  ASSERT_EQ(r.code(), rc::kSuccess);
  EXPECT_EQ(broker_->consumerOffsetManager().queryOffset("AdminG", "AdminT", 0), -1);
  // An unknown group deletes fine, as in 4.9.8.
  EXPECT_EQ(call(request(code::kDeleteSubscriptionGroup, {{"groupName", "Nobody"}})).code(),
            rc::kSuccess);
}

TEST_F(AdminRequestsTest, SubscriptionGroupBadRequests) {
  EXPECT_EQ(call(request(code::kUpdateAndCreateSubscriptionGroup)).code(), rc::kSystemError);
  EXPECT_EQ(call(withBody(request(code::kUpdateAndCreateSubscriptionGroup), "{not json")).code(),
            rc::kSystemError);
  EXPECT_EQ(call(withBody(request(code::kUpdateAndCreateSubscriptionGroup), "{\"retryMaxTimes\":2}"))
                .code(),
            rc::kSystemError);
  auto r = call(request(code::kDeleteSubscriptionGroup));  // no groupName
  EXPECT_EQ(r.code(), rc::kSystemError);
  EXPECT_NE(r.remark().value_or("").find("groupName"), std::string::npos) << r.remark().value_or("");
}

// ---------------------------------------------------------------- stats

TEST_F(AdminRequestsTest, TopicStatsInfo) {
  createTopic("StatsT", 3);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(send("StatsT", 1, "m" + std::to_string(i)).code(), rc::kSuccess);
  waitDispatched();
  auto r = call(request(code::kGetTopicStatsInfo, {{"topic", "StatsT"}}));
  ASSERT_EQ(r.code(), rc::kSuccess) << r.remark().value_or("");
  auto table = remoting::TopicStatsTable::fromJson(bodyOf(r));
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_EQ(table->offsetTable.size(), 3u);
  const auto& q1 = table->offsetTable.at(MessageQueueKey{"StatsT", config_.brokerName, 1});
  EXPECT_EQ(q1.minOffset, 0);
  EXPECT_EQ(q1.maxOffset, 3);
  EXPECT_GT(q1.lastUpdateTimestamp, 1600000000000);
  const auto& q0 = table->offsetTable.at(MessageQueueKey{"StatsT", config_.brokerName, 0});
  EXPECT_EQ(q0, remoting::TopicOffset{});

  r = call(request(code::kGetTopicStatsInfo, {{"topic", "NoSuchTopic"}}));
  EXPECT_EQ(r.code(), rc::kTopicNotExist);
  EXPECT_EQ(r.remark().value_or(""), "topic[NoSuchTopic] not exist");
  EXPECT_EQ(call(request(code::kGetTopicStatsInfo)).code(), rc::kSystemError);
}

TEST_F(AdminRequestsTest, ConsumeStatsForOneTopicOrEveryTopicWithOffsets) {
  createTopic("CsA", 2);
  createTopic("CsB", 1);
  for (int i = 0; i < 4; ++i) ASSERT_EQ(send("CsA", 0, "a").code(), rc::kSuccess);
  ASSERT_EQ(send("CsB", 0, "b").code(), rc::kSuccess);
  waitDispatched();
  auto& offsets = broker_->consumerOffsetManager();
  offsets.commitOffset("CsG", "CsA", 0, 3);
  offsets.commitOffset("CsG", "CsB", 0, 1);

  auto r = call(request(code::kGetConsumeStats, {{"consumerGroup", "CsG"}}));
  ASSERT_EQ(r.code(), rc::kSuccess) << r.remark().value_or("");
  auto stats = remoting::ConsumeStats::fromJson(bodyOf(r));
  ASSERT_TRUE(stats.ok()) << stats.status();
  ASSERT_EQ(stats->offsetTable.size(), 3u);  // CsA's 2 read queues and CsB's one
  const auto& a0 = stats->offsetTable.at(MessageQueueKey{"CsA", config_.brokerName, 0});
  EXPECT_EQ(a0.brokerOffset, 4);
  EXPECT_EQ(a0.consumerOffset, 3);
  EXPECT_GT(a0.lastTimestamp, 1600000000000);  // store time of offset 2
  const auto& a1 = stats->offsetTable.at(MessageQueueKey{"CsA", config_.brokerName, 1});
  EXPECT_EQ(a1.brokerOffset, 0);
  EXPECT_EQ(a1.consumerOffset, 0);
  EXPECT_EQ(a1.lastTimestamp, 0);
  EXPECT_EQ(stats->consumeTps, 0.0);

  r = call(request(code::kGetConsumeStats, {{"consumerGroup", "CsG"}, {"topic", "CsB"}}));
  stats = remoting::ConsumeStats::fromJson(bodyOf(r));
  ASSERT_TRUE(stats.ok());
  ASSERT_EQ(stats->offsetTable.size(), 1u);
  EXPECT_EQ(stats->offsetTable.begin()->second.consumerOffset, 1);

  // Online and subscribed to CsA only: CsB is left out, as Java does.
  remoting::RemotingClient consumer;
  ASSERT_TRUE(consumer.start().ok());
  ASSERT_EQ(heartbeat("c1", "CsG", "CsA", "*", 1000, &consumer).code(), rc::kSuccess);
  r = call(request(code::kGetConsumeStats, {{"consumerGroup", "CsG"}}));
  stats = remoting::ConsumeStats::fromJson(bodyOf(r));
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->offsetTable.size(), 2u);
  consumer.shutdown();

  // Unknown group or topic: an empty table; no header: SYSTEM_ERROR.
  r = call(request(code::kGetConsumeStats, {{"consumerGroup", "Nobody"}}));
  ASSERT_EQ(r.code(), rc::kSuccess);
  EXPECT_TRUE(remoting::ConsumeStats::fromJson(bodyOf(r))->offsetTable.empty());
  r = call(request(code::kGetConsumeStats, {{"consumerGroup", "CsG"}, {"topic", "NoSuchTopic"}}));
  ASSERT_EQ(r.code(), rc::kSuccess);
  EXPECT_TRUE(remoting::ConsumeStats::fromJson(bodyOf(r))->offsetTable.empty());
  EXPECT_EQ(call(request(code::kGetConsumeStats)).code(), rc::kSystemError);
}

TEST_F(AdminRequestsTest, TopicConsumeByWhoJoinsOnlineGroupsAndStoredOffsets) {
  createTopic("WhoT", 1);
  broker_->consumerOffsetManager().commitOffset("OffsetGroup", "WhoT", 0, 1);
  broker_->consumerOffsetManager().commitOffset("OtherTopicGroup", "OtherT", 0, 1);
  remoting::RemotingClient consumer;
  ASSERT_TRUE(consumer.start().ok());
  ASSERT_EQ(heartbeat("c1", "OnlineGroup", "WhoT", "*", 1000, &consumer).code(), rc::kSuccess);
  auto r = call(request(code::kQueryTopicConsumeByWho, {{"topic", "WhoT"}}));
  ASSERT_EQ(r.code(), rc::kSuccess);
  auto list = remoting::GroupList::fromJson(bodyOf(r));
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(std::set<std::string>(list->groupList.begin(), list->groupList.end()),
            (std::set<std::string>{"OnlineGroup", "OffsetGroup"}));
  consumer.shutdown();
  EXPECT_EQ(call(request(code::kQueryTopicConsumeByWho)).code(), rc::kSystemError);
}

// ---------------------------------------------------------------- connections

TEST_F(AdminRequestsTest, ConsumerAndProducerConnections) {
  remoting::RemotingClient consumer;
  ASSERT_TRUE(consumer.start().ok());
  ASSERT_EQ(heartbeat("client-1", "ConnG", "ConnT", "TagA || TagB", 1234, &consumer).code(),
            rc::kSuccess);

  auto r = call(request(code::kGetConsumerConnectionList, {{"consumerGroup", "ConnG"}}));
  ASSERT_EQ(r.code(), rc::kSuccess) << r.remark().value_or("");
  auto cc = remoting::ConsumerConnection::fromJson(bodyOf(r));
  ASSERT_TRUE(cc.ok()) << cc.status();
  ASSERT_EQ(cc->connectionSet.size(), 1u);
  EXPECT_EQ(cc->connectionSet[0].clientId, "client-1");
  EXPECT_TRUE(cc->connectionSet[0].clientAddr.starts_with("127.0.0.1:")) << cc->connectionSet[0].clientAddr;
  EXPECT_EQ(cc->connectionSet[0].language, remoting::LanguageCode::CPP);
  EXPECT_EQ(cc->connectionSet[0].version, remoting::kCurrentVersion);
  ASSERT_TRUE(cc->subscriptionTable.contains("ConnT"));
  EXPECT_EQ(cc->subscriptionTable.at("ConnT").subString, "TagA || TagB");
  EXPECT_EQ(cc->subscriptionTable.at("ConnT").subVersion, 1234);

  r = call(request(code::kGetConsumerConnectionList, {{"consumerGroup", "Offline"}}));
  EXPECT_EQ(r.code(), rc::kConsumerNotOnline);
  EXPECT_EQ(r.remark().value_or(""), "the consumer group[Offline] not online");
  EXPECT_EQ(call(request(code::kGetConsumerConnectionList)).code(), rc::kSystemError);

  // The heartbeat also registered the client's inner producer group.
  r = call(request(code::kGetProducerConnectionList, {{"producerGroup", "CLIENT_INNER_PRODUCER"}}));
  ASSERT_EQ(r.code(), rc::kSuccess) << r.remark().value_or("");
  auto pc = remoting::ProducerConnection::fromJson(bodyOf(r));
  ASSERT_TRUE(pc.ok()) << pc.status();
  ASSERT_EQ(pc->connectionSet.size(), 1u);
  EXPECT_EQ(pc->connectionSet[0].clientId, "client-1");
  r = call(request(code::kGetProducerConnectionList, {{"producerGroup", "NoProducer"}}));
  EXPECT_EQ(r.code(), rc::kSystemError);
  EXPECT_EQ(r.remark().value_or(""), "the producer group[NoProducer] not exist");

  consumer.shutdown();
  EXPECT_TRUE(apogee::testing::waitUntil([&] {
    return call(request(code::kGetConsumerConnectionList, {{"consumerGroup", "ConnG"}})).code() ==
           rc::kConsumerNotOnline;
  }));
}

TEST_F(AdminRequestsTest, ConsumerRunningInfoIsRelayedToTheClient) {
  std::atomic<int> asked{0};
  std::mutex mu;
  std::string seen_jstack;
  remoting::RemotingClient consumer;
  consumer.registerProcessor(
      code::kGetConsumerRunningInfo,
      remoting::makeProcessor([&](const remoting::RequestContext&, RemotingCommand& req) {
        ++asked;
        {
          std::lock_guard lock(mu);
          seen_jstack = std::string(req.extField("jstackEnable").value_or("<absent>"));
        }
        auto answer = RemotingCommand::createResponse(rc::kSuccess);
        answer.setBody("{\"properties\":{\"PROP_CONSUME_TYPE\":\"CONSUME_PASSIVELY\"}}");
        return std::optional<RemotingCommand>(std::move(answer));
      }));
  ASSERT_TRUE(consumer.start().ok());
  ASSERT_EQ(heartbeat("client-ri", "RiG", "RiT", "*", 1000, &consumer).code(), rc::kSuccess);

  auto r = call(request(code::kGetConsumerRunningInfo,
                        {{"consumerGroup", "RiG"}, {"clientId", "client-ri"}, {"jstackEnable", "true"}}));
  ASSERT_EQ(r.code(), rc::kSuccess) << r.remark().value_or("");
  EXPECT_EQ(bodyOf(r), "{\"properties\":{\"PROP_CONSUME_TYPE\":\"CONSUME_PASSIVELY\"}}");
  EXPECT_EQ(asked.load(), 1);
  {
    std::lock_guard lock(mu);
    EXPECT_EQ(seen_jstack, "true");
  }

  r = call(request(code::kGetConsumerRunningInfo, {{"consumerGroup", "RiG"}, {"clientId", "other"}}));
  EXPECT_EQ(r.code(), rc::kSystemError);
  EXPECT_EQ(r.remark().value_or(""), "The Consumer <RiG> <other> not online");
  EXPECT_EQ(call(request(code::kGetConsumerRunningInfo, {{"consumerGroup", "RiG"}})).code(),
            rc::kSystemError);
  consumer.shutdown();
}

TEST_F(AdminRequestsTest, ConsumerRunningInfoFailsWhenTheClientDropsTheConnection) {
  remoting::RemotingClient consumer;
  consumer.registerProcessor(
      code::kGetConsumerRunningInfo,
      remoting::makeProcessor([&](const remoting::RequestContext& ctx, RemotingCommand&) {
        ctx.channel()->close();  // never answers
        return std::optional<RemotingCommand>();
      }));
  ASSERT_TRUE(consumer.start().ok());
  ASSERT_EQ(heartbeat("client-x", "RiX", "RiT", "*", 1000, &consumer).code(), rc::kSuccess);
  auto r = call(request(code::kGetConsumerRunningInfo, {{"consumerGroup", "RiX"}, {"clientId", "client-x"}}));
  EXPECT_EQ(r.code(), rc::kSystemError);
  EXPECT_TRUE(r.remark().value_or("").starts_with("invoke consumer <RiX> <client-x> Exception:"))
      << r.remark().value_or("");
  consumer.shutdown();
}

// ---------------------------------------------------------------- reset

// As mqadmin sends it: language JAVA. (From a CPP client Java's broker, and
// Apogee's, send the consumers the list form, ResetOffsetBodyForC.)
RemotingCommand resetRequest(const std::string& topic, const std::string& group, std::int64_t ts,
                             bool force, remoting::LanguageCode language = remoting::LanguageCode::JAVA) {
  auto r = RemotingCommand::createRequest(
      code::kInvokeBrokerToResetOffset,
      {{"topic", topic}, {"group", group}, {"timestamp", std::to_string(ts)},
       {"isForce", force ? "true" : "false"}});
  r.setLanguage(language);
  return r;
}

TEST_F(AdminRequestsTest, ResetOffsetTellsEveryOnlineConsumer) {
  createTopic("RstT", 2);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(send("RstT", 0, "r").code(), rc::kSuccess);
  ASSERT_EQ(send("RstT", 1, "r").code(), rc::kSuccess);
  waitDispatched();
  auto& offsets = broker_->consumerOffsetManager();
  offsets.commitOffset("RstG", "RstT", 0, 3);
  offsets.commitOffset("RstG", "RstT", 1, 1);

  // Not online yet: CONSUMER_NOT_ONLINE with Java's remark, nothing changed.
  auto r = call(resetRequest("RstT", "RstG", 0, false));
  EXPECT_EQ(r.code(), rc::kConsumerNotOnline);
  EXPECT_EQ(r.remark().value_or(""),
            "Consumer not online, so can not reset offset, Group: RstG Topic: RstT Timestamp: 0");
  EXPECT_EQ(offsets.queryOffset("RstG", "RstT", 0), 3);

  std::mutex mu;
  std::vector<RemotingCommand> notices;
  remoting::RemotingClient consumer;
  consumer.registerProcessor(
      code::kResetConsumerClientOffset,
      remoting::makeProcessor([&](const remoting::RequestContext&, RemotingCommand& req) {
        std::lock_guard lock(mu);
        notices.push_back(req);
        return std::optional<RemotingCommand>();
      }));
  ASSERT_TRUE(consumer.start().ok());
  ASSERT_EQ(heartbeat("client-r", "RstG", "RstT", "*", 1000, &consumer).code(), rc::kSuccess);

  // A time before every message: offset 0 on both queues (below the commits).
  r = call(resetRequest("RstT", "RstG", 1000, false));
  ASSERT_EQ(r.code(), rc::kSuccess) << r.remark().value_or("");
  auto body = remoting::ResetOffsetBody::fromJson(bodyOf(r));
  ASSERT_TRUE(body.ok()) << body.status();
  const MessageQueueKey q0{"RstT", config_.brokerName, 0}, q1{"RstT", config_.brokerName, 1};
  EXPECT_EQ(body->offsetTable, (std::map<MessageQueueKey, std::int64_t>{{q0, 0}, {q1, 0}}));
  EXPECT_EQ(offsets.queryOffset("RstG", "RstT", 0), 0);
  EXPECT_EQ(offsets.queryOffset("RstG", "RstT", 1), 0);

  ASSERT_TRUE(apogee::testing::waitUntil([&] {
    std::lock_guard lock(mu);
    return !notices.empty();
  }));
  {
    std::lock_guard lock(mu);
    const RemotingCommand& n = notices.front();
    EXPECT_TRUE(n.isOneway());
    EXPECT_EQ(n.extField("topic").value_or(""), "RstT");
    EXPECT_EQ(n.extField("group").value_or(""), "RstG");
    EXPECT_EQ(n.extField("timestamp").value_or(""), "1000");
    EXPECT_EQ(n.extField("isForce").value_or(""), "false");
    auto sent = remoting::ResetOffsetBody::fromJson(n.body().flatten());
    ASSERT_TRUE(sent.ok()) << sent.status();
    EXPECT_EQ(sent->offsetTable, body->offsetTable);
    notices.clear();
  }

  // -1 means the end of each queue; without isForce an offset only moves
  // back, so the committed 0s stay; with it they move to the end.
  r = call(resetRequest("RstT", "RstG", -1, false));
  ASSERT_EQ(r.code(), rc::kSuccess);
  body = remoting::ResetOffsetBody::fromJson(bodyOf(r));
  EXPECT_EQ(body->offsetTable, (std::map<MessageQueueKey, std::int64_t>{{q0, 0}, {q1, 0}}));
  r = call(resetRequest("RstT", "RstG", -1, true));
  ASSERT_EQ(r.code(), rc::kSuccess);
  body = remoting::ResetOffsetBody::fromJson(bodyOf(r));
  EXPECT_EQ(body->offsetTable, (std::map<MessageQueueKey, std::int64_t>{{q0, 3}, {q1, 1}}));
  EXPECT_EQ(offsets.queryOffset("RstG", "RstT", 0), 3);
  ASSERT_TRUE(apogee::testing::waitUntil([&] {
    std::lock_guard lock(mu);
    return notices.size() >= 2;
  }));

  // From a CPP admin, the consumers get the list form.
  r = call(resetRequest("RstT", "RstG", 1000, true, remoting::LanguageCode::CPP));
  ASSERT_EQ(r.code(), rc::kSuccess);
  EXPECT_TRUE(remoting::ResetOffsetBody::fromJson(bodyOf(r)).ok());
  ASSERT_TRUE(apogee::testing::waitUntil([&] {
    std::lock_guard lock(mu);
    return notices.size() >= 3;
  }));
  {
    std::lock_guard lock(mu);
    auto for_c = remoting::ResetOffsetBodyForC::fromJson(notices[2].body().flatten());
    ASSERT_TRUE(for_c.ok()) << for_c.status();
    ASSERT_EQ(for_c->offsetTable.size(), 2u);
    for (const auto& e : for_c->offsetTable) EXPECT_EQ(e.offset, 0) << e.queueId;
  }

  // Errors: unknown topic, a group without offsets, a bad header.
  r = call(resetRequest("NoSuchTopic", "RstG", 0, false));
  EXPECT_EQ(r.code(), rc::kSystemError);
  EXPECT_EQ(r.remark().value_or(""),
            "[reset-offset] reset offset failed, no topic in this broker. topic=NoSuchTopic");
  r = call(resetRequest("RstT", "NoOffsets", 0, false));
  EXPECT_EQ(r.code(), rc::kSystemError);
  EXPECT_EQ(r.remark().value_or(""), "THe consumer group <NoOffsets> not exist");
  EXPECT_EQ(call(request(code::kInvokeBrokerToResetOffset, {{"topic", "RstT"}})).code(),
            rc::kSystemError);
  consumer.shutdown();
}

// ---------------------------------------------------------------- runtime

TEST_F(AdminRequestsTest, RuntimeInfoHasEveryKeyJavaReports) {
  createTopic("RtT", 1);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(send("RtT", 0, "body").code(), rc::kSuccess);
  waitDispatched();
  auto pulled = pull(pullHeader("RtG", "RtT", 0, 0));
  ASSERT_EQ(pulled.code(), rc::kSuccess);

  auto r = call(request(code::kGetBrokerRuntimeInfo));
  ASSERT_EQ(r.code(), rc::kSuccess);
  auto kv = remoting::KVTable::fromJson(bodyOf(r));
  ASSERT_TRUE(kv.ok()) << kv.status();
  const auto& t = kv->table;
  // The keys of a 4.9.8 broker's answer (corpus h-mqadmin), but for the
  // per-directory disk ratio, whose key names the path.
  for (const char* key :
       {"msgPutTotalTodayNow", "sendThreadPoolQueueHeadWaitTimeMills", "putMessageDistributeTime",
        "queryThreadPoolQueueHeadWaitTimeMills", "remainHowManyDataToFlush", "msgGetTotalTodayNow",
        "queryThreadPoolQueueSize", "bootTimestamp", "msgPutTotalYesterdayMorning",
        "msgGetTotalYesterdayMorning", "pullThreadPoolQueueSize", "commitLogMinOffset",
        "pullThreadPoolQueueHeadWaitTimeMills", "runtime", "dispatchMaxBuffer", "brokerVersion",
        "putTps", "getMissTps", "getTransferedTps", "EndTransactionQueueSize", "getTotalTps",
        "consumeQueueDiskRatio", "pageCacheLockTimeMills", "commitLogDiskRatio", "getFoundTps",
        "EndTransactionThreadPoolQueueCapacity", "putMessageFailedTimes", "putLatency999",
        "commitLogMaxOffset", "getMessageEntireTimeMax", "msgPutTotalTodayMorning",
        "putMessageTimesTotal", "putLatency99", "msgGetTotalTodayMorning", "brokerVersionDesc",
        "sendThreadPoolQueueSize", "startAcceptSendRequestTimeStamp", "putMessageEntireTimeMax",
        "earliestMessageTimeStamp", "commitLogDirCapacity", "remainTransientStoreBufferNumbs",
        "queryThreadPoolQueueCapacity", "putMessageAverageSize", "dispatchBehindBytes",
        "putMessageSizeTotal", "sendThreadPoolQueueCapacity", "pullThreadPoolQueueCapacity"}) {
    EXPECT_TRUE(t.contains(key)) << key;
  }
  EXPECT_EQ(t.at("brokerVersion"), "409");
  EXPECT_EQ(t.at("brokerVersionDesc"), "V4_9_8");
  EXPECT_EQ(t.at("msgPutTotalTodayNow"), "5");
  EXPECT_EQ(t.at("putMessageTimesTotal"), "5");
  EXPECT_EQ(t.at("msgGetTotalTodayNow"), "5");
  EXPECT_EQ(t.at("commitLogMaxOffset"),
            std::to_string(broker_->messageStore().getMaxPhyOffset().value()));
  EXPECT_NE(t.at("commitLogMaxOffset"), "0");
  EXPECT_TRUE(t.at("runtime").starts_with("[ 0 days, 0 hours, ")) << t.at("runtime");
  EXPECT_TRUE(t.at("commitLogDirCapacity").starts_with("Total : ")) << t.at("commitLogDirCapacity");
  EXPECT_GT(std::stoll(t.at("bootTimestamp")), 1600000000000);
}

TEST_F(AdminRequestsTest, BrokerConfigIsPropertiesTextWithVersion) {
  auto r = call(request(code::kGetBrokerConfig));
  ASSERT_EQ(r.code(), rc::kSuccess);
  const std::string text = bodyOf(r);
  EXPECT_NE(text.find("brokerName=" + config_.brokerName + "\n"), std::string::npos) << text;
  EXPECT_NE(text.find("brokerClusterName=DefaultCluster\n"), std::string::npos);
  auto version = remoting::DataVersion::fromJson(fieldOf(r, "version"));
  ASSERT_TRUE(version.ok()) << fieldOf(r, "version");
  EXPECT_GT(version->timestamp, 1600000000000);
}

TEST(HumanReadableByteCount, MatchesJava) {
  EXPECT_EQ(humanReadableByteCount(0), "0 B");
  EXPECT_EQ(humanReadableByteCount(1023), "1023 B");
  EXPECT_EQ(humanReadableByteCount(1536), "1.5 KiB");
  EXPECT_EQ(humanReadableByteCount(std::int64_t{252} << 30), "252.0 GiB");
}

}  // namespace
}  // namespace apogee::broker::testing
