#include <gtest/gtest.h>

#include <atomic>

#include "broker/consumer_manager.h"
#include "broker/consumer_offset_manager.h"
#include "broker/topic_config_manager.h"
#include "broker_test_util.h"
#include "common/message/message_id.h"
#include "remoting/body/message_queue_json.h"
#include "remoting/body/topic_config.h"
#include "support/wait.h"

namespace apogee::broker::testing {
namespace {

using ConsumerAdminTest = BrokerFixture;

RemotingCommand offsetRequest(int c, const std::string& group, const std::string& topic, int q,
                              std::optional<std::int64_t> commit = std::nullopt) {
  remoting::ExtFields f{{"consumerGroup", group}, {"topic", topic}, {"queueId", std::to_string(q)}};
  if (commit) f.set("commitOffset", std::to_string(*commit));
  return RemotingCommand::createRequest(c, f);
}

TEST_F(ConsumerAdminTest, ConsumerOffsetsQueryAndUpdate) {
  createTopic("T", 2);
  // No commit, empty queue: offset 0 (the first message is "in memory").
  auto q0 = call(offsetRequest(code::kQueryConsumerOffset, "g", "T", 0));
  EXPECT_EQ(q0.code(), rc::kSuccess);
  EXPECT_EQ(fieldOf(q0, "offset"), "0");
  ASSERT_EQ(call(offsetRequest(code::kUpdateConsumerOffset, "g", "T", 0, 7)).code(), rc::kSuccess);
  EXPECT_EQ(fieldOf(call(offsetRequest(code::kQueryConsumerOffset, "g", "T", 0)), "offset"), "7");
  // Negative commits are ignored.
  ASSERT_EQ(call(offsetRequest(code::kUpdateConsumerOffset, "g", "T", 0, -1)).code(), rc::kSuccess);
  EXPECT_EQ(fieldOf(call(offsetRequest(code::kQueryConsumerOffset, "g", "T", 0)), "offset"), "7");
  // Missing field names it.
  auto bad = call(RemotingCommand::createRequest(code::kQueryConsumerOffset,
                                                 {{"consumerGroup", "g"}, {"topic", "T"}}));
  EXPECT_EQ(bad.code(), rc::kSystemError);
  EXPECT_NE(bad.remark().value_or("").find("queueId"), std::string::npos);
}

TEST_F(ConsumerAdminTest, QueueOffsetLookups) {
  createTopic("T", 1);
  for (int i = 0; i < 3; ++i) send("T", 0, "m");
  waitDispatched();
  auto q = [&](int c, remoting::ExtFields f) { return call(RemotingCommand::createRequest(c, f)); };
  EXPECT_EQ(fieldOf(q(code::kGetMaxOffset, {{"topic", "T"}, {"queueId", "0"}}), "offset"), "3");
  EXPECT_EQ(fieldOf(q(code::kGetMinOffset, {{"topic", "T"}, {"queueId", "0"}}), "offset"), "0");
  EXPECT_EQ(fieldOf(q(code::kGetMaxOffset, {{"topic", "Nope"}, {"queueId", "0"}}), "offset"), "0");
  auto earliest = q(code::kGetEarliestMsgStoretime, {{"topic", "T"}, {"queueId", "0"}});
  ASSERT_EQ(earliest.code(), rc::kSuccess);
  EXPECT_GT(std::stoll(fieldOf(earliest, "timestamp")), 1600000000000);
  auto search = q(code::kSearchOffsetByTimestamp,
                  {{"topic", "T"}, {"queueId", "0"}, {"timestamp", "0"}});
  EXPECT_EQ(search.code(), rc::kSuccess);
  EXPECT_EQ(fieldOf(search, "offset"), "0");
  EXPECT_EQ(q(code::kGetMaxOffset, {{"topic", "T"}}).code(), rc::kSystemError);
}

TEST_F(ConsumerAdminTest, HeartbeatRegistersGroupsAndRetryTopic) {
  auto r = heartbeat("10.0.0.1@1", "cg", "T");
  ASSERT_EQ(r.code(), rc::kSuccess);
  EXPECT_EQ(r.version(), remoting::kCurrentVersion);
  EXPECT_TRUE(broker_->topicConfigManager().containsTopic("%RETRY%cg"));
  auto list = call(RemotingCommand::createRequest(code::kGetConsumerListByGroup,
                                                  {{"consumerGroup", "cg"}}));
  ASSERT_EQ(list.code(), rc::kSuccess);
  EXPECT_EQ(list.body().flatten(), "{\"consumerIdList\":[\"10.0.0.1@1\"]}");
  auto none = call(RemotingCommand::createRequest(code::kGetConsumerListByGroup,
                                                  {{"consumerGroup", "nobody"}}));
  EXPECT_EQ(none.code(), rc::kSystemError);
  EXPECT_EQ(none.remark().value_or(""), "no consumer for this group, nobody");
  // Unregister drops the client.
  auto un = call(RemotingCommand::createRequest(
      code::kUnregisterClient, {{"clientID", "10.0.0.1@1"}, {"consumerGroup", "cg"}}));
  EXPECT_EQ(un.code(), rc::kSuccess);
  EXPECT_FALSE(broker_->consumerManager().getConsumerGroupInfo("cg").has_value());
  // A malformed heartbeat is refused without harm.
  auto bad = request(code::kHeartBeat);
  bad.setBody(std::string("{not json"));
  EXPECT_EQ(call(std::move(bad)).code(), rc::kSystemError);
}

TEST_F(ConsumerAdminTest, MembershipChangesNotifyEveryMemberAndCloseDropsClient) {
  std::atomic<int> notified_a{0};
  remoting::RemotingClient member_a;
  member_a.registerProcessor(code::kNotifyConsumerIdsChanged,
                             remoting::makeProcessor([&](const remoting::RequestContext&,
                                                         RemotingCommand& req) {
                               if (req.extField("consumerGroup") == std::optional<std::string_view>("cg")) {
                                 ++notified_a;
                               }
                               return std::optional<RemotingCommand>();
                             }));
  ASSERT_TRUE(member_a.start().ok());
  ASSERT_EQ(heartbeat("a", "cg", "T", "*", 1000, &member_a).code(), rc::kSuccess);
  EXPECT_TRUE(apogee::testing::waitUntil([&] { return notified_a.load() >= 1; }));
  const int before = notified_a.load();
  // The same heartbeat again changes nothing: no notice.
  ASSERT_EQ(heartbeat("a", "cg", "T", "*", 1000, &member_a).code(), rc::kSuccess);
  {
    remoting::RemotingClient member_b;
    ASSERT_TRUE(member_b.start().ok());
    ASSERT_EQ(heartbeat("b", "cg", "T", "*", 1000, &member_b).code(), rc::kSuccess);
    EXPECT_TRUE(apogee::testing::waitUntil([&] { return notified_a.load() >= before + 1; }));
    auto info = broker_->consumerManager().getConsumerGroupInfo("cg");
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->allClientIds(), (std::vector<std::string>{"a", "b"}));
    member_b.shutdown();  // connection closes
  }
  EXPECT_TRUE(apogee::testing::waitUntil([&] {
    auto info = broker_->consumerManager().getConsumerGroupInfo("cg");
    return info && info->channels.size() == 1;
  }));
  EXPECT_TRUE(apogee::testing::waitUntil([&] { return notified_a.load() >= before + 2; }));
  member_a.shutdown();
}

TEST_F(ConsumerAdminTest, QueueLocksPerClient) {
  remoting::LockBatchRequestBody body;
  body.clientId = "client-a";
  body.consumerGroup = "og";
  body.mqSet = {{"T", "broker-a", 0}, {"T", "broker-a", 1}};
  auto lock = request(code::kLockBatchMq);
  lock.setBody(body.toJson());
  auto r = call(std::move(lock));
  ASSERT_EQ(r.code(), rc::kSuccess);
  auto locked = remoting::LockBatchResponseBody::fromJson(r.body().flatten());
  ASSERT_TRUE(locked.ok());
  EXPECT_EQ(locked->lockOKMQSet.size(), 2u);
  body.clientId = "client-b";
  body.mqSet = {{"T", "broker-a", 1}, {"T", "broker-a", 2}};
  auto lock_b = request(code::kLockBatchMq);
  lock_b.setBody(body.toJson());
  auto rb = call(std::move(lock_b));
  auto locked_b = remoting::LockBatchResponseBody::fromJson(rb.body().flatten());
  ASSERT_TRUE(locked_b.ok());
  ASSERT_EQ(locked_b->lockOKMQSet.size(), 1u);
  EXPECT_EQ(locked_b->lockOKMQSet[0].queueId, 2);
  // client-a unlocks queue 1; client-b gets it.
  remoting::LockBatchRequestBody unlock_body;
  unlock_body.clientId = "client-a";
  unlock_body.consumerGroup = "og";
  unlock_body.mqSet = {{"T", "broker-a", 1}};
  auto unlock = request(code::kUnlockBatchMq);
  unlock.setBody(unlock_body.toJson());
  EXPECT_EQ(call(std::move(unlock)).code(), rc::kSuccess);
  auto again = request(code::kLockBatchMq);
  again.setBody(body.toJson());
  auto locked_again = remoting::LockBatchResponseBody::fromJson(call(std::move(again)).body().flatten());
  ASSERT_TRUE(locked_again.ok());
  EXPECT_EQ(locked_again->lockOKMQSet.size(), 2u);
  auto bad = request(code::kLockBatchMq);
  bad.setBody(std::string("[]"));
  EXPECT_EQ(call(std::move(bad)).code(), rc::kSystemError);
}

// A client that leaves the group (here: its connection closes) frees its
// queue locks at once; RocketMQ keeps them until they expire (60 s).
TEST_F(ConsumerAdminTest, DepartedClientsQueueLocksAreReleased) {
  remoting::LockBatchRequestBody body;
  body.consumerGroup = "og";
  body.mqSet = {{"T", "broker-a", 0}};
  auto lockAs = [&](const std::string& client_id) {
    body.clientId = client_id;
    auto lock = request(code::kLockBatchMq);
    lock.setBody(body.toJson());
    auto locked = remoting::LockBatchResponseBody::fromJson(call(std::move(lock)).body().flatten());
    EXPECT_TRUE(locked.ok());
    return locked.ok() ? locked->lockOKMQSet.size() : 0u;
  };
  remoting::RemotingClient member_b;
  remoting::RemotingClient member_c;
  ASSERT_TRUE(member_b.start().ok());
  ASSERT_TRUE(member_c.start().ok());
  {
    remoting::RemotingClient member_a;
    ASSERT_TRUE(member_a.start().ok());
    ASSERT_EQ(heartbeat("a", "og", "T", "*", 1000, &member_a).code(), rc::kSuccess);
    ASSERT_EQ(heartbeat("b", "og", "T", "*", 1000, &member_b).code(), rc::kSuccess);
    ASSERT_EQ(lockAs("a"), 1u);
    EXPECT_EQ(lockAs("b"), 0u);
    member_a.shutdown();  // a's only connection closes
  }
  EXPECT_TRUE(apogee::testing::waitUntil([&] { return lockAs("b") == 1u; }));
  // The same after UNREGISTER_CLIENT of a member that stays connected.
  ASSERT_EQ(heartbeat("c", "og", "T", "*", 1000, &member_c).code(), rc::kSuccess);
  EXPECT_EQ(lockAs("c"), 0u);
  auto un = member_b.invokeSync(addr_, RemotingCommand::createRequest(
      code::kUnregisterClient, {{"clientID", "b"}, {"consumerGroup", "og"}}), std::chrono::seconds(10));
  ASSERT_TRUE(un.ok());
  ASSERT_EQ(un->code(), rc::kSuccess);
  EXPECT_EQ(lockAs("c"), 1u);
  member_b.shutdown();
  member_c.shutdown();
}

TEST_F(ConsumerAdminTest, TopicAdminRequests) {
  createTopic("Admin", 3);
  auto all = call(request(code::kGetAllTopicConfig));
  ASSERT_EQ(all.code(), rc::kSuccess);
  auto wrapper = remoting::TopicConfigSerializeWrapper::fromJson(all.body().flatten());
  ASSERT_TRUE(wrapper.ok());
  EXPECT_EQ(wrapper->topicConfigTable.at("Admin").readQueueNums, 3);
  ASSERT_EQ(send("Admin", 1, "soon gone", "").code(), rc::kSuccess);
  waitDispatched();
  EXPECT_TRUE(std::filesystem::exists(broker_->config().storePathRootDir / "consumequeue" / "Admin"));
  auto del = call(RemotingCommand::createRequest(code::kDeleteTopicInBroker, {{"topic", "Admin"}}));
  EXPECT_EQ(del.code(), rc::kSuccess);
  EXPECT_FALSE(broker_->topicConfigManager().containsTopic("Admin"));
  EXPECT_FALSE(std::filesystem::exists(broker_->config().storePathRootDir / "consumequeue" / "Admin"));
  // Reserved and illegal names.
  auto clash = call(RemotingCommand::createRequest(
      code::kUpdateAndCreateTopic, {{"topic", "DefaultCluster"}, {"defaultTopic", "TBW102"},
                                    {"readQueueNums", "1"}, {"writeQueueNums", "1"}, {"perm", "6"},
                                    {"topicFilterType", "SINGLE_TAG"}, {"order", "false"}}));
  EXPECT_EQ(clash.code(), rc::kSystemError);
  auto missing = call(RemotingCommand::createRequest(code::kUpdateAndCreateTopic, {{"topic", "X"}}));
  EXPECT_EQ(missing.code(), rc::kSystemError);
  EXPECT_NE(missing.remark().value_or("").find("defaultTopic"), std::string::npos);
}

TEST_F(ConsumerAdminTest, ViewAndQueryMessage) {
  createTopic("T", 1);
  auto sent = send("T", 0, "find me", "KEYS\x01order-42\x02UNIQ_KEY\x01U1");
  ASSERT_EQ(sent.code(), rc::kSuccess);
  waitDispatched();
  auto id = message::decodeOffsetMsgId(fieldOf(sent, "msgId"));
  ASSERT_TRUE(id.ok());
  auto view = call(RemotingCommand::createRequest(
      code::kViewMessageById, {{"offset", std::to_string(id->commitLogOffset)}}));
  ASSERT_EQ(view.code(), rc::kSuccess);
  auto msgs = decodeAll(view.body().flatten());
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].body, "find me");
  EXPECT_EQ(call(RemotingCommand::createRequest(code::kViewMessageById, {{"offset", "999999"}})).code(),
            rc::kSystemError);

  auto query = [&](const std::string& key) {
    return call(RemotingCommand::createRequest(
        code::kQueryMessage, {{"topic", "T"}, {"key", key}, {"maxNum", "32"},
                              {"beginTimestamp", "0"}, {"endTimestamp", "9999999999999"}}));
  };
  EXPECT_TRUE(apogee::testing::waitUntil([&] { return query("order-42").code() == rc::kSuccess; }));
  auto found = query("order-42");
  ASSERT_EQ(found.code(), rc::kSuccess);
  EXPECT_NE(fieldOf(found, "indexLastUpdateTimestamp"), "<absent>");
  EXPECT_EQ(decodeAll(found.body().flatten()).size(), 1u);
  EXPECT_EQ(query("no-such-key").code(), rc::kQueryNotFound);
}

TEST_F(ConsumerAdminTest, RestartKeepsTopicsOffsetsGroupsAndMessages) {
  createTopic("Keep", 2);
  ASSERT_EQ(send("Keep", 1, "persisted").code(), rc::kSuccess);
  ASSERT_EQ(call(offsetRequest(code::kUpdateConsumerOffset, "kg", "Keep", 1, 1)).code(), rc::kSuccess);
  ASSERT_EQ(heartbeat("c", "kg", "Keep").code(), rc::kSuccess);
  restartBroker();
  EXPECT_TRUE(broker_->topicConfigManager().containsTopic("Keep"));
  EXPECT_TRUE(broker_->topicConfigManager().containsTopic("%RETRY%kg"));
  EXPECT_EQ(fieldOf(call(offsetRequest(code::kQueryConsumerOffset, "kg", "Keep", 1)), "offset"), "1");
  auto p = pull(pullHeader("kg", "Keep", 1, 0));
  ASSERT_EQ(p.code(), rc::kSuccess);
  auto msgs = decodeAll(p.body().flatten());
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].body, "persisted");
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "config" / "subscriptionGroup.json"));
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "config" / "consumerOffset.json"));
}

}  // namespace
}  // namespace apogee::broker::testing

namespace apogee::broker::testing {
namespace {

class ClientExpiryTest : public BrokerFixture {
  void configure(BrokerConfig& c) override {
    c.channelExpiredTimeout = std::chrono::milliseconds(200);
    c.clientScanInterval = std::chrono::milliseconds(50);
  }
};

TEST_F(ClientExpiryTest, SilentClientIsDroppedAndItsConnectionClosed) {
  remoting::RemotingClient silent;
  std::atomic<int> closed{0};
  silent.setConnectionEventHook([&](remoting::ConnectionEvent e, const remoting::ChannelPtr&) {
    if (e == remoting::ConnectionEvent::kClose) ++closed;
  });
  ASSERT_TRUE(silent.start().ok());
  ASSERT_EQ(heartbeat("quiet", "eg", "T", "*", 1000, &silent).code(), rc::kSuccess);
  ASSERT_TRUE(broker_->consumerManager().getConsumerGroupInfo("eg").has_value());
  EXPECT_TRUE(apogee::testing::waitUntil(
      [&] { return !broker_->consumerManager().getConsumerGroupInfo("eg").has_value(); }));
  EXPECT_TRUE(apogee::testing::waitUntil([&] { return closed.load() == 1; }));
  silent.shutdown();
}

}  // namespace
}  // namespace apogee::broker::testing
