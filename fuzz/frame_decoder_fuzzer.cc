// libFuzzer target for the remoting codec. The input is read three ways: as a
// byte stream cut into frames by FrameDecoder (as a connection would deliver
// it), as a JSON header, and as a ROCKETMQ header. Every command that decodes
// is written back in both formats and decoded again; any difference in the
// fields aborts. Seeds: tests/data/frame_seeds (captured RocketMQ frames).

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "remoting/frame_codec.h"

namespace {

using apogee::remoting::ExtFields;
using apogee::remoting::FrameDecoder;
using apogee::remoting::FrameError;
using apogee::remoting::RemotingCommand;
using apogee::remoting::SerializeType;

void check(bool ok, const char* what, const RemotingCommand& cmd) {
  if (ok) return;
  std::fprintf(stderr, "round trip broke: %s\n  command: %s\n", what, cmd.describe().c_str());
  std::abort();
}

bool sameHeader(const RemotingCommand& a, const RemotingCommand& b) {
  return a.code() == b.code() && a.language() == b.language() && a.version() == b.version() &&
         a.opaque() == b.opaque() && a.flag() == b.flag() && a.remark() == b.remark() &&
         a.extFields() == b.extFields();
}

// What the binary format can carry of `cmd`: an empty remark reads back as
// absent, and entries with an empty key or value are dropped.
RemotingCommand binaryView(const RemotingCommand& cmd) {
  RemotingCommand view = cmd;
  if (view.remark() && view.remark()->empty()) view.setRemark(std::nullopt);
  ExtFields kept;
  for (const auto& [key, value] : cmd.extFields()) {
    if (!key.empty() && !value.empty()) kept.append(key, value);
  }
  view.setExtFields(std::move(kept));
  return view;
}

bool binaryCannotHold(const RemotingCommand& cmd) {
  auto outside16 = [](int v) { return v < INT16_MIN || v > INT16_MAX; };
  if (outside16(cmd.code()) || outside16(cmd.version())) return true;
  for (const auto& [key, value] : cmd.extFields()) {
    if (key.size() > INT16_MAX) return true;
  }
  return false;
}

void roundTripJson(const RemotingCommand& cmd) {
  std::string header;
  check(encodeJsonHeader(cmd, header).ok(), "JSON encode failed", cmd);
  auto back = apogee::remoting::decodeJsonHeader(header);
  check(back.ok(), "own JSON header does not decode", cmd);
  check(sameHeader(*back, cmd), "JSON header changed the fields", cmd);
  std::string again;
  check(encodeJsonHeader(*back, again).ok() && again == header, "JSON encoding is not stable", cmd);
}

void roundTripBinary(const RemotingCommand& cmd) {
  std::string header;
  apogee::Status status = encodeRocketMQHeader(cmd, header);
  if (!status.ok()) {
    check(apogee::remoting::frameErrorOf(status) == FrameError::kUnencodable && binaryCannotHold(cmd),
          "ROCKETMQ encode refused a command it can hold", cmd);
    return;
  }
  check(!binaryCannotHold(cmd), "ROCKETMQ encode accepted a command it cannot hold", cmd);
  auto back = apogee::remoting::decodeRocketMQHeader(header);
  check(back.ok(), "own ROCKETMQ header does not decode", cmd);
  check(sameHeader(*back, binaryView(cmd)), "ROCKETMQ header changed the fields", cmd);
}

void roundTripFrame(RemotingCommand cmd, SerializeType type) {
  cmd.setSerializeType(type);
  auto frame = apogee::remoting::encodeFrame(cmd);
  if (!frame.ok()) {
    check(type == SerializeType::kRocketMQ && binaryCannotHold(cmd), "frame encode failed", cmd);
    return;
  }
  std::size_t consumed = 0;
  auto back = FrameDecoder().decode(*frame, consumed);
  check(back.ok() && back->has_value() && consumed == frame->size(), "own frame does not decode", cmd);
  const RemotingCommand expected = type == SerializeType::kJson ? cmd : binaryView(cmd);
  check(sameHeader(**back, expected), "frame changed the fields", cmd);
  check((*back)->body().flatten() == cmd.body().flatten(), "frame changed the body", cmd);
  check((*back)->serializeType() == type, "frame changed the serialize type", cmd);
}

void roundTrip(const RemotingCommand& cmd) {
  roundTripJson(cmd);
  roundTripBinary(cmd);
  roundTripFrame(cmd, SerializeType::kJson);
  roundTripFrame(cmd, SerializeType::kRocketMQ);
}

// Consumes frames until the decoder needs more bytes or reports an error.
void decodeStream(const FrameDecoder& decoder, std::string_view rest) {
  while (true) {
    std::size_t consumed = 0;
    auto result = decoder.decode(rest, consumed);
    if (!result.ok()) {
      check(consumed == 0 && apogee::remoting::frameErrorOf(result.status()) != FrameError::kNone,
            "decode error without a FrameError", RemotingCommand());
      return;
    }
    if (!result->has_value()) {
      check(consumed == 0, "need-more consumed bytes", RemotingCommand());
      return;
    }
    auto size = decoder.frameSize(rest);
    check(consumed > 0 && consumed <= rest.size() && size.ok() && size->value_or(0) == consumed,
          "consumed disagrees with frameSize", **result);
    roundTrip(**result);
    rest.remove_prefix(consumed);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  decodeStream(FrameDecoder(), input);
  decodeStream(FrameDecoder(4096), input);  // a small limit: kFrameTooLarge paths
  if (auto json = apogee::remoting::decodeJsonHeader(input); json.ok()) roundTrip(*json);
  if (auto binary = apogee::remoting::decodeRocketMQHeader(input); binary.ok()) roundTrip(*binary);
  return 0;
}
