#include "remoting/headers/heartbeat.h"

#include <gtest/gtest.h>

#include "header_test_util.h"

namespace apogee::remoting {
namespace {

using header_testing::expectHeaderContract;

TEST(HeartbeatHeaders, UnregisterClient) {
  UnregisterClientRequestHeader h;
  h.clientID = "192.0.2.2@22267#5306949164321";
  h.producerGroup = "CorpusProducer";
  h.consumerGroup = "CorpusPush";
  expectHeaderContract(h);
  // The key is "clientID", not "clientId".
  EXPECT_TRUE(toExtFields(h).contains("clientID"));
}

TEST(HeartbeatHeaders, GroupOnlyHeaders) {
  GetConsumerListByGroupRequestHeader list;
  list.consumerGroup = "CorpusPush";
  expectHeaderContract(list);
  NotifyConsumerIdsChangedRequestHeader notify;
  notify.consumerGroup = "CorpusPush";
  expectHeaderContract(notify);
}

TEST(HeartbeatHeaders, ResetOffset) {
  ResetOffsetRequestHeader h;
  h.topic = "CorpusT";
  h.group = "CorpusPush";
  h.timestamp = 1795750761440;
  h.isForce = true;
  h.queueId = 3;
  h.offset = 12;
  expectHeaderContract(h);
}

TEST(HeartbeatHeaders, ResetOffsetIsForceIsRequired) {
  auto decoded = decodeHeader<ResetOffsetRequestHeader>(
      ExtFields{{"topic", "CorpusT"}, {"group", "CorpusPush"}, {"timestamp", "1795750761440"}});
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().message(),
            "ResetOffsetRequestHeader: missing required field 'isForce'");
}

TEST(HeartbeatHeaders, ConsumerRunningInfoAndStatus) {
  GetConsumerRunningInfoRequestHeader running;
  running.consumerGroup = "CorpusPush";
  running.clientId = "192.0.2.2@31005#5437279720383";
  running.jstackEnable = true;
  expectHeaderContract(running);

  GetConsumerStatusRequestHeader status;
  status.topic = "CorpusT";
  status.group = "CorpusPush";
  status.clientAddr = "127.0.0.1:50000";
  expectHeaderContract(status);
}

TEST(HeartbeatHeaders, ConsumeMessageDirectly) {
  ConsumeMessageDirectlyResultRequestHeader h;
  h.consumerGroup = "CorpusPush";
  h.clientId = "192.0.2.2@31005";
  h.msgId = "7F000001000051AF0000000000000000";
  h.brokerName = "broker-a";
  h.topic = "CorpusT";
  h.topicSysFlag = 0;
  h.groupSysFlag = 1;
  expectHeaderContract(h);
}

}  // namespace
}  // namespace apogee::remoting
