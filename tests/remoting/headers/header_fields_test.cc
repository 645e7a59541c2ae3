#include "remoting/headers/header_fields.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "header_test_util.h"

namespace apogee::remoting {
namespace {

using header_testing::keysOf;

// One field of every supported type and presence.
struct SampleHeader {
  std::string name;
  std::int32_t small = 0;
  std::int64_t big = 0;
  bool flag = false;
  std::optional<std::string> optName;
  std::optional<std::int32_t> optSmall;
  std::optional<std::int64_t> optBig;
  std::optional<bool> optFlag;
  std::int32_t defaulted = 7;
  bool defaultedFlag = true;

  static constexpr std::string_view kName = "SampleHeader";
  using Self = SampleHeader;
  static constexpr auto kFields = std::make_tuple(
      field("name", &Self::name), field("small", &Self::small), field("big", &Self::big),
      field("flag", &Self::flag), optionalField("optName", &Self::optName),
      optionalField("optSmall", &Self::optSmall), optionalField("optBig", &Self::optBig),
      optionalField("optFlag", &Self::optFlag), defaultedField("defaulted", &Self::defaulted),
      defaultedField("defaultedFlag", &Self::defaultedFlag));
  bool operator==(const SampleHeader&) const = default;
};

SampleHeader fullSample() {
  SampleHeader h;
  h.name = "CorpusT";
  h.small = -42;
  h.big = 1795750767511;
  h.flag = true;
  h.optName = "";
  h.optSmall = std::numeric_limits<std::int32_t>::min();
  h.optBig = std::numeric_limits<std::int64_t>::max();
  h.optFlag = false;
  h.defaulted = 3;
  h.defaultedFlag = false;
  return h;
}

ExtFields requiredOnly() { return {{"name", "n"}, {"small", "1"}, {"big", "2"}, {"flag", "true"}}; }

TEST(HeaderFields, EncodesInDeclarationOrderWithJavaFormatting) {
  const ExtFields wire = toExtFields(fullSample());
  const ExtFields expected = {{"name", "CorpusT"},
                              {"small", "-42"},
                              {"big", "1795750767511"},
                              {"flag", "true"},
                              {"optName", ""},
                              {"optSmall", "-2147483648"},
                              {"optBig", "9223372036854775807"},
                              {"optFlag", "false"},
                              {"defaulted", "3"},
                              {"defaultedFlag", "false"}};
  EXPECT_EQ(wire, expected);
}

TEST(HeaderFields, UnsetOptionalsAreNotWrittenButDefaultedFieldsAre) {
  SampleHeader h;
  h.name = "x";
  EXPECT_EQ(keysOf(toExtFields(h)), (std::vector<std::string>{"name", "small", "big", "flag",
                                                              "defaulted", "defaultedFlag"}));
}

TEST(HeaderFields, FullContract) { header_testing::expectHeaderContract(fullSample()); }

TEST(HeaderFields, AbsentOptionalsStayNulloptAndDefaultsKeepInitializers) {
  auto decoded = decodeHeader<SampleHeader>(requiredOnly());
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->optName, std::nullopt);
  EXPECT_EQ(decoded->optSmall, std::nullopt);
  EXPECT_EQ(decoded->optBig, std::nullopt);
  EXPECT_EQ(decoded->optFlag, std::nullopt);
  EXPECT_EQ(decoded->defaulted, 7);
  EXPECT_TRUE(decoded->defaultedFlag);
}

TEST(HeaderFields, UnknownKeysAreIgnored) {
  ExtFields wire = requiredOnly();
  wire.append("AccessKey", "rocketmq2");
  wire.append("bname", "broker-a");
  wire.append("small2", "not a number");
  auto decoded = decodeHeader<SampleHeader>(wire);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->small, 1);
}

TEST(HeaderFields, FirstMissingFieldInDeclarationOrderIsReported) {
  auto decoded = decodeHeader<SampleHeader>(ExtFields{{"flag", "true"}});
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().message(), "SampleHeader: missing required field 'name'");
  EXPECT_EQ(decoded.error().detail(), static_cast<int>(HeaderError::kMissingField));
}

TEST(HeaderFields, EncodeReplacesExistingKeysInPlace) {
  ExtFields out = {{"small", "999"}, {"TRACE_ON", "true"}};
  SampleHeader h;
  h.small = 5;
  encodeHeader(h, out);
  EXPECT_EQ(keysOf(out), (std::vector<std::string>{"small", "TRACE_ON", "name", "big", "flag",
                                                   "defaulted", "defaultedFlag"}));
  EXPECT_EQ(out.get("small"), "5");
}

TEST(HeaderFields, FieldNamesInDeclarationOrder) {
  constexpr auto names = headerFieldNames<SampleHeader>();
  static_assert(names.size() == 10);
  EXPECT_EQ(names.front(), "name");
  EXPECT_EQ(names.back(), "defaultedFlag");
}

// ---- integer parsing: Java's Integer.parseInt / Long.parseLong --------------

Result<SampleHeader> decodeWith(std::string_view key, std::string value) {
  ExtFields wire = requiredOnly();
  wire.set(key, std::move(value));
  return decodeHeader<SampleHeader>(wire);
}

TEST(HeaderFields, Int32AcceptsWhatJavaAccepts) {
  const std::pair<const char*, std::int32_t> cases[] = {
      {"0", 0},
      {"-0", 0},
      {"007", 7},
      {"+5", 5},
      {"2147483647", 2147483647},
      {"-2147483648", std::numeric_limits<std::int32_t>::min()},
  };
  for (const auto& [text, want] : cases) {
    auto decoded = decodeWith("small", text);
    ASSERT_TRUE(decoded.ok()) << text << ": " << decoded.status();
    EXPECT_EQ(decoded->small, want) << text;
  }
}

TEST(HeaderFields, Int32RejectsWhatJavaRejects) {
  for (const char* text : {"", " 1", "1 ", "1.0", "0x10", "abc", "+", "-", "+-1", "--1", "++1",
                           "2147483648", "-2147483649", "1e3"}) {
    auto decoded = decodeWith("small", text);
    ASSERT_FALSE(decoded.ok()) << "'" << text << "'";
    EXPECT_EQ(decoded.error().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(headerErrorOf(decoded.error()), HeaderError::kBadValue);
    EXPECT_EQ(decoded.error().message(), "SampleHeader: bad value '" + std::string(text) +
                                             "' for field 'small' (expected int32)");
  }
}

TEST(HeaderFields, Int64Range) {
  auto max = decodeWith("big", "9223372036854775807");
  ASSERT_TRUE(max.ok());
  EXPECT_EQ(max->big, std::numeric_limits<std::int64_t>::max());
  auto min = decodeWith("big", "-9223372036854775808");
  ASSERT_TRUE(min.ok());
  EXPECT_EQ(min->big, std::numeric_limits<std::int64_t>::min());
  // An int32 field rejects a value only a long holds.
  EXPECT_FALSE(decodeWith("small", "1795750767511").ok());
  auto over = decodeWith("big", "9223372036854775808");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().message(),
            "SampleHeader: bad value '9223372036854775808' for field 'big' (expected int64)");
}

TEST(HeaderFields, BadOptionalIntegerIsAnErrorNotNullopt) {
  auto decoded = decodeWith("optBig", "x");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(headerErrorOf(decoded.error()), HeaderError::kBadValue);
  EXPECT_NE(decoded.error().message().find("'optBig'"), std::string::npos);
}

TEST(HeaderFields, LongBadValueIsCutInTheMessage) {
  auto decoded = decodeWith("small", std::string(1000, '9'));
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().message(), "SampleHeader: bad value '" + std::string(64, '9') +
                                           "...' for field 'small' (expected int32)");
}

// ---- booleans: Java's Boolean.parseBoolean ---------------------------------

TEST(HeaderFields, BooleansFollowJavaParseBoolean) {
  for (const char* text : {"true", "TRUE", "True", "tRuE"}) {
    auto decoded = decodeWith("flag", text);
    ASSERT_TRUE(decoded.ok());
    EXPECT_TRUE(decoded->flag) << text;
  }
  // Anything else is false, never an error (Java never rejects a boolean).
  for (const char* text : {"false", "FALSE", "yes", "1", "", " true", "truex"}) {
    auto decoded = decodeWith("flag", text);
    ASSERT_TRUE(decoded.ok()) << text;
    EXPECT_FALSE(decoded->flag) << "'" << text << "'";
  }
  auto opt = decodeWith("optFlag", "no");
  ASSERT_TRUE(opt.ok());
  EXPECT_EQ(opt->optFlag, std::optional<bool>(false));
}

TEST(HeaderFields, HeaderErrorOfOkIsNone) {
  EXPECT_EQ(headerErrorOf(Status::OK()), HeaderError::kNone);
  EXPECT_EQ(headerErrorOf(Status::Corruption("x")), HeaderError::kNone);
}

}  // namespace
}  // namespace apogee::remoting
