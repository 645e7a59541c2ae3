// Every kind of input the frame decoder rejects closes that one connection,
// with one log line naming the peer, while a healthy client connected at the
// same time keeps being served on its own connection.
#include <cstdint>

#include <gtest/gtest.h>

#include "remoting/transport/transport_test_util.h"
#include "support/log_capture.h"
#include "support/raw_connection.h"
#include "support/wait.h"

namespace apogee::remoting::transport_test {
namespace {

using apogee::testing::LogCapture;
using apogee::testing::RawConnection;

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

// A frame whose length word and header-info word are given outright.
std::string frame(std::uint32_t length_word, std::uint8_t type, std::uint32_t header_length,
                  std::string_view rest) {
  return be32(length_word) + be32((std::uint32_t{type} << 24) | header_length) + std::string(rest);
}

// A frame whose words agree with its header and body.
std::string wellFormed(std::uint8_t type, std::string_view header, std::string_view body = {}) {
  return frame(static_cast<std::uint32_t>(4 + header.size() + body.size()), type,
               static_cast<std::uint32_t>(header.size()), std::string(header) + std::string(body));
}

struct BadInput {
  const char* name;
  std::string bytes;
  FrameError expected;
};

void PrintTo(const BadInput& input, std::ostream* os) { *os << input.name; }

std::vector<BadInput> badInputs() {
  return {
      // Length word alone says 16 MiB + 1 (the limit counts the word itself).
      {"FrameTooLarge", be32(16 * 1024 * 1024 - 3), FrameError::kFrameTooLarge},
      {"NegativeLength", be32(0x80000000u) + be32(0), FrameError::kBadFrameLength},
      {"LengthBelowFour", be32(2) + "xx", FrameError::kBadFrameLength},
      {"HeaderLongerThanFrame", frame(8, 0, 100, "{}{}"), FrameError::kBadHeaderLength},
      {"UnknownSerializeType", wellFormed(2, "{\"code\":1}"), FrameError::kUnknownSerializeType},
      {"InvalidJson", wellFormed(0, "{\"code\":12,\"flag\":"), FrameError::kInvalidJson},
      {"JsonWithWrongFieldType", wellFormed(0, "{\"code\":\"twelve\",\"flag\":0,\"opaque\":1}"),
       FrameError::kInvalidJson},
      // code, language, version, then nothing: opaque and the rest are missing.
      {"TruncatedBinaryHeader", wellFormed(1, std::string("\x00\x0c\x01\x01\x99", 5)),
       FrameError::kTruncatedHeader},
  };
}

class MalformedInputTest : public ::testing::TestWithParam<BadInput> {
 protected:
  void SetUp() override {
    server_.registerProcessor(kEchoCode, echoProcessor());
    server_.setConnectionEventHook(events_.hook());
    ASSERT_TRUE(server_.start().ok());
    ASSERT_TRUE(client_.start().ok());
  }

  void expectHealthyClientServed(const ChannelPtr& expected_channel, const std::string& body) {
    auto response = client_.invokeSync(addressOf(server_), echoRequest(body), 3000ms);
    ASSERT_TRUE(response.ok()) << response.error();
    EXPECT_EQ(response->body().flatten(), body);
    auto channel = client_.getChannel(addressOf(server_), 1000ms);
    ASSERT_TRUE(channel.ok());
    EXPECT_EQ(*channel, expected_channel) << "the healthy client had to reconnect";
  }

  // Declared first: the server's shutdown still reports close events to it.
  EventRecorder events_;
  RemotingServer server_{testServerConfig()};
  RemotingClient client_{testClientConfig()};
};

TEST_P(MalformedInputTest, ClosesOnlyTheOffendingConnectionWithOneLogLine) {
  const BadInput& input = GetParam();
  // The decoder itself agrees these bytes are what the case says.
  std::size_t consumed = 0;
  auto decoded = FrameDecoder().decode(input.bytes, consumed);
  ASSERT_FALSE(decoded.ok()) << input.name;
  ASSERT_EQ(frameErrorOf(decoded.error()), input.expected) << decoded.error();

  LogCapture log("remoting");
  ASSERT_TRUE(client_.invokeSync(addressOf(server_), echoRequest("before"), 3000ms).ok());
  auto healthy = client_.getChannel(addressOf(server_), 1000ms);
  ASSERT_TRUE(healthy.ok());

  auto raw = RawConnection::open(server_.port());
  ASSERT_NE(raw, nullptr);
  // A good request first: the connection works until the bad bytes arrive.
  auto good = echoRequest("good");
  ASSERT_TRUE(raw->sendCommand(good));
  auto answer = raw->readFrame(5s);
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->opaque(), good.opaque());

  expectHealthyClientServed(*healthy, "during");
  ASSERT_TRUE(raw->send(input.bytes));
  EXPECT_TRUE(raw->waitClosed(5s)) << "server kept the connection after " << input.name;
  expectHealthyClientServed(*healthy, "after");

  const std::string peer = raw->localAddress();
  ASSERT_TRUE(apogee::testing::waitUntil([&] { return events_.count(ConnectionEvent::kClose) == 1; }));
  EXPECT_EQ(events_.count(ConnectionEvent::kException), 1u);
  EXPECT_EQ(log.count(peer + ":"), 1u) << "log lines naming " << peer << ": "
                                 << ::testing::PrintToString(log.messages());
  EXPECT_EQ(server_.channels().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(EveryDecoderError, MalformedInputTest, ::testing::ValuesIn(badInputs()),
                         [](const auto& case_info) { return std::string(case_info.param.name); });

TEST(MalformedInputConfigTest, MaxFrameSizeIsConfigurable) {
  auto config = testServerConfig();
  config.connection.max_frame_bytes = 64 * 1024;
  RemotingServer server(config);
  server.registerProcessor(kEchoCode, echoProcessor());
  ASSERT_TRUE(server.start().ok());
  auto raw = RawConnection::open(server.port());
  ASSERT_NE(raw, nullptr);
  auto fits = echoRequest(std::string(32 * 1024, 'a'));
  ASSERT_TRUE(raw->sendCommand(fits));
  auto answer = raw->readFrame(5s);
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->body().size(), 32u * 1024);
  // The server may close (and reset) as soon as it has read the length word,
  // before this write is through; only the close matters.
  raw->sendCommand(echoRequest(std::string(64 * 1024, 'b')));
  EXPECT_TRUE(raw->waitClosed(5s));
}

}  // namespace
}  // namespace apogee::remoting::transport_test
