// Every frame of the captured RocketMQ 4.9.8 traffic (tests/data/protocol-corpus)
// through the codec: decoded from its wire bytes, re-encoded, and compared.

#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "codec_test_util.h"
#include "remoting/frame_codec.h"
#include "support/corpus.h"

namespace apogee::remoting {
namespace {

using apogee::testing::CorpusFrame;
using apogee::testing::corpusFrames;
using test::expectSameCommand;

std::string where(const CorpusFrame& f) { return f.file + ":" + std::to_string(f.line); }

ExtFields recordFields(const CorpusFrame& f) {
  ExtFields fields;
  if (f.extFields) {
    for (const auto& [key, value] : *f.extFields) fields.append(key, value);
  }
  return fields;
}

// The top-level keys our JSON encoder writes for `cmd`, in order.
std::vector<std::string> keysWeWrite(const RemotingCommand& cmd) {
  std::vector<std::string> keys = {"code"};
  if (!cmd.extFields().empty()) keys.push_back("extFields");
  keys.insert(keys.end(), {"flag", "language", "opaque"});
  if (cmd.remark()) keys.push_back("remark");
  keys.insert(keys.end(), {"serializeTypeCurrentRPC", "version"});
  return keys;
}

TEST(CorpusCodec, LoadsEveryFrame) {
  const auto& frames = corpusFrames();
  EXPECT_EQ(frames.size(), 1650u);
  std::set<std::string> files;
  for (const auto& f : frames) files.insert(f.file);
  EXPECT_EQ(files.size(), 12u);
}

TEST(CorpusCodec, EveryFrameDecodesToItsRecordedFields) {
  FrameDecoder decoder;
  for (const CorpusFrame& f : corpusFrames()) {
    SCOPED_TRACE(where(f));
    const std::string wire = f.wireBytes();
    ASSERT_EQ(wire.size(), static_cast<std::size_t>(f.frameLen) + 4);
    std::size_t consumed = 0;
    auto result = decoder.decode(wire, consumed);
    ASSERT_TRUE(result.ok()) << result.status();
    ASSERT_TRUE(result->has_value());
    ASSERT_EQ(consumed, wire.size());
    const RemotingCommand& cmd = **result;
    EXPECT_EQ(serializeTypeName(cmd.serializeType()), f.serialize);
    EXPECT_EQ(cmd.code(), f.code);
    EXPECT_EQ(cmd.flag(), f.flag);
    EXPECT_EQ(cmd.opaque(), f.opaque);
    EXPECT_EQ(languageName(cmd.language()), f.language);
    EXPECT_EQ(cmd.version(), f.version);
    EXPECT_EQ(cmd.remark(), f.remark);
    EXPECT_EQ(cmd.extFields(), recordFields(f)) << cmd.describe();
    EXPECT_EQ(cmd.isResponse(), f.isResponse);
    EXPECT_EQ(cmd.isOneway(), f.oneway);
    EXPECT_EQ(cmd.body().flatten(), f.body);
  }
}

TEST(CorpusCodec, EveryRocketMQFrameReencodesToTheCapturedBytes) {
  FrameDecoder decoder;
  int checked = 0;
  for (const CorpusFrame& f : corpusFrames()) {
    if (f.serialize != "ROCKETMQ") continue;
    SCOPED_TRACE(where(f));
    auto cmd = decodeRocketMQHeader(f.header);
    ASSERT_TRUE(cmd.ok()) << cmd.status();
    std::string header;
    ASSERT_TRUE(encodeRocketMQHeader(*cmd, header).ok());
    EXPECT_EQ(apogee::testing::toHex(header), apogee::testing::toHex(f.header));
    cmd->setBody(f.body);
    auto frame = encodeFrame(*cmd);
    ASSERT_TRUE(frame.ok());
    EXPECT_EQ(*frame, f.wireBytes());
    ++checked;
  }
  EXPECT_EQ(checked, 793);
}

// Java writes "extFields":{} for a present but empty map; we leave an empty map
// out, so those headers match in content only. Every other JSON header must
// match byte for byte.
TEST(CorpusCodec, EveryJsonFrameReencodesToTheSameContent) {
  int exact = 0;
  int content_only = 0;
  for (const CorpusFrame& f : corpusFrames()) {
    if (f.serialize != "JSON") continue;
    SCOPED_TRACE(where(f));
    auto cmd = decodeJsonHeader(f.header);
    ASSERT_TRUE(cmd.ok()) << cmd.status();
    std::string header;
    ASSERT_TRUE(encodeJsonHeader(*cmd, header).ok());
    auto again = decodeJsonHeader(header);
    ASSERT_TRUE(again.ok()) << again.status();
    expectSameCommand(*again, *cmd);
    if (f.headerKeys == keysWeWrite(*cmd)) {
      EXPECT_EQ(header, f.header);
      if (header == f.header) ++exact;
    } else {
      EXPECT_TRUE(cmd->extFields().empty()) << "keys differ for another reason";
      ++content_only;
    }
  }
  EXPECT_EQ(exact, 810);
  EXPECT_EQ(content_only, 47);
  ::testing::Test::RecordProperty("json_exact", exact);
  ::testing::Test::RecordProperty("json_content_only", content_only);
}

TEST(CorpusCodec, EveryFrameSurvivesTheOtherFormat) {
  for (const CorpusFrame& f : corpusFrames()) {
    SCOPED_TRACE(where(f));
    auto cmd = f.serialize == "JSON" ? decodeJsonHeader(f.header) : decodeRocketMQHeader(f.header);
    ASSERT_TRUE(cmd.ok());
    cmd->setBody(f.body);
    const SerializeType other = f.serialize == "JSON" ? SerializeType::kRocketMQ : SerializeType::kJson;
    cmd->setSerializeType(other);
    auto frame = encodeFrame(*cmd);
    ASSERT_TRUE(frame.ok()) << frame.status();
    std::size_t consumed = 0;
    auto back = FrameDecoder().decode(*frame, consumed);
    ASSERT_TRUE(back.ok() && back->has_value());
    EXPECT_EQ((*back)->serializeType(), other);
    expectSameCommand(**back, *cmd);
  }
}

// Each connection's frames back to back, fed in uneven slices as a socket
// would deliver them, come out whole and in order.
TEST(CorpusCodec, WholeConnectionsDecodeFromArbitrarySlices) {
  std::map<std::string, std::vector<const CorpusFrame*>> streams;
  for (const CorpusFrame& f : corpusFrames()) streams[f.file + "/" + f.stream].push_back(&f);
  const std::size_t kSlices[] = {1, 3, 8, 13, 100, 1500, 65536};
  FrameDecoder decoder;
  std::size_t slice_index = 0;
  for (auto& [name, frames] : streams) {
    SCOPED_TRACE(name);
    std::stable_sort(frames.begin(), frames.end(), [](auto* a, auto* b) { return a->seq < b->seq; });
    std::string stream;
    for (const CorpusFrame* f : frames) stream += f->wireBytes();
    std::string buffer;
    std::size_t next = 0;
    std::size_t pos = 0;
    while (pos < stream.size()) {
      const std::size_t slice = kSlices[slice_index++ % std::size(kSlices)];
      buffer.append(stream, pos, slice);
      pos += slice;
      std::size_t consumed = 0;
      for (;;) {
        auto result = decoder.decode(buffer, consumed);
        ASSERT_TRUE(result.ok()) << result.status();
        if (!result->has_value()) break;
        ASSERT_LT(next, frames.size());
        EXPECT_EQ((*result)->opaque(), frames[next]->opaque);
        EXPECT_EQ((*result)->body().flatten(), frames[next]->body);
        ++next;
        buffer.erase(0, consumed);
      }
    }
    EXPECT_EQ(next, frames.size());
    EXPECT_TRUE(buffer.empty());
  }
}

}  // namespace
}  // namespace apogee::remoting
