#include "common/message/message_id.h"

#include <gtest/gtest.h>

namespace apogee::message {
namespace {

TEST(MessageIdTest, EncodesIpv4HostPortAndOffsetAsUppercaseHex) {
  const auto host = HostAddress::ipv4(192, 168, 0, 1, 10911);
  // C0A80001 | 00002A9F | 0000000000000400
  EXPECT_EQ(encodeOffsetMsgId(host, 1024), "C0A8000100002A9F0000000000000400");
}

TEST(MessageIdTest, RoundTripsIpv4AndIpv6) {
  const auto v4 = HostAddress::ipv4(10, 1, 2, 3, 10911);
  auto d4 = decodeOffsetMsgId(encodeOffsetMsgId(v4, 123456789012345));
  ASSERT_TRUE(d4.ok());
  EXPECT_EQ(d4->storeHost, v4);
  EXPECT_EQ(d4->commitLogOffset, 123456789012345);

  auto v6 = HostAddress::parse("[fe80::1]:10911");
  ASSERT_TRUE(v6.ok());
  const std::string id6 = encodeOffsetMsgId(*v6, 77);
  EXPECT_EQ(id6.size(), 56u);
  auto d6 = decodeOffsetMsgId(id6);
  ASSERT_TRUE(d6.ok());
  EXPECT_EQ(d6->storeHost, *v6);
  EXPECT_EQ(d6->commitLogOffset, 77);
}

TEST(MessageIdTest, AcceptsLowerCaseAndRejectsBadIds) {
  EXPECT_TRUE(decodeOffsetMsgId("c0a8000100002a9f0000000000000400").ok());
  EXPECT_FALSE(decodeOffsetMsgId("C0A80001").ok());
  EXPECT_FALSE(decodeOffsetMsgId("Z0A8000100002A9F0000000000000400").ok());
}

TEST(HostAddressTest, ParsesAndPrints) {
  auto h = HostAddress::parse("127.0.0.1:10911");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->toString(), "127.0.0.1:10911");
  EXPECT_FALSE(HostAddress::parse("127.0.0.1").ok());
  EXPECT_FALSE(HostAddress::parse("nohost:1").ok());
  EXPECT_FALSE(HostAddress::parse("1.2.3.4:70000").ok());
}

}  // namespace
}  // namespace apogee::message
