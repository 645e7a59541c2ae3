#include <gtest/gtest.h>

#include <atomic>

#include "broker/topic_config_manager.h"
#include "broker_test_util.h"
#include "common/message/message_id.h"
#include "common/message/properties.h"
#include "support/wait.h"

namespace apogee::broker::testing {
namespace {

using SendTest = BrokerFixture;

TEST_F(SendTest, SendV2StoresAndAnswersLikeJava) {
  createTopic("T", 4);
  auto r = send("T", 2, "hello", "TAGS\x01TagA\x02KEYS\x01k1");
  ASSERT_EQ(r.code(), rc::kSuccess) << r.remark().value_or("");
  EXPECT_EQ(fieldOf(r, "queueId"), "2");
  EXPECT_EQ(fieldOf(r, "queueOffset"), "0");
  EXPECT_EQ(fieldOf(r, "MSG_REGION"), "DefaultRegion");
  EXPECT_EQ(fieldOf(r, "TRACE_ON"), "true");
  auto id = message::decodeOffsetMsgId(fieldOf(r, "msgId"));
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->storeHost.port, broker_->port());
  EXPECT_EQ(id->commitLogOffset, 0);

  auto second = send("T", 2, "again");
  EXPECT_EQ(fieldOf(second, "queueOffset"), "1");

  waitDispatched();
  // The stored record: CLUSTER added, UNIQ_KEY generated, born host = peer.
  auto p = pull(pullHeader("g", "T", 2, 0));
  ASSERT_EQ(p.code(), rc::kSuccess);
  auto msgs = decodeAll(p.body().flatten());
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].body, "hello");
  EXPECT_EQ(msgs[0].topic, "T");
  EXPECT_EQ(message::findProperty(msgs[0].properties, "CLUSTER"), "DefaultCluster");
  EXPECT_EQ(message::findProperty(msgs[0].properties, "TAGS"), "TagA");
  auto uniq = message::findProperty(msgs[0].properties, "UNIQ_KEY");
  ASSERT_TRUE(uniq.has_value());
  EXPECT_EQ(uniq->size(), 32u);
  EXPECT_EQ(msgs[0].bornHost.toString().rfind("127.0.0.1:", 0), 0u);
  EXPECT_EQ(msgs[0].storeHost.port, broker_->port());
}

TEST_F(SendTest, PipelinedSendsOfOneConnectionAreStoredInSendOrder) {
  createTopic("OrderT", 1);
  constexpr int kSends = 300;
  std::atomic<int> answered{0};
  std::atomic<int> failed{0};
  for (int i = 0; i < kSends; ++i) {
    auto req = request(code::kSendMessageV2, remoting::toExtFields(sendHeader("OrderT", 0)));
    req.setBody(std::to_string(i));
    client_.invokeAsync(addr_, std::move(req), std::chrono::seconds(10),
                        [&](Result<RemotingCommand> r) {
                          if (!r.ok() || r->code() != rc::kSuccess) ++failed;
                          ++answered;
                        });
  }
  ASSERT_TRUE(apogee::testing::waitUntil([&] { return answered == kSends; }));
  ASSERT_EQ(failed, 0);
  waitDispatched();
  std::vector<std::string> bodies;
  for (std::int64_t offset = 0; offset < kSends;) {
    auto r = pull(pullHeader("OrderGroup", "OrderT", 0, offset));
    ASSERT_EQ(r.code(), rc::kSuccess);
    auto msgs = decodeAll(r.body().flatten());
    ASSERT_FALSE(msgs.empty());
    for (const auto& m : msgs) bodies.emplace_back(m.body);
    offset += static_cast<std::int64_t>(msgs.size());
  }
  for (int i = 0; i < kSends; ++i) ASSERT_EQ(bodies[static_cast<std::size_t>(i)], std::to_string(i));
}

TEST_F(SendTest, SendV1AndNegativeQueuePicksOne) {
  createTopic("T1", 3);
  remoting::SendMessageRequestHeader h;
  h.producerGroup = "P";
  h.topic = "T1";
  h.defaultTopic = "TBW102";
  h.defaultTopicQueueNums = 4;
  h.queueId = -1;
  h.bornTimestamp = 1;
  h.properties = std::string("UNIQ_KEY\x01" "ABC");
  auto req = request(code::kSendMessage, remoting::toExtFields(h));
  req.setBody(std::string("v1"));
  auto r = call(std::move(req));
  ASSERT_EQ(r.code(), rc::kSuccess) << r.remark().value_or("");
  const int q = std::stoi(fieldOf(r, "queueId"));
  EXPECT_GE(q, 0);
  EXPECT_LT(q, 3);
}

TEST_F(SendTest, BatchStoresEachMessageWithCommaJoinedIds) {
  createTopic("B", 2);
  std::string body;
  for (int i = 0; i < 3; ++i) {
    std::string m = "batch-" + std::to_string(i);
    std::string props = "TAGS\x01" "E";
    std::string rec(20, '\0');
    message::putI32(rec.data(), static_cast<int32_t>(20 + m.size() + 2 + props.size()));
    message::putI32(rec.data() + 16, static_cast<int32_t>(m.size()));
    rec += m;
    char len[2];
    message::putBE16(len, static_cast<uint16_t>(props.size()));
    rec.append(len, 2);
    rec += props;
    body += rec;
  }
  auto h = sendHeader("B", 1, "WAIT\x01true");
  h.m = true;
  auto req = request(code::kSendBatchMessage, remoting::toExtFields(h));
  req.setBody(body);
  auto r = call(std::move(req));
  ASSERT_EQ(r.code(), rc::kSuccess) << r.remark().value_or("");
  const std::string ids = fieldOf(r, "msgId");
  EXPECT_EQ(std::count(ids.begin(), ids.end(), ','), 2);
  EXPECT_EQ(fieldOf(r, "queueOffset"), "0");
  waitDispatched();
  auto p = pull(pullHeader("g", "B", 1, 0));
  ASSERT_EQ(p.code(), rc::kSuccess);
  auto msgs = decodeAll(p.body().flatten());
  ASSERT_EQ(msgs.size(), 3u);
  EXPECT_EQ(msgs[2].body, "batch-2");
  EXPECT_EQ(message::findProperty(msgs[1].properties, "WAIT"), "true");
  EXPECT_EQ(message::findProperty(msgs[1].properties, "CLUSTER"), "DefaultCluster");

  // A malformed batch is MESSAGE_ILLEGAL, and the broker keeps serving.
  auto bad = request(code::kSendBatchMessage, remoting::toExtFields(h));
  bad.setBody(body.substr(0, 30));
  EXPECT_EQ(call(std::move(bad)).code(), rc::kMessageIllegal);
  EXPECT_EQ(send("B", 0, "still fine").code(), rc::kSuccess);
}

TEST_F(SendTest, BadSendsGetJavasCodesAndOthersAreServed) {
  createTopic("T", 2);
  createTopic("ReadOnly", 2, 4);
  // Unknown topic without auto-creation.
  EXPECT_EQ(send("Nope", 0, "x").code(), rc::kTopicNotExist);
  // Queue id beyond the topic's queues: SYSTEM_ERROR in 4.9.8.
  EXPECT_EQ(send("T", 2, "x").code(), rc::kSystemError);
  // Not writable.
  EXPECT_EQ(send("ReadOnly", 0, "x").code(), rc::kNoPermission);
  // System topics cannot be sent to.
  EXPECT_EQ(send("SCHEDULE_TOPIC_XXXX", 0, "x").code(), rc::kNoPermission);
  // Illegal name.
  auto illegal = send("bad topic!", 0, "x");
  EXPECT_EQ(illegal.code(), rc::kSystemError);
  EXPECT_NE(illegal.remark().value_or("").find("illegal characters"), std::string::npos);
  // Oversized body.
  EXPECT_EQ(send("T", 0, std::string(config_.maxMessageSize + 1, 'x')).code(), rc::kMessageIllegal);
  // Missing required field: the error names it.
  auto fields = remoting::toExtFields(sendHeader("T", 0));
  fields.erase("b");
  auto r = call(request(code::kSendMessageV2, fields));
  EXPECT_EQ(r.code(), rc::kSystemError);
  EXPECT_NE(r.remark().value_or("").find("'b'"), std::string::npos) << r.remark().value_or("");
  // Unparsable number.
  auto badnum = remoting::toExtFields(sendHeader("T", 0));
  badnum.set("e", "zero");
  EXPECT_EQ(call(request(code::kSendMessageV2, badnum)).code(), rc::kSystemError);
  // Everyone else is still served.
  EXPECT_EQ(send("T", 1, "ok").code(), rc::kSuccess);
}

TEST_F(SendTest, RetryTopicPastMaxGoesToDlq) {
  createTopic("T", 1);
  auto h = sendHeader("%RETRY%G1", 0, "TAGS\x01X");
  h.j = 3;
  h.l = 3;
  auto req = request(code::kSendMessageV2, remoting::toExtFields(h));
  req.setBody(std::string("dead"));
  auto r = call(std::move(req));
  ASSERT_EQ(r.code(), rc::kSuccess) << r.remark().value_or("");
  auto dlq = broker_->topicConfigManager().selectTopicConfig("%DLQ%G1");
  ASSERT_TRUE(dlq.has_value());
  EXPECT_EQ(dlq->perm, 2);  // 4.9.8: write only
  EXPECT_EQ(dlq->writeQueueNums, 1);
  auto p = pull(pullHeader("reader", "%DLQ%G1", 0, 0));
  // Not readable by consumers.
  EXPECT_EQ(p.code(), rc::kNoPermission);
}

class AutoCreateSendTest : public BrokerFixture {
  void configure(BrokerConfig& c) override { c.autoCreateTopicEnable = true; }
};

TEST_F(AutoCreateSendTest, FirstSendCreatesTopicFromDefault) {
  auto r = send("Fresh", -1, "x");
  ASSERT_EQ(r.code(), rc::kSuccess) << r.remark().value_or("");
  auto tc = broker_->topicConfigManager().selectTopicConfig("Fresh");
  ASSERT_TRUE(tc.has_value());
  EXPECT_EQ(tc->writeQueueNums, 4);
  EXPECT_EQ(tc->perm, 6);
}

}  // namespace
}  // namespace apogee::broker::testing
