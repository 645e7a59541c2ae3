#include "client/message_codec.h"

#include <gtest/gtest.h>

#include "client/compression.h"
#include "client/mq_client_api.h"
#include "common/message/big_endian.h"
#include "common/message/properties.h"
#include "common/message/sys_flag.h"
#include "remoting/headers/pull.h"
#include "remoting/headers/send.h"
#include "remoting/response_code.h"

namespace apogee::client {
namespace {

TEST(BatchEncodingTest, RecordLayoutFollowsReference48) {
  Message a("T", "TagA", "k1", "hello");
  a.setFlag(7);
  Message b("T", "", "", "xy");
  const std::string body = encodeBatchBody({a, b});
  const char* p = body.data();
  const std::string props_a = encodeProperties(a);
  const std::size_t size_a = 20 + 5 + 2 + props_a.size();
  ASSERT_EQ(message::getI32(p), static_cast<std::int32_t>(size_a));
  EXPECT_EQ(message::getI32(p + 4), 0);   // magic
  EXPECT_EQ(message::getI32(p + 8), 0);   // body CRC
  EXPECT_EQ(message::getI32(p + 12), 7);  // flag
  EXPECT_EQ(message::getI32(p + 16), 5);  // body length
  EXPECT_EQ(std::string_view(p + 20, 5), "hello");
  EXPECT_EQ(message::getBE16(p + 25), props_a.size());
  EXPECT_EQ(std::string_view(p + 27, props_a.size()), props_a);
  EXPECT_EQ(message::findProperty(props_a, "TAGS"), "TagA");
  EXPECT_EQ(message::findProperty(props_a, "KEYS"), "k1");
  const char* q = p + size_a;
  const std::string props_b = encodeProperties(b);
  EXPECT_EQ(message::getI32(q), static_cast<std::int32_t>(20 + 2 + 2 + props_b.size()));
  EXPECT_EQ(body.size(), size_a + 24 + props_b.size());
}

TEST(CompressionTest, RoundTripAndLimits) {
  const std::string text(10000, 'a');
  const std::string packed = zlibCompress(text, 5);
  EXPECT_LT(packed.size(), text.size());
  EXPECT_EQ(static_cast<unsigned char>(packed[0]), 0x78);  // RFC 1950 header
  auto back = zlibUncompress(packed, 1 << 20);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, text);
  EXPECT_FALSE(zlibUncompress(packed, 100).ok());
  EXPECT_FALSE(zlibUncompress("not zlib", 1 << 20).ok());
  EXPECT_FALSE(zlibUncompress(std::string_view(packed).substr(0, packed.size() / 2), 1 << 20).ok());
}

std::string storedRecord(const std::string& body, std::int32_t sys_flag, std::string_view props,
                         std::int64_t phy) {
  message::StoredMessage m;
  m.queueId = 3;
  m.queueOffset = 9;
  m.physicalOffset = phy;
  m.sysFlag = sys_flag;
  m.bornTimestamp = 1000;
  m.storeTimestamp = 2000;
  m.bornHost = message::HostAddress::ipv4(10, 0, 0, 2, 5555);
  m.storeHost = message::HostAddress::ipv4(10, 0, 0, 1, 10911);
  m.body = body;
  m.bodyCrc = message::bodyCrc32(body);
  m.topic = "T";
  m.properties = props;
  return message::encodeStoredMessage(m);
}

TEST(PullDecodingTest, DecodesRecordsAndInflatesCompressedBodies) {
  const std::string text(6000, 'z');
  std::string props;
  message::appendProperty(props, "TAGS", "TagA");
  message::appendProperty(props, "UNIQ_KEY", "ABC");
  const std::string bytes =
      storedRecord(zlibCompress(text, 5), 0x301, props, 0x10) + storedRecord("plain", 0, "", 0x200);
  remoting::RemotingCommand response =
      remoting::RemotingCommand::createResponse(remoting::ResponseCode::kSuccess);
  remoting::PullMessageResponseHeader header;
  header.nextBeginOffset = 11;
  header.maxOffset = 11;
  response.setExtFields(remoting::toExtFields(header));
  response.setBody(bytes);
  auto result = processPullResponse(response);
  ASSERT_TRUE(result.ok()) << result.status();
  const auto& msgs = result->result.getMsgFoundList();
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(result->result.getPullStatus(), PullStatus::FOUND);
  EXPECT_EQ(result->result.getNextBeginOffset(), 11);
  EXPECT_EQ(msgs[0].getBody(), text);
  EXPECT_EQ(msgs[0].getSysFlag() & message::sys_flag::kCompressed, 0);
  EXPECT_EQ(msgs[0].getTags(), "TagA");
  EXPECT_EQ(msgs[0].getMsgId(), "ABC");
  EXPECT_EQ(msgs[0].getOffsetMsgId(), "0A00000100002A9F0000000000000010");
  EXPECT_EQ(msgs[0].getStoreHost(), "10.0.0.1:10911");
  EXPECT_EQ(msgs[0].getBornHost(), "10.0.0.2:5555");
  EXPECT_EQ(msgs[0].getQueueId(), 3);
  EXPECT_EQ(msgs[0].getQueueOffset(), 9);
  EXPECT_EQ(msgs[1].getBody(), "plain");
  EXPECT_EQ(msgs[1].getMsgId(), msgs[1].getOffsetMsgId());
}

TEST(PullDecodingTest, StatusCodesMapToPullStatus) {
  remoting::PullMessageResponseHeader header;
  header.suggestWhichBrokerId = 1;
  header.nextBeginOffset = 5;
  header.maxOffset = 5;
  for (auto [code, status] :
       {std::pair{remoting::ResponseCode::kPullNotFound, PullStatus::NO_NEW_MSG},
        std::pair{remoting::ResponseCode::kPullRetryImmediately, PullStatus::NO_MATCHED_MSG},
        std::pair{remoting::ResponseCode::kPullOffsetMoved, PullStatus::OFFSET_ILLEGAL}}) {
    auto response = remoting::RemotingCommand::createResponse(code);
    response.setExtFields(remoting::toExtFields(header));
    auto result = processPullResponse(response);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->result.getPullStatus(), status);
    EXPECT_EQ(result->suggestWhichBrokerId, 1);
  }
  auto error = remoting::RemotingCommand::createResponse(
      remoting::ResponseCode::kSubscriptionNotExist, "no sub");
  EXPECT_FALSE(processPullResponse(error).ok());
}

TEST(SendDecodingTest, StoredCodesAreResultsOthersAreErrors) {
  remoting::SendMessageResponseHeader header;
  header.msgId = "OFFSETID";
  header.queueId = 2;
  header.queueOffset = 40;
  auto response =
      remoting::RemotingCommand::createResponse(remoting::ResponseCode::kFlushDiskTimeout);
  response.setExtFields(remoting::toExtFields(header));
  response.addExtField("MSG_REGION", "DefaultRegion");
  response.addExtField("TRACE_ON", "false");
  auto result = processSendResponse("broker-a", "T", "UNIQ", response);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->getSendStatus(), SendStatus::FLUSH_DISK_TIMEOUT);
  EXPECT_EQ(result->getMsgId(), "UNIQ");
  EXPECT_EQ(result->getOffsetMsgId(), "OFFSETID");
  EXPECT_EQ(result->getMessageQueue(), MessageQueue("T", "broker-a", 2));
  EXPECT_EQ(result->getQueueOffset(), 40);
  EXPECT_EQ(result->getRegionId(), "DefaultRegion");
  EXPECT_FALSE(result->isTraceOn());
  auto error =
      remoting::RemotingCommand::createResponse(remoting::ResponseCode::kMessageIllegal, "too big");
  auto failed = processSendResponse("broker-a", "T", "UNIQ", error);
  ASSERT_FALSE(failed.ok());
}

}  // namespace
}  // namespace apogee::client
