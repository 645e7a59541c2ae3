#include "remoting/body/topic_config.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <string>

#include "remoting/body/register_broker_body.h"

namespace apogee::remoting {
namespace {

TEST(PermName, BitsAndText) {
  EXPECT_EQ(kPermRead | kPermWrite, 6);
  EXPECT_TRUE(isReadable(6));
  EXPECT_TRUE(isWriteable(6));
  EXPECT_FALSE(isInherited(6));
  EXPECT_TRUE(isInherited(7));
  EXPECT_TRUE(isPriority(kPermPriority | kPermRead));
  EXPECT_FALSE(isWriteable(kPermRead));
  EXPECT_EQ(permToString(6), "RW-");
  EXPECT_EQ(permToString(7), "RWX");
  EXPECT_EQ(permToString(4), "R--");
  EXPECT_EQ(permToString(0), "---");
}

TopicConfig sampleTopic() {
  TopicConfig tc;
  tc.topicName = "TBW102";
  tc.readQueueNums = 8;
  tc.writeQueueNums = 8;
  tc.perm = 7;
  return tc;
}

TEST(TopicConfig, JsonLikeJavaFourNineAndFiveX) {
  TopicConfig tc = sampleTopic();
  EXPECT_EQ(tc.toJson(),
            R"({"order":false,"perm":7,"readQueueNums":8,"topicFilterType":"SINGLE_TAG",)"
            R"("topicName":"TBW102","topicSysFlag":0,"writeQueueNums":8})");
  tc.attributes.emplace();
  EXPECT_TRUE(tc.toJson().starts_with(R"({"attributes":{},"order":false,)"));
  tc.attributes = std::map<std::string, std::string>{{"+message.type", "NORMAL"}};
  auto back = TopicConfig::fromJson(tc.toJson());
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, tc);
  EXPECT_FALSE(TopicConfig::fromJson(R"({"topicFilterType":"ALL_TAGS"})").ok());
}

TEST(TopicConfig, TextFormOfTheCompressedRegisterBody) {
  TopicConfig tc = sampleTopic();
  tc.order = true;  // not carried by the text form
  EXPECT_EQ(tc.encodeText(), "TBW102 8 8 7 SINGLE_TAG");
  tc.attributes = std::map<std::string, std::string>{{"a", "1"}};
  EXPECT_EQ(tc.encodeText(), R"(TBW102 8 8 7 SINGLE_TAG {"a":"1"})");

  auto decoded = TopicConfig::decodeText(R"(T 4 2 6 MULTI_TAG {"a":"1"})");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->topicName, "T");
  EXPECT_EQ(decoded->readQueueNums, 4);
  EXPECT_EQ(decoded->writeQueueNums, 2);
  EXPECT_EQ(decoded->perm, 6);
  EXPECT_EQ(decoded->topicFilterType, TopicFilterType::MULTI_TAG);
  EXPECT_EQ(decoded->attributes, (std::map<std::string, std::string>{{"a", "1"}}));
  // Java's split drops trailing empty parts; unparsable attributes are ignored.
  auto trailing = TopicConfig::decodeText("T 4 2 6 SINGLE_TAG ");
  ASSERT_TRUE(trailing.ok());
  EXPECT_FALSE(trailing->attributes.has_value());
  auto bad_attributes = TopicConfig::decodeText(R"(T 4 2 6 SINGLE_TAG {"a b":"1"})");
  ASSERT_TRUE(bad_attributes.ok());
  EXPECT_FALSE(bad_attributes->attributes.has_value());

  EXPECT_FALSE(TopicConfig::decodeText("T 4 2 6").ok());
  EXPECT_FALSE(TopicConfig::decodeText("T 4 x 6 SINGLE_TAG").ok());
  EXPECT_FALSE(TopicConfig::decodeText("T 4 2 6 NO_TAG").ok());
  EXPECT_FALSE(
      TopicConfig::decodeText("T  4 2 6 SINGLE_TAG").ok());  // an empty part is not a number
}

TEST(DataVersion, OptionalStateVersion) {
  DataVersion v{5, std::nullopt, 1700000000000};
  EXPECT_EQ(v.toJson(), R"({"counter":5,"timestamp":1700000000000})");
  v.stateVersion = 0;
  EXPECT_EQ(v.toJson(), R"({"counter":5,"stateVersion":0,"timestamp":1700000000000})");
  auto back = DataVersion::fromJson(v.toJson());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, v);
}

TEST(SmallBodies, KVTableTopicListGroupList) {
  KVTable kv;
  kv.table = {{"k", "v\n"}};
  EXPECT_EQ(kv.toJson(), R"({"table":{"k":"v\n"}})");
  EXPECT_EQ(KVTable::fromJson(kv.toJson())->table.at("k"), "v\n");
  EXPECT_EQ(KVTable{}.toJson(), R"({"table":{}})");

  TopicList tl{std::nullopt, {"b", "a"}};
  EXPECT_EQ(tl.toJson(), R"({"topicList":["b","a"]})");
  tl.brokerAddr = "10.0.0.1:10911";
  EXPECT_EQ(tl.toJson(), R"({"brokerAddr":"10.0.0.1:10911","topicList":["b","a"]})");
  EXPECT_EQ(*TopicList::fromJson(tl.toJson()), tl);

  GroupList gl{{"g"}};
  EXPECT_EQ(gl.toJson(), R"({"groupList":["g"]})");
  EXPECT_EQ(*GroupList::fromJson(gl.toJson()), gl);
  EXPECT_FALSE(GroupList::fromJson(R"({"groupList":"g"})").ok());
  EXPECT_FALSE(KVTable::fromJson(R"({"table":{"k":[]}})").ok());
}

RegisterBrokerBody sampleRegisterBody() {
  RegisterBrokerBody body;
  body.filterServerList = {"10.0.0.1:30000"};
  auto& wrapper = body.topicConfigSerializeWrapper;
  wrapper.dataVersion = {3, std::nullopt, 1700000000000};
  for (const char* name : {"TopicA", "TopicB", "TBW102"}) {
    TopicConfig tc;
    tc.topicName = name;
    wrapper.topicConfigTable[name] = tc;
  }
  return body;
}

void appendInt(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
}
void appendPart(std::string& out, const std::string& part) {
  appendInt(out, static_cast<std::uint32_t>(part.size()));
  out += part;
}
std::string zlibCompress(const std::string& raw) {
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  std::string out(size, '\0');
  compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(raw.data()),
            static_cast<uLong>(raw.size()), Z_BEST_COMPRESSION);
  out.resize(size);
  return out;
}

TEST(RegisterBrokerBody, CompressedFormRoundTrips) {
  const RegisterBrokerBody body = sampleRegisterBody();
  for (int version : {409, kRegisterBodyMappingVersion}) {
    const std::string compressed = body.toCompressed(version);
    ASSERT_GE(compressed.size(), 2u);
    EXPECT_EQ(static_cast<unsigned char>(compressed[0]), 0x78);  // zlib, best compression
    EXPECT_EQ(static_cast<unsigned char>(compressed[1]), 0xDA);
    auto back = RegisterBrokerBody::decode(compressed, true, version);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(*back, body);
  }
  auto json = RegisterBrokerBody::decode(body.toJson(), false, 409);
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(*json, body);
}

TEST(RegisterBrokerBody, ReadsAStreamLaidOutAsJavaWritesIt) {
  std::string raw;
  appendPart(raw, R"({"counter":7,"stateVersion":2,"timestamp":1700000000001})");
  appendInt(raw, 2);
  appendPart(raw, "TopicA 4 4 6 SINGLE_TAG {}");
  appendPart(raw, R"(TopicB 8 2 7 MULTI_TAG {"k":"v"})");
  appendPart(raw, R"(["10.0.0.1:30000"])");
  appendInt(raw, 1);  // 5.x: one topic-queue mapping entry
  appendPart(raw, R"({"topic":"TopicA","scope":"s"})");
  auto body = RegisterBrokerBody::fromCompressed(zlibCompress(raw), kRegisterBodyMappingVersion);
  ASSERT_TRUE(body.ok()) << body.status();
  const auto& wrapper = body->topicConfigSerializeWrapper;
  EXPECT_EQ(wrapper.dataVersion, (DataVersion{7, 2, 1700000000001}));
  ASSERT_EQ(wrapper.topicConfigTable.size(), 2u);
  EXPECT_EQ(wrapper.topicConfigTable.at("TopicB").writeQueueNums, 2);
  EXPECT_EQ(wrapper.topicConfigTable.at("TopicB").attributes->at("k"), "v");
  EXPECT_EQ(body->filterServerList, std::vector<std::string>{"10.0.0.1:30000"});

  // A 4.9 reader stops before the mapping section, as Java's does.
  EXPECT_TRUE(RegisterBrokerBody::fromCompressed(zlibCompress(raw), 409).ok());
  // Cut anywhere inside the parts: an error, never a crash.
  for (std::size_t cut : {0ul, 3ul, 10ul, 70ul, raw.size() - 1}) {
    auto r = RegisterBrokerBody::fromCompressed(zlibCompress(raw.substr(0, cut)),
                                                kRegisterBodyMappingVersion);
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << cut;
  }
}

TEST(RegisterBrokerBody, BadStreamsAreCorruption) {
  EXPECT_FALSE(RegisterBrokerBody::fromCompressed("not zlib", 409).ok());
  const std::string good = sampleRegisterBody().toCompressed(409);
  EXPECT_FALSE(RegisterBrokerBody::fromCompressed(good.substr(0, good.size() / 2), 409).ok());
  std::string raw;
  appendInt(raw, 0xFFFFFFF0u);  // a negative length
  EXPECT_FALSE(RegisterBrokerBody::fromCompressed(zlibCompress(raw), 409).ok());
  EXPECT_FALSE(RegisterBrokerBody::decode("{", false, 409).ok());
}

}  // namespace
}  // namespace apogee::remoting
