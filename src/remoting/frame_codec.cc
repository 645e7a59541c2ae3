// Frames: length word, header-info word, header, body.
// Layout: docs/formats/remoting.md.

#include "remoting/frame_codec.h"

#include <cstdint>
#include <limits>

#include <fmt/format.h>

#include "remoting/byte_order.h"

namespace apogee::remoting {
namespace {

constexpr std::size_t kMaxFrameLengthWord = std::numeric_limits<std::int32_t>::max();
constexpr std::uint32_t kHeaderLengthMask = 0x00FFFFFF;

}  // namespace

FrameError frameErrorOf(const Status& status) {
  const int detail = status.detail();
  if (status.ok() || detail < 0 || detail > static_cast<int>(FrameError::kUnencodable)) return FrameError::kNone;
  return static_cast<FrameError>(detail);
}

std::string_view frameErrorName(FrameError error) {
  switch (error) {
    case FrameError::kNone: return "None";
    case FrameError::kFrameTooLarge: return "FrameTooLarge";
    case FrameError::kBadFrameLength: return "BadFrameLength";
    case FrameError::kBadHeaderLength: return "BadHeaderLength";
    case FrameError::kUnknownSerializeType: return "UnknownSerializeType";
    case FrameError::kInvalidJson: return "InvalidJson";
    case FrameError::kTruncatedHeader: return "TruncatedHeader";
    case FrameError::kUnencodable: return "Unencodable";
  }
  return "Unknown";
}

Status makeFrameError(FrameError error, std::string message) {
  Status status = error == FrameError::kUnencodable ? Status::InvalidArgument(std::move(message))
                                                    : Status::Corruption(std::move(message));
  return std::move(status).withDetail(static_cast<int>(error));
}

Status encodeFrameHead(const RemotingCommand& cmd, std::string& out) {
  const std::size_t start = out.size();
  out.append(kFramePrefixBytes, '\0');
  Status status = cmd.serializeType() == SerializeType::kRocketMQ ? encodeRocketMQHeader(cmd, out)
                                                                  : encodeJsonHeader(cmd, out);
  if (!status.ok()) {
    out.resize(start);
    return status;
  }
  const std::size_t header_bytes = out.size() - start - kFramePrefixBytes;
  const std::size_t body_bytes = cmd.body().size();
  if (header_bytes > kMaxHeaderBytes) {
    out.resize(start);
    return makeFrameError(FrameError::kUnencodable,
                          fmt::format("header of {} bytes exceeds the {}-byte limit", header_bytes, kMaxHeaderBytes));
  }
  if (body_bytes > kMaxFrameLengthWord - kFrameLengthFieldBytes - header_bytes) {
    out.resize(start);
    return makeFrameError(FrameError::kUnencodable, fmt::format("frame with a {}-byte body exceeds 2 GiB", body_bytes));
  }
  char* prefix = out.data() + start;
  detail::storeBE32(prefix, static_cast<std::uint32_t>(kFrameLengthFieldBytes + header_bytes + body_bytes));
  detail::storeBE32(prefix + 4, (std::uint32_t{static_cast<std::uint8_t>(cmd.serializeType())} << 24) |
                                    static_cast<std::uint32_t>(header_bytes));
  return Status::OK();
}

Result<std::string> encodeFrame(const RemotingCommand& cmd) {
  std::string out;
  const Payload& body = cmd.body();
  out.reserve(kFramePrefixBytes + 256 + body.size());
  APOGEE_RETURN_IF_ERROR(encodeFrameHead(cmd, out));
  out.append(body.owned());
  for (std::string_view piece : body.pieces()) out.append(piece);
  return out;
}

Result<std::optional<std::size_t>> FrameDecoder::frameSize(std::string_view input) const {
  if (input.size() < kFrameLengthFieldBytes) return std::optional<std::size_t>();
  // Java reads the word as a signed int: a set top bit is a negative length.
  const auto length = static_cast<std::int32_t>(detail::loadBE32(input.data()));
  if (length < static_cast<std::int32_t>(kFrameLengthFieldBytes)) {
    return makeFrameError(FrameError::kBadFrameLength,
                          fmt::format("frame length {} is below 4, no room for the header-info word", length));
  }
  const std::size_t total = static_cast<std::size_t>(length) + kFrameLengthFieldBytes;
  if (total > max_frame_bytes_) {
    return makeFrameError(FrameError::kFrameTooLarge,
                          fmt::format("frame of {} bytes exceeds the {}-byte limit", total, max_frame_bytes_));
  }
  return std::optional<std::size_t>(total);
}

Result<std::optional<RemotingCommand>> FrameDecoder::decode(std::string_view input, std::size_t& consumed) const {
  consumed = 0;
  auto size = frameSize(input);
  if (!size.ok()) return size.error();
  if (!size->has_value()) return std::optional<RemotingCommand>();
  const std::size_t total = **size;
  if (input.size() < kFramePrefixBytes) return std::optional<RemotingCommand>();

  // The header-info word can be judged before the rest of the frame arrives.
  const std::uint32_t header_info = detail::loadBE32(input.data() + kFrameLengthFieldBytes);
  const std::size_t header_bytes = header_info & kHeaderLengthMask;
  const std::uint32_t type_byte = header_info >> 24;
  const std::size_t room = total - kFramePrefixBytes;  // header + body
  if (header_bytes > room) {
    return makeFrameError(FrameError::kBadHeaderLength,
                          fmt::format("header length {} exceeds the {} bytes the frame has for it", header_bytes, room));
  }
  if (type_byte > static_cast<std::uint32_t>(SerializeType::kRocketMQ)) {
    return makeFrameError(FrameError::kUnknownSerializeType, fmt::format("unknown serialize type {}", type_byte));
  }
  if (input.size() < total) return std::optional<RemotingCommand>();

  const std::string_view header = input.substr(kFramePrefixBytes, header_bytes);
  auto cmd = type_byte == static_cast<std::uint32_t>(SerializeType::kRocketMQ) ? decodeRocketMQHeader(header)
                                                                               : decodeJsonHeader(header);
  if (!cmd.ok()) return cmd.error();
  cmd->setBody(std::string(input.substr(kFramePrefixBytes + header_bytes, room - header_bytes)));
  consumed = total;
  return std::optional<RemotingCommand>(std::move(cmd).value());
}

}  // namespace apogee::remoting
