#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "remoting/remoting_command.h"

namespace apogee::remoting {

// Frame layout (docs/formats/remoting.md), all integers big-endian:
//   int32 length        bytes after this word: 4 + header length + body length
//   int32 header info   high byte: SerializeType; low 24 bits: header length
//   header              JSON text or the binary ROCKETMQ header
//   body                the rest
inline constexpr std::size_t kFrameLengthFieldBytes = 4;
inline constexpr std::size_t kFramePrefixBytes = 8;  // length word + header-info word
// Largest frame accepted, counting the length word itself (Java's default).
inline constexpr std::size_t kDefaultMaxFrameBytes = 16 * 1024 * 1024;
inline constexpr std::size_t kMaxHeaderBytes = (1u << 24) - 1;

// Why a frame or header was rejected; carried as Status::detail().
enum class FrameError : int {
  kNone = 0,
  kFrameTooLarge = 1,         // length word + 4 above the configured maximum
  kBadFrameLength = 2,        // length word below 4 (no room for the header-info word)
  kBadHeaderLength = 3,       // header length larger than the frame
  kUnknownSerializeType = 4,  // high byte of the header-info word is neither 0 nor 1
  kInvalidJson = 5,           // JSON header that does not parse or has a wrong field type
  kTruncatedHeader = 6,       // binary header that ends before its fields do
  kUnencodable = 7,           // cannot be written in the asked format (code above int16)
};

// The FrameError of a Status made by this codec (kNone for OK or any other Status).
FrameError frameErrorOf(const Status& status);
std::string_view frameErrorName(FrameError error);
// Corruption (decode errors) or InvalidArgument (kUnencodable) carrying `error`
// as its detail.
Status makeFrameError(FrameError error, std::string message);

// ---- header codecs ---------------------------------------------------------
// Append the header of `cmd` (not the frame prefix, not the body) to `out`.
// On error `out` is left as it was.
//
// JSON: one object, keys in fastjson's alphabetical order: code, extFields
// (left out when empty), flag, language (enum name), opaque, remark (only
// when set), serializeTypeCurrentRPC ("JSON"), version. extFields entries in
// their ExtFields order, values as strings; strings escaped as fastjson does.
// Never fails.
Status encodeJsonHeader(const RemotingCommand& cmd, std::string& out);
// ROCKETMQ binary header, extFields in their ExtFields order. kUnencodable
// when code or version does not fit int16, or a key is longer than 32767 bytes.
Status encodeRocketMQHeader(const RemotingCommand& cmd, std::string& out);

// Parse a header; the result has no body and its serializeType set. Fields the
// header leaves out take Java's defaults: code, flag, opaque and version 0,
// language JAVA, no remark, no extFields. extFields keep wire order; a key that
// repeats keeps its first position and its last value.
//
// JSON is read as tolerantly as fastjson reads it: unknown keys are skipped;
// null means absent; language may be a name or an ordinal (anything else
// unknown becomes OTHER); extFields values may be numbers or booleans, kept
// as their JSON text ("0", "false"); null values drop the key. Invalid JSON,
// a non-object root, a non-integer code/flag/opaque/version, or an object or
// array where a scalar belongs -> kInvalidJson.
Result<RemotingCommand> decodeJsonHeader(std::string_view header);
// Binary: a language byte above 13 becomes OTHER; a remark of length 0 is
// absent; a map entry with an empty key or value is dropped. Any length that
// is negative or runs past the header (or a map entry past the map area) ->
// kTruncatedHeader. Bytes after the map area are ignored, as Java does.
Result<RemotingCommand> decodeRocketMQHeader(std::string_view header);

// ---- frames ----------------------------------------------------------------
// Appends the length word, the header-info word and the header of `cmd`,
// written in cmd.serializeType(), to `out`. The body is not copied: the
// transport writes cmd.body() right after these bytes. kUnencodable when the
// header codec refuses, the header exceeds kMaxHeaderBytes or the frame
// length does not fit int32; `out` is then left as it was.
Status encodeFrameHead(const RemotingCommand& cmd, std::string& out);
// The whole frame in one string (tests, tools).
Result<std::string> encodeFrame(const RemotingCommand& cmd);

// Cuts frames off the front of a byte stream. Stateless apart from its limit;
// one per connection.
class FrameDecoder {
 public:
  explicit FrameDecoder(std::size_t max_frame_bytes = kDefaultMaxFrameBytes)
      : max_frame_bytes_(max_frame_bytes) {}

  // Bytes the frame at the start of `input` occupies in all, once its length
  // word is readable; nullopt while fewer than 4 bytes are there. An error if
  // the length word is already invalid (too large, too small).
  Result<std::optional<std::size_t>> frameSize(std::string_view input) const;

  // Decodes the frame at the start of `input` if all of it is there: returns
  // the command (body copied into an owned Payload) and sets `consumed` to
  // its size. Returns nullopt (consumed 0) when more bytes are needed, and an
  // error for a malformed frame, after which the stream cannot be
  // resynchronised and the connection must close. A bad length word is
  // reported once its 4 bytes are there, a bad header-info word (header
  // length, serialize type) once its 8 bytes are there, without waiting for
  // the rest of the frame.
  Result<std::optional<RemotingCommand>> decode(std::string_view input, std::size_t& consumed) const;

  std::size_t maxFrameBytes() const noexcept { return max_frame_bytes_; }

 private:
  std::size_t max_frame_bytes_;
};

}  // namespace apogee::remoting
