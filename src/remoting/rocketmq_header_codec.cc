// The binary ROCKETMQ header (serialize type 1). Layout: docs/formats/remoting.md.
//
//   int16 code | int8 language | int16 version | int32 opaque | int32 flag
//   int32 remark length | remark | int32 map length | map entries
//   map entry: int16 key length | key | int32 value length | value

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "remoting/byte_order.h"
#include "remoting/ext_fields_builder.h"
#include "remoting/frame_codec.h"

namespace apogee::remoting {
namespace {

using detail::loadBE16;
using detail::loadBE32;
using detail::storeBE16;
using detail::storeBE32;

// code, language, version, opaque, flag, remark length, map length.
constexpr std::size_t kFixedBytes = 2 + 1 + 2 + 4 + 4 + 4 + 4;
constexpr std::size_t kMaxKeyBytes = std::numeric_limits<std::int16_t>::max();
constexpr std::size_t kMaxInt32 = std::numeric_limits<std::int32_t>::max();

bool fitsInt16(int value) {
  return value >= std::numeric_limits<std::int16_t>::min() &&
         value <= std::numeric_limits<std::int16_t>::max();
}

Status unencodable(std::string message) {
  return makeFrameError(FrameError::kUnencodable, "ROCKETMQ header: " + std::move(message));
}

Status truncated(std::string message) {
  return makeFrameError(FrameError::kTruncatedHeader, "ROCKETMQ header: " + std::move(message));
}

// Reads the header front to back; every read checks the bytes are there.
class HeaderReader {
 public:
  explicit HeaderReader(std::string_view bytes) : bytes_(bytes) {}

  std::size_t offset() const { return pos_; }
  std::size_t remaining() const { return bytes_.size() - pos_; }

  bool readU8(std::uint8_t& v) {
    if (remaining() < 1) return false;
    v = static_cast<std::uint8_t>(bytes_[pos_++]);
    return true;
  }
  bool readI16(std::int16_t& v) {
    if (remaining() < 2) return false;
    v = static_cast<std::int16_t>(loadBE16(bytes_.data() + pos_));
    pos_ += 2;
    return true;
  }
  bool readI32(std::int32_t& v) {
    if (remaining() < 4) return false;
    v = static_cast<std::int32_t>(loadBE32(bytes_.data() + pos_));
    pos_ += 4;
    return true;
  }
  std::string_view take(std::size_t n) {
    std::string_view out = bytes_.substr(pos_, n);
    pos_ += n;
    return out;
  }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

// Reads a length-prefixed string whose length was just read as `length`,
// which must not run past `limit` bytes from the current position.
Status readString(HeaderReader& reader, std::int32_t length, std::size_t limit, std::string_view what,
                  std::string_view& out) {
  if (length < 0) return truncated(fmt::format("negative {} length {} at offset {}", what, length, reader.offset()));
  if (static_cast<std::size_t>(length) > limit) {
    return truncated(fmt::format("{} length {} at offset {} runs past the end ({} bytes left)", what, length,
                                 reader.offset(), limit));
  }
  out = reader.take(static_cast<std::size_t>(length));
  return Status::OK();
}

// Entries in the map area, counted by hopping over the lengths (stops early on
// a malformed entry, which decodeMap then reports), so the vector is sized once.
std::size_t countEntries(std::string_view map) {
  std::size_t count = 0;
  std::size_t pos = 0;
  while (map.size() - pos >= 2) {  // invariant: pos <= map.size()
    pos += 2 + std::size_t{loadBE16(map.data() + pos)};
    if (pos > map.size() || map.size() - pos < 4) break;
    const std::size_t value_bytes = loadBE32(map.data() + pos);
    pos += 4;
    if (value_bytes > map.size() - pos) break;
    pos += value_bytes;
    ++count;
  }
  return count;
}

Status decodeMap(HeaderReader& reader, std::string_view map, ExtFields& fields) {
  const std::size_t map_end = reader.offset() + map.size();
  fields.reserve(countEntries(map));
  detail::ExtFieldsBuilder builder(fields);
  while (reader.offset() < map_end) {
    std::int16_t key_length = 0;
    std::int32_t value_length = 0;
    std::string_view key;
    std::string_view value;
    if (map_end - reader.offset() < 2 || !reader.readI16(key_length)) {
      return truncated(fmt::format("map entry at offset {} has no room for its key length", reader.offset()));
    }
    APOGEE_RETURN_IF_ERROR(readString(reader, key_length, map_end - reader.offset(), "key", key));
    if (map_end - reader.offset() < 4 || !reader.readI32(value_length)) {
      return truncated(fmt::format("map entry at offset {} has no room for its value length", reader.offset()));
    }
    APOGEE_RETURN_IF_ERROR(readString(reader, value_length, map_end - reader.offset(), "value", value));
    // Java reads an empty string as null: an empty key never matches a field
    // and an empty value is no value (a repeated key with one clears it).
    if (key.empty()) continue;
    if (value.empty()) {
      builder.remove(key);
    } else {
      builder.put(key, value);
    }
  }
  return Status::OK();
}

}  // namespace

Status encodeRocketMQHeader(const RemotingCommand& cmd, std::string& out) {
  if (!fitsInt16(cmd.code())) return unencodable(fmt::format("code {} does not fit int16", cmd.code()));
  if (!fitsInt16(cmd.version())) return unencodable(fmt::format("version {} does not fit int16", cmd.version()));
  const std::string_view remark = cmd.remark() ? std::string_view(*cmd.remark()) : std::string_view();
  std::size_t map_bytes = 0;
  for (const auto& [key, value] : cmd.extFields()) {
    if (key.size() > kMaxKeyBytes) return unencodable(fmt::format("key of {} bytes is too long", key.size()));
    map_bytes += 2 + key.size() + 4 + value.size();
  }
  if (remark.size() > kMaxInt32 || map_bytes > kMaxInt32 || remark.size() + map_bytes > kMaxInt32 - kFixedBytes) {
    return unencodable("header larger than 2 GiB");
  }

  const std::size_t start = out.size();
  out.resize(start + kFixedBytes + remark.size() + map_bytes);
  char* p = out.data() + start;
  storeBE16(p, static_cast<std::uint16_t>(cmd.code()));
  p[2] = static_cast<char>(cmd.language());
  storeBE16(p + 3, static_cast<std::uint16_t>(cmd.version()));
  storeBE32(p + 5, static_cast<std::uint32_t>(cmd.opaque()));
  storeBE32(p + 9, static_cast<std::uint32_t>(cmd.flag()));
  storeBE32(p + 13, static_cast<std::uint32_t>(remark.size()));
  p += 17;
  remark.copy(p, remark.size());
  p += remark.size();
  storeBE32(p, static_cast<std::uint32_t>(map_bytes));
  p += 4;
  for (const auto& [key, value] : cmd.extFields()) {
    storeBE16(p, static_cast<std::uint16_t>(key.size()));
    p += 2;
    p += key.copy(p, key.size());
    storeBE32(p, static_cast<std::uint32_t>(value.size()));
    p += 4;
    p += value.copy(p, value.size());
  }
  return Status::OK();
}

Result<RemotingCommand> decodeRocketMQHeader(std::string_view header) {
  HeaderReader reader(header);
  std::int16_t code = 0;
  std::uint8_t language = 0;
  std::int16_t version = 0;
  std::int32_t opaque = 0;
  std::int32_t flag = 0;
  std::int32_t remark_length = 0;
  if (!reader.readI16(code) || !reader.readU8(language) || !reader.readI16(version) || !reader.readI32(opaque) ||
      !reader.readI32(flag) || !reader.readI32(remark_length)) {
    return truncated(fmt::format("{} bytes, fewer than the {} fixed bytes", header.size(), kFixedBytes));
  }
  std::string_view remark;
  APOGEE_RETURN_IF_ERROR(readString(reader, remark_length, reader.remaining(), "remark", remark));

  RemotingCommand cmd;
  cmd.setCode(code);
  cmd.setLanguage(languageFromByte(language).value_or(LanguageCode::OTHER));
  cmd.setVersion(version);
  cmd.setOpaque(opaque);
  cmd.setFlag(flag);
  cmd.setSerializeType(SerializeType::kRocketMQ);
  if (!remark.empty()) cmd.setRemark(std::string(remark));

  std::int32_t map_length = 0;
  if (!reader.readI32(map_length)) {
    return truncated(fmt::format("ends at offset {} before the map length", reader.offset()));
  }
  if (map_length < 0) return truncated(fmt::format("negative map length {}", map_length));
  if (static_cast<std::size_t>(map_length) > reader.remaining()) {
    return truncated(fmt::format("map length {} at offset {} runs past the end ({} bytes left)", map_length,
                                 reader.offset() - 4, reader.remaining()));
  }
  if (map_length > 0) {
    std::string_view map = header.substr(reader.offset(), static_cast<std::size_t>(map_length));
    APOGEE_RETURN_IF_ERROR(decodeMap(reader, map, cmd.mutableExtFields()));
  }
  return cmd;
}

}  // namespace apogee::remoting
