#include "remoting/headers/offset.h"

#include <gtest/gtest.h>

#include "header_test_util.h"

namespace apogee::remoting {
namespace {

using header_testing::expectHeaderContract;

TEST(OffsetHeaders, QueryConsumerOffset) {
  QueryConsumerOffsetRequestHeader req;
  req.consumerGroup = "CorpusPush";
  req.topic = "CorpusT";
  req.queueId = 7;
  req.setZeroIfNotFound = false;
  expectHeaderContract(req);

  QueryConsumerOffsetResponseHeader resp;
  resp.offset = 1234567890123;
  expectHeaderContract(resp);
}

TEST(OffsetHeaders, QueryConsumerOffsetFromA4_9_8Client) {
  // 4.9.8 never sends setZeroIfNotFound; the broker reads absence as true.
  auto decoded =
      decodeHeader<QueryConsumerOffsetRequestHeader>(ExtFields{{"queueId", "7"},
                                                               {"bname", "broker-a"},
                                                               {"topic", "CorpusT"},
                                                               {"consumerGroup", "CorpusPush"}});
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->queueId, 7);
  EXPECT_EQ(decoded->setZeroIfNotFound, std::nullopt);
}

TEST(OffsetHeaders, UpdateConsumerOffset) {
  UpdateConsumerOffsetRequestHeader h;
  h.consumerGroup = "CorpusPush";
  h.topic = "CorpusT";
  h.queueId = 3;
  h.commitOffset = 9;
  expectHeaderContract(h);
}

TEST(OffsetHeaders, MaxAndMinOffset) {
  GetMaxOffsetRequestHeader max_req;
  max_req.topic = "CorpusT";
  max_req.queueId = 5;
  max_req.committed = false;
  expectHeaderContract(max_req);
  GetMaxOffsetResponseHeader max_resp;
  max_resp.offset = 3;
  expectHeaderContract(max_resp);

  GetMinOffsetRequestHeader min_req;
  min_req.topic = "CorpusT";
  min_req.queueId = 5;
  expectHeaderContract(min_req);
  GetMinOffsetResponseHeader min_resp;
  min_resp.offset = 1;
  expectHeaderContract(min_resp);
}

TEST(OffsetHeaders, MaxOffsetWithoutCommittedIsNotWritten) {
  GetMaxOffsetRequestHeader h;
  h.topic = "CorpusT";
  EXPECT_EQ(toExtFields(h), (ExtFields{{"topic", "CorpusT"}, {"queueId", "0"}}));
}

TEST(OffsetHeaders, SearchOffset) {
  SearchOffsetRequestHeader req;
  req.topic = "CorpusT";
  req.queueId = 1;
  req.timestamp = 1795750761440;
  req.boundaryType = std::string(kBoundaryTypeUpper);
  expectHeaderContract(req);
  SearchOffsetResponseHeader resp;
  resp.offset = 17;
  expectHeaderContract(resp);
}

TEST(OffsetHeaders, EarliestMsgStoretime) {
  GetEarliestMsgStoretimeRequestHeader req;
  req.topic = "CorpusT";
  req.queueId = 2;
  expectHeaderContract(req);
  GetEarliestMsgStoretimeResponseHeader resp;
  resp.timestamp = 1795750761440;
  expectHeaderContract(resp);
}

TEST(OffsetHeaders, MissingOffsetInResponse) {
  auto decoded = decodeHeader<QueryConsumerOffsetResponseHeader>(ExtFields{});
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().message(),
            "QueryConsumerOffsetResponseHeader: missing required field 'offset'");
}

}  // namespace
}  // namespace apogee::remoting
