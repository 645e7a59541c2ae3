#include <string>

#include <gtest/gtest.h>

#include "codec_test_util.h"
#include "remoting/frame_codec.h"

namespace apogee::remoting {
namespace {

using test::expectFrameError;
using test::expectSameCommand;
using test::hex;

// The worked example of the protocol reference (section 1.5): the
// GET_ROUTEINFO_BY_TOPIC request, code 105, JAVA, version 409, opaque 7.
std::string routeRequestHeader() {
  return hex("0069 00 0199 00000007 00000000") + hex("00000000") + hex("00000014") + hex("0005") + "topic" +
         hex("00000009") + "TopicTest";
}

RemotingCommand routeRequest() {
  RemotingCommand cmd;
  cmd.setCode(105);
  cmd.setLanguage(LanguageCode::JAVA);
  cmd.setVersion(409);
  cmd.setOpaque(7);
  cmd.addExtField("topic", "TopicTest");
  return cmd;
}

std::string encodeBinary(const RemotingCommand& cmd) {
  std::string out;
  Status status = encodeRocketMQHeader(cmd, out);
  EXPECT_TRUE(status.ok()) << status;
  return out;
}

RemotingCommand decodeOk(std::string_view header) {
  auto result = decodeRocketMQHeader(header);
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? std::move(result).value() : RemotingCommand();
}

TEST(RocketMQHeaderCodec, EncodesReferenceExampleByteForByte) {
  const std::string expected = routeRequestHeader();
  EXPECT_EQ(expected.size(), 0x29u);
  EXPECT_EQ(encodeBinary(routeRequest()), expected);
}

TEST(RocketMQHeaderCodec, DecodesReferenceExample) {
  RemotingCommand cmd = decodeOk(routeRequestHeader());
  EXPECT_EQ(cmd.serializeType(), SerializeType::kRocketMQ);
  expectSameCommand(cmd, routeRequest());
}

TEST(RocketMQHeaderCodec, EncodesResponseWithRemarkByteForByte) {
  RemotingCommand cmd;
  cmd.setCode(17);  // TOPIC_NOT_EXIST
  cmd.setLanguage(LanguageCode::CPP);
  cmd.setVersion(409);
  cmd.setOpaque(0x01020304);
  cmd.markResponse();
  cmd.setRemark("no");
  cmd.addExtField("a", "1");
  cmd.addExtField("bb", "22");
  const std::string expected = hex("0011 01 0199 01020304 00000001") + hex("00000002") + "no" + hex("00000012") +
                               hex("0001") + "a" + hex("00000001") + "1" + hex("0002") + "bb" + hex("00000002") +
                               "22";
  EXPECT_EQ(encodeBinary(cmd), expected);
  expectSameCommand(decodeOk(expected), cmd);
}

TEST(RocketMQHeaderCodec, NegativeCodeAndOpaqueUseTwosComplement) {
  RemotingCommand cmd;
  cmd.setCode(-1);
  cmd.setVersion(-32768);
  cmd.setOpaque(-2);
  cmd.setFlag(-1);
  cmd.setLanguage(LanguageCode::NODE_JS);
  const std::string expected = hex("ffff 0d 8000 fffffffe ffffffff 00000000 00000000");
  EXPECT_EQ(encodeBinary(cmd), expected);
  expectSameCommand(decodeOk(expected), cmd);
}

TEST(RocketMQHeaderCodec, RemarkAbsentPresentEmpty) {
  RemotingCommand cmd = routeRequest();
  expectSameCommand(decodeOk(encodeBinary(cmd)), cmd);
  cmd.setRemark("CODE: 1  DESC: broker busy");
  expectSameCommand(decodeOk(encodeBinary(cmd)), cmd);
  cmd.setRemark("");  // written as length 0, read back as absent, as Java
  std::string bytes = encodeBinary(cmd);
  EXPECT_EQ(bytes.substr(13, 4), hex("00000000"));
  EXPECT_FALSE(decodeOk(bytes).remark().has_value());
}

TEST(RocketMQHeaderCodec, EmptyExtFieldsWriteMapLengthZero) {
  RemotingCommand cmd;
  cmd.setOpaque(9);
  std::string bytes = encodeBinary(cmd);
  EXPECT_EQ(bytes, hex("0000 01 0199 00000009 00000000 00000000 00000000"));
  expectSameCommand(decodeOk(bytes), cmd);
}

TEST(RocketMQHeaderCodec, RoundTripsUtf8AndLargeValuesInOrder) {
  RemotingCommand cmd = routeRequest();
  cmd.setRemark("\xe4\xb8\xad\xe6\x96\x87");
  cmd.addExtField("\xe9\x94\xae", "\xe5\x80\xbc");
  cmd.addExtField("zzz", std::string(1 << 20, 'v'));
  cmd.addExtField("aaa", std::string("\0\x01\xff", 3));
  cmd.addExtField(std::string(32767, 'k'), "longest key");
  expectSameCommand(decodeOk(encodeBinary(cmd)), cmd);
}

TEST(RocketMQHeaderCodec, EmptyValuesAndEmptyKeysAreDroppedOnDecode) {
  const std::string header = hex("0001 00 0199 00000001 00000000 00000000") + hex("00000016") + hex("0001") + "a" +
                             hex("00000000") + hex("0000") + hex("00000001") + "x" + hex("0001") + "b" +
                             hex("00000001") + "2";
  ASSERT_EQ(header.size(), 21u + 0x16);
  EXPECT_EQ(decodeOk(header).extFields(), (ExtFields{{"b", "2"}}));
}

TEST(RocketMQHeaderCodec, RepeatedKeyKeepsFirstPositionLastValue) {
  const std::string header = hex("0001 00 0199 00000001 00000000 00000000") + hex("00000018") + hex("0001") + "a" +
                             hex("00000001") + "1" + hex("0001") + "b" + hex("00000001") + "2" + hex("0001") + "a" +
                             hex("00000001") + "3";
  EXPECT_EQ(decodeOk(header).extFields(), (ExtFields{{"a", "3"}, {"b", "2"}}));
}

TEST(RocketMQHeaderCodec, UnknownLanguageByteBecomesOther) {
  EXPECT_EQ(decodeOk(hex("0001 0e 0199 00000001 00000000 00000000 00000000")).language(), LanguageCode::OTHER);
  EXPECT_EQ(decodeOk(hex("0001 ff 0199 00000001 00000000 00000000 00000000")).language(), LanguageCode::OTHER);
  EXPECT_EQ(decodeOk(hex("0001 09 0199 00000001 00000000 00000000 00000000")).language(), LanguageCode::GO);
}

TEST(RocketMQHeaderCodec, IgnoresBytesAfterTheMap) {
  RemotingCommand cmd = decodeOk(routeRequestHeader() + "trailing");
  expectSameCommand(cmd, routeRequest());
}

TEST(RocketMQHeaderCodec, CodeOrVersionOutsideInt16IsUnencodable) {
  for (int code : {32768, -32769, 200050}) {
    RemotingCommand cmd;
    cmd.setCode(code);
    std::string out = "keep";
    Status status = encodeRocketMQHeader(cmd, out);
    expectFrameError(status, FrameError::kUnencodable);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(out, "keep");
  }
  RemotingCommand cmd;
  cmd.setVersion(40000);
  std::string out;
  expectFrameError(encodeRocketMQHeader(cmd, out), FrameError::kUnencodable);
  cmd.setVersion(409);
  cmd.addExtField(std::string(32768, 'k'), "v");
  expectFrameError(encodeRocketMQHeader(cmd, out), FrameError::kUnencodable);
  EXPECT_TRUE(out.empty());
}

TEST(RocketMQHeaderCodec, EveryTruncationIsRejected) {
  RemotingCommand cmd = routeRequest();
  cmd.setRemark("remark");
  cmd.addExtField("second", "value");
  const std::string full = encodeBinary(cmd);
  for (std::size_t cut = 0; cut < full.size(); ++cut) {
    auto result = decodeRocketMQHeader(std::string_view(full).substr(0, cut));
    ASSERT_FALSE(result.ok()) << "accepted a header cut at " << cut;
    expectFrameError(result.status(), FrameError::kTruncatedHeader);
  }
  expectSameCommand(decodeOk(full), cmd);
}

TEST(RocketMQHeaderCodec, MalformedLengthsAreRejected) {
  const std::string fixed = hex("0069 00 0199 00000007 00000000");
  struct Case {
    const char* what;
    std::string header;
  };
  const Case cases[] = {
      {"negative remark length", fixed + hex("ffffffff 00000000")},
      {"remark past the end", fixed + hex("00000005") + "abcd"},
      {"remark swallowing the map length", fixed + hex("00000004") + "abcd"},
      {"negative map length", fixed + hex("00000000 80000000")},
      {"map length past the end", fixed + hex("00000000 00000015") + hex("0005") + "topic" + hex("00000009") +
                                      "TopicTest"},
      {"map length far past the end", fixed + hex("00000000 7fffffff")},
      {"map too short for a key length", fixed + hex("00000000 00000001 00")},
      {"negative key length", fixed + hex("00000000 00000006 8000 00000000")},
      {"key past the map", fixed + hex("00000000 00000006 0005 6b657900") + hex("00000000")},
      {"map too short for a value length", fixed + hex("00000000 00000005 0001") + "k" + hex("0000") + "zz"},
      {"negative value length", fixed + hex("00000000 00000007 0001") + "k" + hex("ffffffff")},
      {"value past the map", fixed + hex("00000000 00000008 0001") + "k" + hex("00000002") + "v" + "x"},
  };
  for (const Case& c : cases) {
    auto result = decodeRocketMQHeader(c.header);
    ASSERT_FALSE(result.ok()) << "accepted: " << c.what;
    EXPECT_EQ(result.status().code(), StatusCode::kCorruption) << c.what;
    expectFrameError(result.status(), FrameError::kTruncatedHeader);
  }
}

}  // namespace
}  // namespace apogee::remoting
