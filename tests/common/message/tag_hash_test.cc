#include "common/message/tag_hash.h"

#include <gtest/gtest.h>

namespace apogee::message {
namespace {

TEST(TagHashTest, MatchesJavaStringHashCode) {
  // Values from the reference (4.6) and from Java's String.hashCode().
  EXPECT_EQ(javaStringHashCode("TagA"), 2598919);
  EXPECT_EQ(javaStringHashCode("TagB"), 2598920);
  EXPECT_EQ(javaStringHashCode(""), 0);
  EXPECT_EQ(javaStringHashCode("a"), 97);
  // Overflows int32: "polygenelubricants".hashCode() == Integer.MIN_VALUE.
  EXPECT_EQ(javaStringHashCode("polygenelubricants"), INT32_MIN);
  EXPECT_EQ(javaStringHashCode("Hello, World!"), 1498789909);
}

TEST(TagHashTest, HashesUtf16CodeUnitsNotBytes) {
  // "é" is U+00E9: one UTF-16 unit, two UTF-8 bytes.
  EXPECT_EQ(javaStringHashCode("\xC3\xA9"), 0xE9);
  // "中" U+4E2D.
  EXPECT_EQ(javaStringHashCode("\xE4\xB8\xAD"), 0x4E2D);
  // U+1F600 is the surrogate pair D83D DE00: 31 * 0xD83D + 0xDE00.
  EXPECT_EQ(javaStringHashCode("\xF0\x9F\x98\x80"), 31 * 0xD83D + 0xDE00);
}

TEST(TagHashTest, MalformedUtf8BecomesReplacementCharacters) {
  // A lone continuation byte and a truncated 3-byte sequence: one U+FFFD each.
  EXPECT_EQ(javaStringHashCode("\x80"), 0xFFFD);
  EXPECT_EQ(javaStringHashCode("\xE4\xB8" "a"), 31 * 0xFFFD + 'a');
}

TEST(TagHashTest, TagsCodeIsSignExtendedAndZeroWithoutTags) {
  EXPECT_EQ(tagsCode(""), 0);
  EXPECT_EQ(tagsCode("TagA"), 2598919);
  EXPECT_EQ(tagsCode("polygenelubricants"), static_cast<int64_t>(INT32_MIN));
}

}  // namespace
}  // namespace apogee::message
