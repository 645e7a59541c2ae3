#include "common/message/message_id.h"

#include "common/message/big_endian.h"

namespace apogee::message {
namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::string encodeOffsetMsgId(const HostAddress& storeHost, int64_t commitLogOffset) {
  char raw[28];
  storeHost.encodeTo(raw);
  const std::size_t host_len = storeHost.encodedSize();
  putI64(raw + host_len, commitLogOffset);
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve((host_len + 8) * 2);
  for (std::size_t i = 0; i < host_len + 8; ++i) {
    const auto b = static_cast<unsigned char>(raw[i]);
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xF]);
  }
  return out;
}

Result<OffsetMsgId> decodeOffsetMsgId(std::string_view id) {
  if (id.size() != 32 && id.size() != 56) {
    return Status::InvalidArgument("offset message id must be 32 or 56 hex characters, got " +
                                   std::to_string(id.size()));
  }
  char raw[28];
  for (std::size_t i = 0; i < id.size(); i += 2) {
    const int hi = hexValue(id[i]);
    const int lo = hexValue(id[i + 1]);
    if (hi < 0 || lo < 0) return Status::InvalidArgument("offset message id is not hex");
    raw[i / 2] = static_cast<char>(hi * 16 + lo);
  }
  const bool v6 = id.size() == 56;
  OffsetMsgId out;
  out.storeHost = HostAddress::decodeFrom(raw, v6);
  out.commitLogOffset = getI64(raw + out.storeHost.encodedSize());
  return out;
}

}  // namespace apogee::message
