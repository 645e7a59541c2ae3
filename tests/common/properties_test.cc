#include "common/properties.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace apogee {
namespace {

TEST(PropertiesTest, ParsesKeyValueLinesCommentsAndBlanks) {
  auto p = parseProperties(
      "# a comment\n"
      "! another comment\n"
      "\n"
      "brokerName=broker-a\n"
      "  brokerClusterName = DefaultCluster  \r\n"
      "deleteWhen: 04\n"
      "fileReservedTime 48\n"
      "namesrvAddr=127.0.0.1:9876;127.0.0.1:9877\n"
      "regionId=\n");
  ASSERT_TRUE(p.ok()) << p.status();
  ASSERT_EQ(p->size(), 6u);
  EXPECT_EQ((*p)[0].key, "brokerName");
  EXPECT_EQ((*p)[0].value, "broker-a");
  EXPECT_EQ((*p)[0].line, 4);
  EXPECT_EQ((*p)[1].key, "brokerClusterName");
  EXPECT_EQ((*p)[1].value, "DefaultCluster");
  EXPECT_EQ((*p)[2].value, "04");
  EXPECT_EQ((*p)[3].key, "fileReservedTime");
  EXPECT_EQ((*p)[3].value, "48");
  // Only the first '=' or ':' separates: the rest belongs to the value.
  EXPECT_EQ((*p)[4].value, "127.0.0.1:9876;127.0.0.1:9877");
  EXPECT_EQ((*p)[5].key, "regionId");
  EXPECT_EQ((*p)[5].value, "");
  EXPECT_EQ((*p)[5].line, 9);
}

TEST(PropertiesTest, LastLineWithoutNewlineIsRead) {
  auto p = parseProperties("a=1\nb=2");
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->size(), 2u);
  EXPECT_EQ((*p)[1].value, "2");
}

TEST(PropertiesTest, RejectsMissingKeyAndContinuationNamingTheLine) {
  auto missing = parseProperties("a=1\n=2\n", "broker.conf");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "broker.conf:2: missing key before '='");

  auto continued = parseProperties("a=1\\\n  2\n");
  ASSERT_FALSE(continued.ok());
  EXPECT_NE(continued.status().message().find("line 1:"), std::string::npos);
}

TEST(PropertiesTest, ValueParsers) {
  EXPECT_TRUE(*parseBoolValue("true"));
  EXPECT_TRUE(*parseBoolValue("TRUE"));
  EXPECT_FALSE(*parseBoolValue("false"));
  EXPECT_FALSE(parseBoolValue("yes").ok());
  EXPECT_FALSE(parseBoolValue("").ok());

  EXPECT_EQ(*parseIntegerValue("42", 0, 100), 42);
  EXPECT_EQ(*parseIntegerValue("+7", 0, 100), 7);
  EXPECT_EQ(*parseIntegerValue("-3", -5, 5), -3);
  EXPECT_EQ(parseIntegerValue("12x", 0, 100).status().message(), "'12x' is not an integer");
  EXPECT_EQ(parseIntegerValue("", 0, 100).status().message(), "'' is not an integer");
  EXPECT_EQ(parseIntegerValue("101", 0, 100).status().message(), "'101' is out of range 0..100");
  EXPECT_FALSE(parseIntegerValue("99999999999999999999", 0, 100).ok());
}

struct Settings {
  std::string name = "x";
  bool on = false;
  std::uint16_t port = 1;
  std::size_t threads = 1;
  std::chrono::milliseconds period{5};
  std::filesystem::path dir;
};

PropertyBinder binderFor(Settings& s) {
  PropertyBinder b;
  b.bind("name", s.name);
  b.bind("on", s.on);
  b.bind("port", s.port);
  b.bind("threads", s.threads, 1, 64);
  b.alias("threadNums", "threads");
  b.bind("period", s.period);
  b.bind("dir", s.dir);
  return b;
}

TEST(PropertyBinderTest, AppliesEachKindOfField) {
  Settings s;
  auto p = parseProperties("name=n\non=true\nport=65535\nthreadNums=8\nperiod=250\ndir=/tmp/d\n");
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(binderFor(s).apply(*p, "t.conf").ok());
  EXPECT_EQ(s.name, "n");
  EXPECT_TRUE(s.on);
  EXPECT_EQ(s.port, 65535);
  EXPECT_EQ(s.threads, 8u);
  EXPECT_EQ(s.period, std::chrono::milliseconds(250));
  EXPECT_EQ(s.dir, "/tmp/d");
}

TEST(PropertyBinderTest, LaterValueWins) {
  Settings s;
  ASSERT_TRUE(binderFor(s).apply({{"port", "1", 1}, {"port", "2", 2}}, "t").ok());
  EXPECT_EQ(s.port, 2);
}

TEST(PropertyBinderTest, ErrorsNameSourceLineAndKey) {
  Settings s;
  PropertyBinder b = binderFor(s);
  EXPECT_EQ(b.apply({{"prot", "1", 3}}, "t.conf").message(), "t.conf:3: unknown key 'prot'");
  EXPECT_EQ(b.apply({{"port", "65536", 7}}, "t.conf").message(),
            "t.conf:7: key 'port': '65536' is out of range 0..65535");
  EXPECT_EQ(b.apply({{"threads", "0", 2}}, "t.conf").message(),
            "t.conf:2: key 'threads': '0' is out of range 1..64");
  EXPECT_EQ(b.apply({{"on", "yes", 1}}, "t.conf").message(),
            "t.conf:1: key 'on': 'yes' is not true or false");
  EXPECT_EQ(b.apply({{"period", "-1", 4}}, "t.conf").message(),
            "t.conf:4: key 'period': '-1' is out of range 0..9223372036854775807 (milliseconds)");
  // Line 0: a value from the command line, named by its flag.
  EXPECT_EQ(b.apply({{"port", "x", 0}}, "--port").message(),
            "--port: key 'port': 'x' is not an integer");
}

TEST(PropertyBinderTest, ApplyFileNamesTheFile) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("apogee-properties-" + std::to_string(::getpid()) + ".conf");
  {
    std::ofstream out(path);
    out << "name = from-file\n# port\nport = 12x\n";
  }
  Settings s;
  Status st = binderFor(s).applyFile(path);
  EXPECT_EQ(st.message(), path.string() + ":3: key 'port': '12x' is not an integer");
  EXPECT_EQ(s.name, "from-file");  // applied up to the bad line
  std::filesystem::remove(path);

  Status missing = binderFor(s).applyFile(path);
  EXPECT_NE(missing.message().find("cannot read config file " + path.string()), std::string::npos);
}

TEST(PropertyBinderTest, KeysListsNamesAndAliases) {
  Settings s;
  PropertyBinder b = binderFor(s);
  EXPECT_TRUE(b.knows("threadNums"));
  EXPECT_FALSE(b.knows("nope"));
  EXPECT_EQ(b.keys().size(), 7u);
}

}  // namespace
}  // namespace apogee
