#include <climits>
#include <string>

#include <gtest/gtest.h>

#include "codec_test_util.h"
#include "remoting/frame_codec.h"

namespace apogee::remoting {
namespace {

using test::expectFrameError;
using test::expectSameCommand;

// The verified fastjson examples of the protocol reference (section 1.3).
constexpr std::string_view kRouteRequestJson =
    R"({"code":105,"extFields":{"topic":"TopicTest"},"flag":0,"language":"JAVA","opaque":7,)"
    R"("serializeTypeCurrentRPC":"JSON","version":401})";
constexpr std::string_view kOkResponseJson =
    R"({"code":0,"flag":1,"language":"JAVA","opaque":7,"remark":"ok","serializeTypeCurrentRPC":"JSON","version":0})";

RemotingCommand routeRequest() {
  RemotingCommand cmd;
  cmd.setCode(105);
  cmd.setLanguage(LanguageCode::JAVA);
  cmd.setVersion(401);
  cmd.setOpaque(7);
  cmd.addExtField("topic", "TopicTest");
  return cmd;
}

std::string encodeJson(const RemotingCommand& cmd) {
  std::string out;
  EXPECT_TRUE(encodeJsonHeader(cmd, out).ok());
  return out;
}

RemotingCommand decodeOk(std::string_view json) {
  auto result = decodeJsonHeader(json);
  EXPECT_TRUE(result.ok()) << result.status() << " for " << json;
  return result.ok() ? std::move(result).value() : RemotingCommand();
}

TEST(JsonHeaderCodec, EncodesReferenceRequestByteForByte) {
  EXPECT_EQ(encodeJson(routeRequest()), kRouteRequestJson);
  EXPECT_EQ(kRouteRequestJson.size(), 131u);  // the reference's frame says 0x83
}

TEST(JsonHeaderCodec, EncodesReferenceResponseByteForByte) {
  RemotingCommand cmd;
  cmd.setCode(0);
  cmd.setLanguage(LanguageCode::JAVA);
  cmd.setVersion(0);
  cmd.setOpaque(7);
  cmd.markResponse();
  cmd.setRemark("ok");
  EXPECT_EQ(encodeJson(cmd), kOkResponseJson);
}

TEST(JsonHeaderCodec, AppendsAfterExistingBytes) {
  std::string out = "prefix";
  ASSERT_TRUE(encodeJsonHeader(routeRequest(), out).ok());
  EXPECT_EQ(out, "prefix" + std::string(kRouteRequestJson));
}

TEST(JsonHeaderCodec, DecodesReferenceExamples) {
  RemotingCommand request = decodeOk(kRouteRequestJson);
  EXPECT_EQ(request.serializeType(), SerializeType::kJson);
  expectSameCommand(request, routeRequest());

  RemotingCommand response = decodeOk(kOkResponseJson);
  EXPECT_EQ(response.code(), 0);
  EXPECT_TRUE(response.isResponse());
  EXPECT_EQ(response.remark(), "ok");
  EXPECT_EQ(response.version(), 0);
  EXPECT_TRUE(response.extFields().empty());
}

TEST(JsonHeaderCodec, WritesEveryLanguageByName) {
  RemotingCommand cmd;
  cmd.setLanguage(LanguageCode::NODE_JS);
  EXPECT_NE(encodeJson(cmd).find(R"("language":"NODE_JS")"), std::string::npos);
  cmd.setLanguage(LanguageCode::CPP);
  EXPECT_NE(encodeJson(cmd).find(R"("language":"CPP")"), std::string::npos);
}

TEST(JsonHeaderCodec, EscapesStringsAsFastjson) {
  RemotingCommand cmd;
  cmd.setOpaque(1);
  cmd.setVersion(409);
  cmd.setLanguage(LanguageCode::JAVA);
  // quote, backslash, short escapes, other C0 controls, DEL, a C1 control
  // (U+0085), U+2028, then bytes fastjson leaves alone: '/', U+2029, e-acute.
  cmd.addExtField("k\"1", std::string("a\"b\\c\b\t\n\f\r") + std::string("\x00\x01\x0b\x1f\x7f", 5) +
                              "\xc2\x85|\xe2\x80\xa8|/\xe2\x80\xa9\xc3\xa9");
  const std::string expected =
      R"({"code":0,"extFields":{"k\"1":"a\"b\\c\b\t\n\f\r\u0000\u0001\u000B\u001F\u007F\u0085|\u2028|/)"
      "\xe2\x80\xa9\xc3\xa9"
      R"("},"flag":0,"language":"JAVA","opaque":1,"serializeTypeCurrentRPC":"JSON","version":409})";
  EXPECT_EQ(encodeJson(cmd), expected);
  RemotingCommand back = decodeOk(expected);
  expectSameCommand(back, cmd);
}

TEST(JsonHeaderCodec, RoundTripsRemarkAbsentPresentAndEmpty) {
  RemotingCommand cmd = routeRequest();
  for (std::optional<std::string> remark : {std::optional<std::string>(), std::optional<std::string>(""),
                                           std::optional<std::string>("topic not exist, apply first")}) {
    cmd.setRemark(remark);
    std::string json = encodeJson(cmd);
    EXPECT_EQ(json.find("\"remark\"") != std::string::npos, remark.has_value()) << json;
    expectSameCommand(decodeOk(json), cmd);
  }
}

TEST(JsonHeaderCodec, LeavesOutEmptyExtFields) {
  RemotingCommand cmd;
  cmd.setOpaque(3);
  std::string json = encodeJson(cmd);
  EXPECT_EQ(json.find("extFields"), std::string::npos);
  RemotingCommand back = decodeOk(json);
  EXPECT_TRUE(back.extFields().empty());
  expectSameCommand(back, cmd);
}

TEST(JsonHeaderCodec, RoundTripsUtf8LargeValuesAndExtremeNumbers) {
  RemotingCommand cmd;
  cmd.setCode(INT_MIN);
  cmd.setFlag(INT_MAX);
  cmd.setOpaque(-1);
  cmd.setVersion(INT_MAX);
  cmd.setLanguage(LanguageCode::GO);
  cmd.setRemark("\xe4\xb8\xad\xe6\x96\x87 remark \xf0\x9f\x9a\x80");
  cmd.addExtField("\xe9\x94\xae", "\xe5\x80\xbc");
  cmd.addExtField("big", std::string(1 << 20, 'x'));
  cmd.addExtField("props", "UNIQ_KEY\x01" "C0A8\x02" "KEYS\x01" "k1");
  for (int i = 0; i < 40; ++i) cmd.addExtField("key" + std::to_string(i), std::to_string(i * 7919));
  expectSameCommand(decodeOk(encodeJson(cmd)), cmd);
}

TEST(JsonHeaderCodec, KeepsExtFieldsInWireOrder) {
  RemotingCommand cmd = decodeOk(R"({"code":1,"extFields":{"z":"1","a":"2","m":"3"}})");
  ASSERT_EQ(cmd.extFields().size(), 3u);
  auto it = cmd.extFields().begin();
  EXPECT_EQ(it++->first, "z");
  EXPECT_EQ(it++->first, "a");
  EXPECT_EQ(it->first, "m");
}

TEST(JsonHeaderCodec, MissingFieldsTakeJavaDefaults) {
  RemotingCommand cmd = decodeOk("{}");
  EXPECT_EQ(cmd.code(), 0);
  EXPECT_EQ(cmd.flag(), 0);
  EXPECT_EQ(cmd.opaque(), 0);
  EXPECT_EQ(cmd.version(), 0);
  EXPECT_EQ(cmd.language(), LanguageCode::JAVA);
  EXPECT_FALSE(cmd.remark().has_value());
  EXPECT_TRUE(cmd.extFields().empty());
}

TEST(JsonHeaderCodec, IgnoresUnknownKeysWhateverTheirShape) {
  RemotingCommand cmd = decodeOk(
      R"( { "future" : {"a":[1,{"code":9}],"extFields":{"x":"y"}}, "code" : 34, "list":[[],{}], )"
      R"("n":null, "serializeTypeCurrentRPC":"ROCKETMQ", "extFields":{"k":"v"}, "t":true, "f":1.5e3 } )");
  EXPECT_EQ(cmd.code(), 34);
  EXPECT_EQ(cmd.extFields(), (ExtFields{{"k", "v"}}));
}

TEST(JsonHeaderCodec, NullMeansAbsent) {
  RemotingCommand cmd =
      decodeOk(R"({"code":null,"flag":null,"language":null,"opaque":5,"remark":null,"extFields":null})");
  EXPECT_EQ(cmd.code(), 0);
  EXPECT_EQ(cmd.opaque(), 5);
  EXPECT_EQ(cmd.language(), LanguageCode::JAVA);
  EXPECT_FALSE(cmd.remark().has_value());
  EXPECT_TRUE(cmd.extFields().empty());
}

TEST(JsonHeaderCodec, LanguageByNameOrdinalOrUnknown) {
  EXPECT_EQ(decodeOk(R"({"language":"GO"})").language(), LanguageCode::GO);
  EXPECT_EQ(decodeOk(R"({"language":9})").language(), LanguageCode::GO);
  EXPECT_EQ(decodeOk(R"({"language":13})").language(), LanguageCode::NODE_JS);
  EXPECT_EQ(decodeOk(R"({"language":"KOTLIN"})").language(), LanguageCode::OTHER);
  EXPECT_EQ(decodeOk(R"({"language":"java"})").language(), LanguageCode::OTHER);
  EXPECT_EQ(decodeOk(R"({"language":14})").language(), LanguageCode::OTHER);
  EXPECT_EQ(decodeOk(R"({"language":-1})").language(), LanguageCode::OTHER);
}

// ali-ons (section 9 of the reference) sends header values as JSON numbers
// and booleans; they must read as their text, never as "0.0".
TEST(JsonHeaderCodec, AliOnsNumberAndBooleanExtFieldsKeepTheirText) {
  RemotingCommand cmd = decodeOk(
      R"({"code":310,"language":"JAVA","version":121,"opaque":2,"flag":0,"extFields":)"
      R"({"a":"group","b":"TopicTest","d":4,"e":0,"f":0,"g":1700000000123,"h":0,"j":0,"k":false,)"
      R"("m":true,"neg":-12,"huge":123456789012345678901234567890,"frac":1.50,"exp":2E+3,"gone":null}})");
  const ExtFields expected{{"a", "group"}, {"b", "TopicTest"}, {"d", "4"},     {"e", "0"},
                           {"f", "0"},     {"g", "1700000000123"}, {"h", "0"}, {"j", "0"},
                           {"k", "false"}, {"m", "true"},  {"neg", "-12"},
                           {"huge", "123456789012345678901234567890"}, {"frac", "1.50"}, {"exp", "2E+3"}};
  EXPECT_EQ(cmd.extFields(), expected) << cmd.describe();
  EXPECT_EQ(cmd.version(), 121);
  EXPECT_EQ(cmd.extField("e"), "0");
}

TEST(JsonHeaderCodec, RepeatedKeyKeepsFirstPositionAndLastValue) {
  RemotingCommand cmd = decodeOk(R"({"extFields":{"a":"1","b":"2","a":"3","b":null},"code":1,"code":2})");
  EXPECT_EQ(cmd.extFields(), (ExtFields{{"a", "3"}}));
  EXPECT_EQ(cmd.code(), 2);
}

TEST(JsonHeaderCodec, RemarkNumberOrBooleanBecomesText) {
  EXPECT_EQ(decodeOk(R"({"remark":12})").remark(), "12");
  EXPECT_EQ(decodeOk(R"({"remark":false})").remark(), "false");
}

TEST(JsonHeaderCodec, DecodesEscapesIncludingSurrogatePairs) {
  RemotingCommand cmd = decodeOk(R"({"remark":"\u00e9\ud83d\ude80\n\/\u0000x"})");
  EXPECT_EQ(cmd.remark(), std::string("\xc3\xa9\xf0\x9f\x9a\x80\n/\0x", 10));
}

TEST(JsonHeaderCodec, InvalidJsonIsRejected) {
  for (std::string_view bad :
       {"", "   ", "{", "{\"code\":1", "{\"code\":1,}", "{code:1}", "{\"code\":01}", "{\"a\":\"\x01\"}",
        "{\"code\":1}}", "{\"code\":1} x", "{'code':1}", "nul", "{\"remark\":\"\\x\"}"}) {
    auto result = decodeJsonHeader(bad);
    ASSERT_FALSE(result.ok()) << "accepted: " << bad;
    EXPECT_EQ(result.status().code(), StatusCode::kCorruption);
    expectFrameError(result.status(), FrameError::kInvalidJson);
  }
}

TEST(JsonHeaderCodec, RootMustBeAnObject) {
  for (std::string_view bad : {"[]", "5", "\"code\"", "null", "true"}) {
    auto result = decodeJsonHeader(bad);
    ASSERT_FALSE(result.ok()) << bad;
    EXPECT_NE(expectFrameError(result.status(), FrameError::kInvalidJson).find("not a JSON object"),
              std::string::npos);
  }
}

TEST(JsonHeaderCodec, WrongTypedFieldsNameTheField) {
  struct Case {
    std::string_view json;
    std::string_view field;
  };
  for (const Case& c : {Case{R"({"code":"105"})", "code"}, Case{R"({"flag":true})", "flag"},
                        Case{R"({"opaque":1.5})", "opaque"}, Case{R"({"version":1e3})", "version"},
                        Case{R"({"code":2147483648})", "code"}, Case{R"({"opaque":-2147483649})", "opaque"},
                        Case{R"({"code":{}})", "code"}, Case{R"({"flag":[1]})", "flag"},
                        Case{R"({"extFields":"a=b"})", "extFields"}, Case{R"({"extFields":[]})", "extFields"},
                        Case{R"({"extFields":7})", "extFields"}, Case{R"({"remark":{"a":1}})", "remark"},
                        Case{R"({"language":false})", "language"}, Case{R"({"language":["GO"]})", "language"},
                        Case{R"({"extFields":{"key1":{"a":"b"}}})", "key1"},
                        Case{R"({"extFields":{"key2":["x"]}})", "key2"}}) {
    auto result = decodeJsonHeader(c.json);
    ASSERT_FALSE(result.ok()) << "accepted: " << c.json;
    std::string message = expectFrameError(result.status(), FrameError::kInvalidJson);
    EXPECT_NE(message.find(c.field), std::string::npos) << message;
  }
}

TEST(JsonHeaderCodec, IntegerFieldsAcceptTheFullInt32Range) {
  RemotingCommand cmd = decodeOk(R"({"code":-2147483648,"opaque":2147483647,"flag":-0})");
  EXPECT_EQ(cmd.code(), INT_MIN);
  EXPECT_EQ(cmd.opaque(), INT_MAX);
  EXPECT_EQ(cmd.flag(), 0);
}

TEST(JsonHeaderCodec, DeepNestingInAnUnknownKeyDoesNotExhaustTheStack) {
  std::string deep = R"({"x":)" + std::string(100000, '[') + std::string(100000, ']') + R"(,"code":3})";
  EXPECT_EQ(decodeOk(deep).code(), 3);
  std::string unbalanced = R"({"x":)" + std::string(100000, '[');
  expectFrameError(decodeJsonHeader(unbalanced).status(), FrameError::kInvalidJson);
}

}  // namespace
}  // namespace apogee::remoting
