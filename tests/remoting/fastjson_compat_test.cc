#include "remoting/fastjson_compat.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "support/corpus.h"

namespace apogee::remoting {
namespace {

std::string normalized(std::string_view in) {
  auto r = normalizeFastjson(in);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : std::string();
}

TEST(FastjsonCompatTest, StandardJsonPassesThroughUnchanged) {
  const std::string in = R"({"a":[1,2.5,-3e2,true,false,null],"b":{"c":"x\"y\\z"}, "d" : [ ] ,"e":{}})";
  EXPECT_EQ(normalized(in), in);
}

TEST(FastjsonCompatTest, QuotesNumericMapKeys) {
  // Route data as a 4.9 name server writes it for old clients (brokerAddrs keyed by broker id).
  EXPECT_EQ(normalized(R"({"brokerAddrs":{0:"10.0.0.1:10911",1:"10.0.0.2:10911"}})"),
            R"({"brokerAddrs":{"0":"10.0.0.1:10911","1":"10.0.0.2:10911"}})");
  EXPECT_EQ(normalized(R"({-1:2})"), R"({"-1":2})");
}

TEST(FastjsonCompatTest, StringifiesObjectMapKeys) {
  const std::string in =
      R"({"consumeTps":0.0,"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"T"}:{"brokerOffset":10}}})";
  const std::string expected =
      R"({"consumeTps":0.0,"offsetTable":{"{\"brokerName\":\"broker-a\",\"queueId\":0,\"topic\":\"T\"}":{"brokerOffset":10}}})";
  EXPECT_EQ(normalized(in), expected);
  rapidjson::Document doc;
  doc.Parse(expected.c_str());
  ASSERT_FALSE(doc.HasParseError());
  ASSERT_TRUE(doc["offsetTable"].IsObject());
  EXPECT_EQ(doc["offsetTable"].MemberBegin()->name.GetString(),
            std::string(R"({"brokerName":"broker-a","queueId":0,"topic":"T"})"));
}

TEST(FastjsonCompatTest, NestedObjectKeysInsideObjectKeysAreNormalizedToo) {
  EXPECT_EQ(normalized(R"({{"m":{1:"x"}}:1})"), R"({"{\"m\":{\"1\":\"x\"}}":1})");
}

TEST(FastjsonCompatTest, RejectsMalformedInput) {
  for (std::string_view bad : {R"({"a":1)", R"({"a" 1})", R"({"a":"x)", R"({true:1})", R"([1,2)",
                               R"({"a":1} x)", "", "{", R"({"a":1,})"}) {
    auto r = normalizeFastjson(bad);
    EXPECT_FALSE(r.ok()) << "accepted: " << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.error().code(), StatusCode::kCorruption);
    }
  }
}

TEST(FastjsonCompatTest, BoundsNestingDepth) {
  std::string deep(100000, '[');
  auto r = normalizeFastjson(deep);
  EXPECT_FALSE(r.ok());
}

// Every JSON body the Java side sent in the captured traffic becomes standard
// JSON that RapidJSON parses.
TEST(FastjsonCompatTest, EveryCorpusJsonBodyParsesAfterNormalizing) {
  int json_bodies = 0;
  int non_standard = 0;
  for (const auto& frame : apogee::testing::corpusFrames()) {
    if (frame.body.empty() || (frame.body.front() != '{' && frame.body.front() != '[')) continue;
    rapidjson::Document raw;
    raw.Parse(frame.body.data(), frame.body.size());
    auto r = normalizeFastjson(frame.body);
    ASSERT_TRUE(r.ok()) << frame.file << ":" << frame.line << " " << r.status();
    rapidjson::Document doc;
    doc.Parse(r->data(), r->size());
    EXPECT_FALSE(doc.HasParseError()) << frame.file << ":" << frame.line << " " << *r;
    ++json_bodies;
    if (raw.HasParseError()) ++non_standard;
  }
  EXPECT_GT(json_bodies, 100);
  EXPECT_GT(non_standard, 0) << "the corpus should contain fastjson's non-standard keys";
}

}  // namespace
}  // namespace apogee::remoting
