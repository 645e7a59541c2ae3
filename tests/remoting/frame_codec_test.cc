#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "codec_test_util.h"
#include "remoting/frame_codec.h"

namespace apogee::remoting {
namespace {

using test::expectFrameError;
using test::expectSameCommand;
using test::hex;

// Sections 1.2 and 1.5 of the protocol reference: the GET_ROUTEINFO_BY_TOPIC
// request as a whole ROCKETMQ frame, and as a JSON frame.
std::string binaryRouteFrame() {
  return hex("0000002d 01000029") + hex("0069 00 0199 00000007 00000000") + hex("00000000") + hex("00000014") +
         hex("0005") + "topic" + hex("00000009") + "TopicTest";
}

std::string jsonRouteFrame() {
  return hex("00000087 00000083") +
         R"({"code":105,"extFields":{"topic":"TopicTest"},"flag":0,"language":"JAVA","opaque":7,)"
         R"("serializeTypeCurrentRPC":"JSON","version":401})";
}

RemotingCommand routeRequest(SerializeType type, int version) {
  RemotingCommand cmd;
  cmd.setCode(105);
  cmd.setLanguage(LanguageCode::JAVA);
  cmd.setVersion(version);
  cmd.setOpaque(7);
  cmd.addExtField("topic", "TopicTest");
  cmd.setSerializeType(type);
  return cmd;
}

// Decodes one whole frame; fails the test otherwise.
RemotingCommand decodeWhole(const FrameDecoder& decoder, std::string_view bytes) {
  std::size_t consumed = 99;
  auto result = decoder.decode(bytes, consumed);
  EXPECT_TRUE(result.ok()) << result.status();
  if (!result.ok() || !result->has_value()) {
    ADD_FAILURE() << "no frame decoded";
    return RemotingCommand();
  }
  EXPECT_EQ(consumed, bytes.size());
  return std::move(**result);
}

Status decodeError(std::string_view bytes, std::size_t max = kDefaultMaxFrameBytes) {
  FrameDecoder decoder(max);
  std::size_t consumed = 99;
  auto result = decoder.decode(bytes, consumed);
  EXPECT_FALSE(result.ok()) << "decoded a malformed frame";
  EXPECT_EQ(consumed, 0u);
  return result.ok() ? Status::OK() : result.error();
}

TEST(FrameCodec, EncodesReferenceFramesByteForByte) {
  auto binary = encodeFrame(routeRequest(SerializeType::kRocketMQ, 409));
  ASSERT_TRUE(binary.ok());
  EXPECT_EQ(*binary, binaryRouteFrame());
  auto json = encodeFrame(routeRequest(SerializeType::kJson, 401));
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(*json, jsonRouteFrame());
}

TEST(FrameCodec, DecodesReferenceFrames) {
  FrameDecoder decoder;
  RemotingCommand binary = decodeWhole(decoder, binaryRouteFrame());
  EXPECT_EQ(binary.serializeType(), SerializeType::kRocketMQ);
  expectSameCommand(binary, routeRequest(SerializeType::kRocketMQ, 409));
  RemotingCommand json = decodeWhole(decoder, jsonRouteFrame());
  EXPECT_EQ(json.serializeType(), SerializeType::kJson);
  expectSameCommand(json, routeRequest(SerializeType::kJson, 401));
}

TEST(FrameCodec, FrameHeadCountsTheBodyButLeavesItOut) {
  RemotingCommand cmd;
  cmd.setCode(0);
  cmd.setVersion(409);
  cmd.setOpaque(1);
  cmd.setSerializeType(SerializeType::kRocketMQ);
  cmd.setBody(std::string("0123456789"));
  std::string head = "x";
  ASSERT_TRUE(encodeFrameHead(cmd, head).ok());
  // 21-byte header: length word 4 + 21 + 10 = 35.
  EXPECT_EQ(head, "x" + hex("00000023 01000015 0000 01 0199 00000001 00000000 00000000 00000000"));
}

TEST(FrameCodec, BinaryBodyRoundTripsThroughBothFormats) {
  std::string body;
  for (int i = 0; i < 512; ++i) body.push_back(static_cast<char>(i));
  for (SerializeType type : {SerializeType::kJson, SerializeType::kRocketMQ}) {
    RemotingCommand cmd = routeRequest(type, 409);
    cmd.setBody(body);
    auto frame = encodeFrame(cmd);
    ASSERT_TRUE(frame.ok());
    RemotingCommand back = decodeWhole(FrameDecoder(), *frame);
    EXPECT_EQ(back.serializeType(), type);
    expectSameCommand(back, cmd);
  }
}

TEST(FrameCodec, EncodeFrameJoinsPayloadPieces) {
  RemotingCommand cmd = routeRequest(SerializeType::kRocketMQ, 409);
  static const std::string kStore = "abcdef";
  cmd.setBody(Payload({std::string_view(kStore).substr(0, 2), std::string_view(kStore).substr(4)}, nullptr));
  auto frame = encodeFrame(cmd);
  ASSERT_TRUE(frame.ok());
  EXPECT_EQ(decodeWhole(FrameDecoder(), *frame).body().flatten(), "abef");
}

TEST(FrameCodec, UnencodableHeaderLeavesOutputUntouched) {
  RemotingCommand cmd = routeRequest(SerializeType::kRocketMQ, 409);
  cmd.setCode(200050);  // a 5.x POP code: JSON only
  std::string out = "abc";
  Status status = encodeFrameHead(cmd, out);
  expectFrameError(status, FrameError::kUnencodable);
  EXPECT_EQ(out, "abc");
  EXPECT_FALSE(encodeFrame(cmd).ok());
  cmd.setSerializeType(SerializeType::kJson);
  EXPECT_TRUE(encodeFrame(cmd).ok());
}

TEST(FrameCodec, HeaderAboveTwentyFourBitsIsUnencodable) {
  RemotingCommand cmd = routeRequest(SerializeType::kRocketMQ, 409);
  cmd.setRemark(std::string(kMaxHeaderBytes, 'r'));
  std::string out;
  expectFrameError(encodeFrameHead(cmd, out), FrameError::kUnencodable);
  EXPECT_TRUE(out.empty());
}

TEST(FrameCodec, FrameSizeNeedsFourBytes) {
  FrameDecoder decoder;
  std::string frame = binaryRouteFrame();
  for (std::size_t n = 0; n < 4; ++n) {
    auto size = decoder.frameSize(std::string_view(frame).substr(0, n));
    ASSERT_TRUE(size.ok());
    EXPECT_FALSE(size->has_value());
  }
  auto size = decoder.frameSize(std::string_view(frame).substr(0, 4));
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(size->value_or(0), 0x2du + 4);
}

TEST(FrameCodec, TooLargeIsDetectedFromTheLengthWordAlone) {
  // 16 MiB counts the length word: length 16 MiB - 4 is the largest accepted.
  FrameDecoder decoder;
  auto largest = decoder.frameSize(hex("00fffffc"));
  ASSERT_TRUE(largest.ok());
  EXPECT_EQ(largest->value_or(0), kDefaultMaxFrameBytes);
  std::string message = expectFrameError(decoder.frameSize(hex("00fffffd")).status(), FrameError::kFrameTooLarge);
  EXPECT_NE(message.find("16777217"), std::string::npos) << message;
  expectFrameError(decodeError(hex("00fffffd")), FrameError::kFrameTooLarge);
  expectFrameError(decodeError(hex("7fffffff 00000000")), FrameError::kFrameTooLarge);
  // A smaller configured limit.
  expectFrameError(decodeError(hex("0000001d"), 32), FrameError::kFrameTooLarge);
  EXPECT_TRUE(FrameDecoder(32).frameSize(hex("0000001c")).ok());
}

TEST(FrameCodec, LengthBelowFourIsRejected) {
  for (std::string_view word : {"00000000", "00000003", "ffffffff", "80000000"}) {
    expectFrameError(decodeError(hex(word)), FrameError::kBadFrameLength);
  }
}

TEST(FrameCodec, HeaderLongerThanTheFrameIsRejectedFromThePrefix) {
  expectFrameError(decodeError(hex("00000008 00000005")), FrameError::kBadHeaderLength);
  expectFrameError(decodeError(hex("00000004 01000001")), FrameError::kBadHeaderLength);
  expectFrameError(decodeError(hex("00000100 00ffffff")), FrameError::kBadHeaderLength);
}

TEST(FrameCodec, UnknownSerializeTypeIsRejectedFromThePrefix) {
  for (std::string_view info : {"02000000", "ff000000", "80000001"}) {
    std::string message = expectFrameError(decodeError(hex("00000010") + hex(info)),
                                           FrameError::kUnknownSerializeType);
    EXPECT_NE(message.find("serialize type"), std::string::npos);
  }
}

TEST(FrameCodec, MalformedHeadersInsideFrames) {
  expectFrameError(decodeError(hex("00000004 00000000")), FrameError::kInvalidJson);
  expectFrameError(decodeError(hex("00000004 01000000")), FrameError::kTruncatedHeader);
  expectFrameError(decodeError(hex("00000007 00000003") + "{x}"), FrameError::kInvalidJson);
  expectFrameError(decodeError(hex("00000009 01000005") + "abcde"), FrameError::kTruncatedHeader);
  // A valid binary header whose map length reaches into the body.
  std::string frame = binaryRouteFrame();
  frame[28] = 0x15;  // map length 0x14 -> 0x15
  frame += "B";
  frame[3] = 0x2e;
  expectFrameError(decodeError(frame), FrameError::kTruncatedHeader);
}

TEST(FrameCodec, TwoFramesBackToBack) {
  RemotingCommand second = routeRequest(SerializeType::kJson, 409);
  second.setBody(std::string("body"));
  const std::string stream = binaryRouteFrame() + *encodeFrame(second) + std::string(2, '\0');
  FrameDecoder decoder;
  std::size_t consumed = 0;
  auto first = decoder.decode(stream, consumed);
  ASSERT_TRUE(first.ok() && first->has_value());
  EXPECT_EQ(consumed, binaryRouteFrame().size());
  std::string_view rest = std::string_view(stream).substr(consumed);
  auto next = decoder.decode(rest, consumed);
  ASSERT_TRUE(next.ok() && next->has_value());
  expectSameCommand(**next, second);
  rest = rest.substr(consumed);
  EXPECT_EQ(rest.size(), 2u);
  auto need_more = decoder.decode(rest, consumed);
  ASSERT_TRUE(need_more.ok());
  EXPECT_FALSE(need_more->has_value());
  EXPECT_EQ(consumed, 0u);
}

TEST(FrameCodec, SplitAtEveryByteNeedsMoreThenCompletes) {
  for (SerializeType type : {SerializeType::kJson, SerializeType::kRocketMQ}) {
    RemotingCommand cmd = routeRequest(type, 409);
    cmd.setRemark("split");
    cmd.setBody(std::string("payload bytes"));
    const std::string frame = *encodeFrame(cmd);
    FrameDecoder decoder;
    for (std::size_t cut = 0; cut < frame.size(); ++cut) {
      std::size_t consumed = 99;
      auto partial = decoder.decode(std::string_view(frame).substr(0, cut), consumed);
      ASSERT_TRUE(partial.ok()) << "cut " << cut << ": " << partial.status();
      EXPECT_FALSE(partial->has_value()) << "cut " << cut;
      EXPECT_EQ(consumed, 0u);
    }
    expectSameCommand(decodeWhole(decoder, frame), cmd);
  }
}

TEST(FrameCodec, EmptyBodyAndMinimalFrames) {
  RemotingCommand cmd;
  cmd.setSerializeType(SerializeType::kRocketMQ);
  auto frame = encodeFrame(cmd);
  ASSERT_TRUE(frame.ok());
  EXPECT_EQ(frame->size(), 8u + 21u);
  RemotingCommand back = decodeWhole(FrameDecoder(), *frame);
  EXPECT_TRUE(back.body().empty());
  EXPECT_TRUE(back.body().contiguous());
}

TEST(FrameCodec, FrameErrorOfOtherStatusesIsNone) {
  EXPECT_EQ(frameErrorOf(Status::OK()), FrameError::kNone);
  EXPECT_EQ(frameErrorOf(Status::IOError("x")), FrameError::kNone);
  EXPECT_EQ(frameErrorOf(Status::Corruption("x").withDetail(99)), FrameError::kNone);
  EXPECT_EQ(frameErrorOf(makeFrameError(FrameError::kBadFrameLength, "x")), FrameError::kBadFrameLength);
  EXPECT_EQ(frameErrorName(FrameError::kInvalidJson), "InvalidJson");
}

}  // namespace
}  // namespace apogee::remoting
