#include "remoting/headers/admin.h"

#include <gtest/gtest.h>

#include "header_test_util.h"
#include "remoting/headers/topic.h"

namespace apogee::remoting {
namespace {

using header_testing::expectHeaderContract;

TEST(TopicHeaders, CreateTopic) {
  CreateTopicRequestHeader h;
  h.topic = "CorpusT";
  h.defaultTopic = "TBW102";
  h.readQueueNums = 8;
  h.writeQueueNums = 4;
  h.perm = 6;
  h.topicFilterType = std::string(kTopicFilterMultiTag);
  h.topicSysFlag = 1;
  h.order = true;
  h.attributes = "+message.type=NORMAL";
  h.force = true;
  expectHeaderContract(h);
}

TEST(TopicHeaders, CreateTopicOrderIsRequired) {
  auto decoded =
      decodeHeader<CreateTopicRequestHeader>(ExtFields{{"topic", "CorpusT"},
                                                       {"defaultTopic", "TBW102"},
                                                       {"readQueueNums", "8"},
                                                       {"writeQueueNums", "8"},
                                                       {"perm", "6"},
                                                       {"topicFilterType", "SINGLE_TAG"}});
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().message(), "CreateTopicRequestHeader: missing required field 'order'");
}

TEST(TopicHeaders, TopicOnlyHeaders) {
  DeleteTopicRequestHeader del;
  del.topic = "CorpusT";
  expectHeaderContract(del);
  GetTopicStatsInfoRequestHeader stats;
  stats.topic = "CorpusT";
  expectHeaderContract(stats);
  QueryTopicConsumeByWhoRequestHeader who;
  who.topic = "CorpusT";
  expectHeaderContract(who);
}

TEST(AdminHeaders, ViewMessage) {
  ViewMessageRequestHeader h;
  h.topic = "CorpusT";
  h.offset = 2938;
  expectHeaderContract(h);
}

TEST(AdminHeaders, QueryMessage) {
  QueryMessageRequestHeader req;
  req.topic = "CorpusT";
  req.key = "CorpusKey-1";
  req.maxNum = 64;
  req.beginTimestamp = 0;
  req.endTimestamp = 9223372036854775807;
  expectHeaderContract(req);

  QueryMessageResponseHeader resp;
  resp.indexLastUpdateTimestamp = 1795750791320;
  resp.indexLastUpdatePhyoffset = 2938;
  expectHeaderContract(resp);
}

TEST(AdminHeaders, ConsumerAndProducerQueries) {
  GetConsumeStatsRequestHeader stats;
  stats.consumerGroup = "CorpusPush";
  stats.topic = "CorpusT";
  stats.topicList = "CorpusT;Other";
  expectHeaderContract(stats);

  GetConsumerConnectionListRequestHeader consumers;
  consumers.consumerGroup = "CorpusPush";
  expectHeaderContract(consumers);

  GetProducerConnectionListRequestHeader producers;
  producers.producerGroup = "CorpusProducer";
  expectHeaderContract(producers);

  QueryConsumeTimeSpanRequestHeader span;
  span.topic = "CorpusT";
  span.group = "CorpusPush";
  expectHeaderContract(span);
}

TEST(AdminHeaders, DeleteSubscriptionGroup) {
  DeleteSubscriptionGroupRequestHeader h;
  h.groupName = "CorpusPush";
  h.removeOffset = true;
  h.cleanOffset = true;
  expectHeaderContract(h);
}

TEST(AdminHeaders, InvokeBrokerToResetOffsetUsesResetOffsetHeader) {
  // The 222 request of the h-mqadmin capture, with its signature keys.
  auto decoded = decodeHeader<ResetOffsetRequestHeader>(
      ExtFields{{"Signature", "bEbzbYebx/qW0NW9pFe+KGMhvRA="},
                {"topic", "CorpusT"},
                {"AccessKey", "rocketmq2"},
                {"isForce", "true"},
                {"group", "CorpusPush"},
                {"timestamp", "1795750761440"}});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->topic, "CorpusT");
  EXPECT_EQ(decoded->group, "CorpusPush");
  EXPECT_EQ(decoded->timestamp, 1795750761440);
  EXPECT_TRUE(decoded->isForce);
  EXPECT_EQ(decoded->queueId, std::nullopt);
}

}  // namespace
}  // namespace apogee::remoting
