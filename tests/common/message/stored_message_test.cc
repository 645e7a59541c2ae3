#include "common/message/stored_message.h"

#include <gtest/gtest.h>

#include "common/message/big_endian.h"
#include "common/message/sys_flag.h"

namespace apogee::message {
namespace {

StoredMessage sample() {
  StoredMessage m;
  m.queueId = 3;
  m.flag = 7;
  m.queueOffset = 42;
  m.physicalOffset = 1234567;
  m.sysFlag = 0;
  m.bornTimestamp = 1700000000123;
  m.bornHost = HostAddress::ipv4(10, 0, 0, 1, 50000);
  m.storeTimestamp = 1700000000456;
  m.storeHost = HostAddress::ipv4(192, 168, 1, 2, 10911);
  m.reconsumeTimes = 2;
  m.preparedTransactionOffset = 99;
  m.body = "hello body";
  m.topic = "TopicTest";
  m.properties = "TAGS\x01TagA\x02KEYS\x01k1 k2\x02";
  m.bodyCrc = bodyCrc32(m.body);
  return m;
}

TEST(StoredMessageTest, LayoutMatchesTheReferenceTableForIpv4Hosts) {
  StoredMessage m = sample();
  std::string rec = encodeStoredMessage(m);
  // v4/v4 total = 91 + body + topic + properties (reference 4.1).
  ASSERT_EQ(rec.size(), 91 + m.body.size() + m.topic.size() + m.properties.size());
  const char* p = rec.data();
  EXPECT_EQ(getI32(p + 0), static_cast<int32_t>(rec.size()));
  EXPECT_EQ(getI32(p + 4), kMessageMagicCodeV1);
  EXPECT_EQ(getI32(p + 4), -626843481);
  EXPECT_EQ(getI32(p + 8), m.bodyCrc);
  EXPECT_EQ(getI32(p + 12), 3);
  EXPECT_EQ(getI32(p + 16), 7);
  EXPECT_EQ(getI64(p + 20), 42);
  EXPECT_EQ(getI64(p + 28), 1234567);
  EXPECT_EQ(getI32(p + 36), 0);
  EXPECT_EQ(getI64(p + 40), 1700000000123);
  EXPECT_EQ(static_cast<unsigned char>(p[48]), 10);
  EXPECT_EQ(getI32(p + 52), 50000);
  EXPECT_EQ(getI64(p + 56), 1700000000456);
  EXPECT_EQ(storeTimestampPosition(0), 56);
  EXPECT_EQ(static_cast<unsigned char>(p[64]), 192);
  EXPECT_EQ(getI32(p + 68), 10911);
  EXPECT_EQ(getI32(p + 72), 2);
  EXPECT_EQ(getI64(p + 76), 99);
  EXPECT_EQ(getI32(p + 84), static_cast<int32_t>(m.body.size()));
  EXPECT_EQ(std::string_view(p + 88, m.body.size()), m.body);
  const std::size_t t = 88 + m.body.size();
  EXPECT_EQ(static_cast<unsigned char>(p[t]), m.topic.size());
  EXPECT_EQ(std::string_view(p + t + 1, m.topic.size()), m.topic);
  EXPECT_EQ(getBE16(p + t + 1 + m.topic.size()), m.properties.size());
}

TEST(StoredMessageTest, RoundTripsEveryField) {
  StoredMessage m = sample();
  std::string rec = encodeStoredMessage(m);
  auto d = decodeStoredMessage(rec, true);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->totalSize, static_cast<int32_t>(rec.size()));
  EXPECT_EQ(d->queueId, m.queueId);
  EXPECT_EQ(d->flag, m.flag);
  EXPECT_EQ(d->queueOffset, m.queueOffset);
  EXPECT_EQ(d->physicalOffset, m.physicalOffset);
  EXPECT_EQ(d->bornTimestamp, m.bornTimestamp);
  EXPECT_EQ(d->bornHost, m.bornHost);
  EXPECT_EQ(d->storeTimestamp, m.storeTimestamp);
  EXPECT_EQ(d->storeHost, m.storeHost);
  EXPECT_EQ(d->reconsumeTimes, m.reconsumeTimes);
  EXPECT_EQ(d->preparedTransactionOffset, m.preparedTransactionOffset);
  EXPECT_EQ(d->body, m.body);
  EXPECT_EQ(d->topic, m.topic);
  EXPECT_EQ(d->properties, m.properties);
  // Views point into the record, not into copies.
  EXPECT_GE(d->body.data(), rec.data());
  EXPECT_LT(d->body.data(), rec.data() + rec.size());
}

TEST(StoredMessageTest, Ipv6HostsSetTheirSysFlagBitsAndMoveTheStoreTimestamp) {
  StoredMessage m = sample();
  auto v6 = HostAddress::parse("[2001:db8::1]:9876");
  ASSERT_TRUE(v6.ok());
  m.bornHost = *v6;
  m.storeHost = *v6;
  std::string rec = encodeStoredMessage(m);
  EXPECT_EQ(rec.size(), 91 + 24 + m.body.size() + m.topic.size() + m.properties.size());
  const int32_t flag = getI32(rec.data() + kSysFlagPosition);
  EXPECT_EQ(flag & (sys_flag::kBornHostV6 | sys_flag::kStoreHostV6),
            sys_flag::kBornHostV6 | sys_flag::kStoreHostV6);
  EXPECT_EQ(storeTimestampPosition(flag), 68);
  EXPECT_EQ(getI64(rec.data() + 68), m.storeTimestamp);
  auto d = decodeStoredMessage(rec, true);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->bornHost, *v6);
  EXPECT_EQ(d->storeHost, *v6);
  EXPECT_EQ(d->body, m.body);
}

TEST(StoredMessageTest, LongTopicUsesTheV2MagicAndTwoByteLength) {
  StoredMessage m = sample();
  std::string topic(200, 'x');
  m.topic = topic;
  std::string rec = encodeStoredMessage(m);
  EXPECT_EQ(getI32(rec.data() + 4), kMessageMagicCodeV2);
  EXPECT_EQ(rec.size(), 92 + m.body.size() + topic.size() + m.properties.size());
  auto d = decodeStoredMessage(rec, true);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->topic, topic);
}

TEST(StoredMessageTest, BodyCrcIsZlibCrc32MaskedTo31Bits) {
  // zlib crc32("123456789") = 0xCBF43926; masked: 0x4BF43926.
  EXPECT_EQ(bodyCrc32("123456789"), 0x4BF43926);
  EXPECT_EQ(bodyCrc32(""), 0);
}

TEST(StoredMessageTest, DetectsBadCrcOnlyWhenAsked) {
  std::string rec = encodeStoredMessage(sample());
  rec[90] ^= 0x01;  // inside the body
  auto checked = decodeStoredMessage(rec, true);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.status().detail(), static_cast<int>(RecordError::kBadCrc));
  EXPECT_TRUE(decodeStoredMessage(rec, false).ok());
}

TEST(StoredMessageTest, RejectsTruncatedBlankAndMisSizedRecords) {
  std::string rec = encodeStoredMessage(sample());
  auto truncated = decodeStoredMessage(std::string_view(rec).substr(0, rec.size() - 1), true);
  EXPECT_EQ(truncated.status().detail(), static_cast<int>(RecordError::kTruncated));

  std::string blank(16, '\0');
  putI32(blank.data(), 16);
  putI32(blank.data() + 4, kBlankMagicCode);
  EXPECT_EQ(decodeStoredMessage(blank, true).status().detail(), static_cast<int>(RecordError::kBlank));

  std::string bad_magic = rec;
  putI32(bad_magic.data() + 4, 0x12345678);
  EXPECT_EQ(decodeStoredMessage(bad_magic, true).status().detail(),
            static_cast<int>(RecordError::kBadMagic));

  // TOTALSIZE one larger than the fields (with a spare byte available).
  std::string longer = rec + "x";
  putI32(longer.data(), static_cast<int32_t>(longer.size()));
  EXPECT_EQ(decodeStoredMessage(longer, true).status().detail(),
            static_cast<int>(RecordError::kLengthMismatch));

  // A body length that runs past the record.
  std::string overrun = rec;
  putI32(overrun.data() + 84, 1 << 20);
  EXPECT_EQ(decodeStoredMessage(overrun, true).status().detail(),
            static_cast<int>(RecordError::kLengthMismatch));
}

TEST(StoredMessageTest, DecodesTheFirstOfSeveralConcatenatedRecords) {
  StoredMessage a = sample();
  StoredMessage b = sample();
  b.body = "second";
  b.bodyCrc = bodyCrc32(b.body);
  std::string both = encodeStoredMessage(a) + encodeStoredMessage(b);
  auto first = decodeStoredMessage(both, true);
  ASSERT_TRUE(first.ok());
  auto second = decodeStoredMessage(std::string_view(both).substr(first->totalSize), true);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->body, "second");
}

}  // namespace
}  // namespace apogee::message
