#include "common/message/properties.h"

#include <gtest/gtest.h>

namespace apogee::message {
namespace {

TEST(PropertiesTest, EncodesPairsWithTrailingSeparator) {
  auto s = encodeProperties({{"TAGS", "TagA"}, {"KEYS", "k1 k2"}});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, std::string("TAGS\x01TagA\x02KEYS\x01k1 k2\x02"));
}

TEST(PropertiesTest, RejectsSeparatorsAndEmptyParts) {
  EXPECT_FALSE(encodeProperties({{"A\x01", "v"}}).ok());
  EXPECT_FALSE(encodeProperties({{"A", "v\x02"}}).ok());
  EXPECT_FALSE(encodeProperties({{"", "v"}}).ok());
  EXPECT_FALSE(encodeProperties({{"A", ""}}).ok());
}

TEST(PropertiesTest, DecodesLikeJavasTolerantParser) {
  // Missing trailing separator, an empty segment, a segment without 0x01,
  // an empty key, an empty value, and a value containing 0x01.
  std::string_view props(
      "A\x01" "1\x02" "\x02" "junk\x02" "\x01" "v\x02" "K\x01" "\x02" "B\x01" "x\x01" "y\x02"
      "C\x01" "3");
  auto pairs = decodeProperties(props);
  ASSERT_EQ(pairs.size(), 3u);
  EXPECT_EQ(pairs[0], Property("A", "1"));
  EXPECT_EQ(pairs[1], Property("B", std::string_view("x\x01y")));
  EXPECT_EQ(pairs[2], Property("C", "3"));
}

TEST(PropertiesTest, FindReturnsTheLastOccurrenceAsJavasHashMap) {
  std::string props;
  appendProperty(props, "UNIQ_KEY", "first");
  appendProperty(props, "TAGS", "T");
  appendProperty(props, "UNIQ_KEY", "second");
  EXPECT_EQ(findProperty(props, "UNIQ_KEY"), "second");
  EXPECT_EQ(findProperty(props, "TAGS"), "T");
  EXPECT_FALSE(findProperty(props, "KEYS").has_value());
  EXPECT_FALSE(findProperty("", "KEYS").has_value());
}

}  // namespace
}  // namespace apogee::message
