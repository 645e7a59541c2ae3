#include "apogee/output.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace apogee::tool {
namespace {

TEST(OutputTest, ThousandsSeparators) {
  EXPECT_EQ(thousands(0), "0");
  EXPECT_EQ(thousands(999), "999");
  EXPECT_EQ(thousands(1000), "1,000");
  EXPECT_EQ(thousands(1234567), "1,234,567");
  EXPECT_EQ(thousands(-1234), "-1,234");
  EXPECT_EQ(thousands(std::numeric_limits<std::int64_t>::min()), "-9,223,372,036,854,775,808");
}

TEST(OutputTest, LocalTimeHasMillisecondsAndDashForNone) {
  EXPECT_EQ(localTime(0), "-");
  EXPECT_EQ(localTime(-5), "-");
  const std::string t = localTime(1700000000123);
  ASSERT_EQ(t.size(), 23u) << t;
  EXPECT_EQ(t.substr(19), ".123");
  EXPECT_EQ(t[4], '-');
  EXPECT_EQ(t[13], ':');
}

TEST(OutputTest, TableAlignsTextLeftAndNumbersRight) {
  Table t({"Name", "Count"});
  t.addRow({"a", "1,000"});
  t.addRow({"longer", "5"});
  EXPECT_EQ(t.render(),
            "Name    Count\n"
            "a       1,000\n"
            "longer      5\n");
}

TEST(OutputTest, TableCountsUtf8CodePointsAndPadsShortRows) {
  Table t({"A", "B"});
  t.addRow({"é", "x"});
  t.addRow({"ab"});
  EXPECT_EQ(t.render(),
            "A   B\n"
            "é   x\n"
            "ab\n");
}

TEST(OutputTest, JsonEscapesAndNests) {
  Json j = Json::object()
               .set("s", "a\"b\\c\n\x01")
               .set("n", std::int64_t{-3})
               .set("d", 1.5)
               .set("b", true)
               .set("z", Json())
               .set("a", Json::array().push(1).push("x"));
  EXPECT_EQ(j.dump(), R"({"s":"a\"b\\c\n\u0001","n":-3,"d":1.5,"b":true,"z":null,"a":[1,"x"]})");
}

}  // namespace
}  // namespace apogee::tool
