#include "remoting/body/java_compat.h"

#include <gtest/gtest.h>

#include <limits>

namespace apogee::remoting {
namespace {

TEST(JavaStringHashCode, KnownValues) {
  EXPECT_EQ(javaStringHashCode("TagA"), 2598919);
  EXPECT_EQ(javaStringHashCode("TagB"), 2598920);
  EXPECT_EQ(javaStringHashCode(""), 0);
  // 'é' is U+00E9, one UTF-16 unit: 0xE9.
  EXPECT_EQ(javaStringHashCode("\xC3\xA9"), 233);
  // "Tag中": "Tag" is ((84*31+97)*31+103) = 83834; 中 is U+4E2D = 20013;
  // 83834*31 + 20013 = 2618867.
  EXPECT_EQ(javaStringHashCode("Tag\xE4\xB8\xAD"), 2618867);
  // U+1F600 is the surrogate pair D83D DE00 (v = 0xF600; high = 0xD800 +
  // (v >> 10) = 0xD83D = 55357; low = 0xDC00 + (v & 0x3FF) = 0xDE00 = 56832):
  // 55357*31 + 56832 = 1772899.
  EXPECT_EQ(javaStringHashCode("\xF0\x9F\x98\x80"), 1772899);
  // Overflow wraps like Java's int: this string's hash is Integer.MIN_VALUE.
  EXPECT_EQ(javaStringHashCode("polygenelubricants"), -2147483647 - 1);
}

TEST(JavaStringHashCode, MalformedUtf8CountsAsReplacementCharacter) {
  // A lone continuation byte and a truncated 3-byte sequence each decode to
  // one U+FFFD (65533), as Java's UTF-8 decoder does.
  EXPECT_EQ(javaStringHashCode("\x80"), 65533);
  EXPECT_EQ(javaStringHashCode("\xE4\xB8"), 65533);
  EXPECT_EQ(javaStringHashCode("\xE4\xB8"
                               "A"),
            65533 * 31 + 65);
}

TEST(JavaLongHashCode, FoldsHighAndLowWords) {
  EXPECT_EQ(javaLongHashCode(0), 0);
  EXPECT_EQ(javaLongHashCode(1), 1);
  EXPECT_EQ(javaLongHashCode(-1), 0);  // 0xFFFFFFFF ^ 0xFFFFFFFF
  EXPECT_EQ(javaLongHashCode(0x100000002LL), 3);
}

TEST(JavaDoubleToString, MatchesDoubleToString) {
  EXPECT_EQ(javaDoubleToString(0.0), "0.0");
  EXPECT_EQ(javaDoubleToString(-0.0), "-0.0");
  EXPECT_EQ(javaDoubleToString(1.0), "1.0");
  EXPECT_EQ(javaDoubleToString(100.0), "100.0");
  EXPECT_EQ(javaDoubleToString(-3.25), "-3.25");
  EXPECT_EQ(javaDoubleToString(2.1989005497251375), "2.1989005497251375");
  EXPECT_EQ(javaDoubleToString(1234567.0), "1234567.0");
  EXPECT_EQ(javaDoubleToString(1e7), "1.0E7");
  EXPECT_EQ(javaDoubleToString(12345678.9), "1.23456789E7");
  EXPECT_EQ(javaDoubleToString(0.001), "0.001");
  EXPECT_EQ(javaDoubleToString(0.0001), "1.0E-4");
  EXPECT_EQ(javaDoubleToString(1.5e300), "1.5E300");
  EXPECT_EQ(javaDoubleToString(0.1), "0.1");
  EXPECT_EQ(javaDoubleToString(std::numeric_limits<double>::quiet_NaN()), "null");
}

TEST(JavaMapKind, CapacityGrowsAtThreeQuarters) {
  const auto hash_map = JavaMapKind::hashMap();
  EXPECT_EQ(hash_map.capacityFor(0), 16u);
  EXPECT_EQ(hash_map.capacityFor(12), 16u);
  EXPECT_EQ(hash_map.capacityFor(13), 32u);
  EXPECT_EQ(hash_map.capacityFor(50), 128u);
  const auto chm = JavaMapKind::concurrentHashMap();
  EXPECT_EQ(chm.capacityFor(11), 16u);
  EXPECT_EQ(chm.capacityFor(12), 32u);  // resizes on reaching sizeCtl
  EXPECT_EQ(JavaMapKind::concurrentHashMap(2048).capacityFor(9), 2048u);
}

TEST(JavaHashOrder, BucketsThenInsertionOrder) {
  // Integer keys hash to themselves: 17 and 1 share bucket 1 of 16.
  std::vector<int> keys = {17, 3, 1, 0};
  sortInJavaHashOrder(
      keys, [](int k) { return k; }, JavaMapKind::hashMap());
  EXPECT_EQ(keys, (std::vector<int>{0, 17, 1, 3}));
  // The spread mixes the high half in: 0x10000 lands in bucket 1.
  EXPECT_EQ(javaBucketIndex(0x10000, 16), 1u);
}

TEST(JavaHashOrder, HashSetOfStringsDropsDuplicates) {
  // In a table of 16, "TagA" (2598919) lands in bucket 0 and "TagB" in 15.
  EXPECT_EQ(javaHashSetOrder({"TagB", "TagA", "TagB"}), (std::vector<std::string>{"TagA", "TagB"}));
}

}  // namespace
}  // namespace apogee::remoting
