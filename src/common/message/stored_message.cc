#include "common/message/stored_message.h"

#include <zlib.h>

#include <atomic>
#include <climits>
#include <cstring>

#include "common/message/big_endian.h"
#include "common/message/sys_flag.h"

namespace apogee::message {
namespace {

constexpr std::size_t kMaxV1TopicLength = 127;

// Everything before BODYLENGTH, for IPv4 hosts: 4+4+4+4+4+8+8+4+8+8+8+8+4+8.
constexpr int64_t kFixedPartV4 = 84;

Status recordError(RecordError e, std::string msg) {
  return Status::Corruption(std::move(msg)).withDetail(static_cast<int>(e));
}

}  // namespace

int storeTimestampPosition(int32_t sysFlag) {
  return kBornHostPosition + ((sysFlag & sys_flag::kBornHostV6) ? 20 : 8);
}

int32_t bodyCrc32(std::string_view body) {
  uLong crc = crc32(0L, Z_NULL, 0);
  const auto* p = reinterpret_cast<const Bytef*>(body.data());
  std::size_t left = body.size();
  while (left > 0) {
    const uInt chunk = left > UINT_MAX ? UINT_MAX : static_cast<uInt>(left);
    crc = crc32(crc, p, chunk);
    p += chunk;
    left -= chunk;
  }
  return static_cast<int32_t>(crc & 0x7FFFFFFF);
}

int64_t storedMessageLength(bool bornHostV6, bool storeHostV6, std::size_t bodyLength,
                            std::size_t topicLength, std::size_t propertiesLength) {
  const int64_t hosts = (bornHostV6 ? 12 : 0) + (storeHostV6 ? 12 : 0);
  const int64_t topic_len_field = topicLength > kMaxV1TopicLength ? 2 : 1;
  return kFixedPartV4 + hosts + 4 + static_cast<int64_t>(bodyLength) + topic_len_field +
         static_cast<int64_t>(topicLength) + 2 + static_cast<int64_t>(propertiesLength);
}

int64_t storedMessageLength(const StoredMessage& m) {
  return storedMessageLength(m.bornHost.v6, m.storeHost.v6, m.body.size(), m.topic.size(),
                             m.properties.size());
}

void encodeStoredMessage(const StoredMessage& m, char* out) {
  const int64_t total = storedMessageLength(m);
  const bool v2 = m.topic.size() > kMaxV1TopicLength;
  int32_t sys_flag = m.sysFlag & ~(sys_flag::kBornHostV6 | sys_flag::kStoreHostV6);
  if (m.bornHost.v6) sys_flag |= sys_flag::kBornHostV6;
  if (m.storeHost.v6) sys_flag |= sys_flag::kStoreHostV6;

  char* p = out;
  putI32(p, static_cast<int32_t>(total));
  putI32(p + 8, m.bodyCrc);
  putI32(p + 12, m.queueId);
  putI32(p + 16, m.flag);
  putI64(p + 20, m.queueOffset);
  putI64(p + 28, m.physicalOffset);
  putI32(p + 36, sys_flag);
  putI64(p + 40, m.bornTimestamp);
  p += kBornHostPosition;
  m.bornHost.encodeTo(p);
  p += m.bornHost.encodedSize();
  putI64(p, m.storeTimestamp);
  p += 8;
  m.storeHost.encodeTo(p);
  p += m.storeHost.encodedSize();
  putI32(p, m.reconsumeTimes);
  putI64(p + 4, m.preparedTransactionOffset);
  putI32(p + 12, static_cast<int32_t>(m.body.size()));
  p += 16;
  if (!m.body.empty()) std::memcpy(p, m.body.data(), m.body.size());
  p += m.body.size();
  if (v2) {
    putBE16(p, static_cast<uint16_t>(m.topic.size()));
    p += 2;
  } else {
    *p++ = static_cast<char>(m.topic.size());
  }
  if (!m.topic.empty()) std::memcpy(p, m.topic.data(), m.topic.size());
  p += m.topic.size();
  putBE16(p, static_cast<uint16_t>(m.properties.size()));
  p += 2;
  if (!m.properties.empty()) std::memcpy(p, m.properties.data(), m.properties.size());
  // The magic code last: a record cut short because the writing process died
  // (a commit-log append into a mapped file) never carries a valid magic.
  std::atomic_signal_fence(std::memory_order_release);
  putI32(out + 4, v2 ? kMessageMagicCodeV2 : kMessageMagicCodeV1);
}

std::string encodeStoredMessage(const StoredMessage& m) {
  std::string out(static_cast<std::size_t>(storedMessageLength(m)), '\0');
  encodeStoredMessage(m, out.data());
  return out;
}

Result<StoredMessage> decodeStoredMessage(std::string_view bytes, bool checkCrc) {
  if (bytes.size() < 8) return recordError(RecordError::kTruncated, "record shorter than 8 bytes");
  StoredMessage m;
  const char* base = bytes.data();
  m.totalSize = getI32(base);
  m.magicCode = getI32(base + 4);
  if (m.magicCode == kBlankMagicCode) return recordError(RecordError::kBlank, "blank record");
  if (m.magicCode != kMessageMagicCodeV1 && m.magicCode != kMessageMagicCodeV2) {
    return recordError(RecordError::kBadMagic, "bad magic code " + std::to_string(m.magicCode));
  }
  if (m.totalSize < kFixedPartV4 + 4 + 1 + 2) {
    return recordError(RecordError::kLengthMismatch,
                       "record size " + std::to_string(m.totalSize) + " below the minimum");
  }
  if (static_cast<std::size_t>(m.totalSize) > bytes.size()) {
    return recordError(RecordError::kTruncated, "record size " + std::to_string(m.totalSize) +
                                                    " exceeds the " + std::to_string(bytes.size()) +
                                                    " bytes available");
  }
  const std::size_t total = static_cast<std::size_t>(m.totalSize);
  m.bodyCrc = getI32(base + 8);
  m.queueId = getI32(base + 12);
  m.flag = getI32(base + 16);
  m.queueOffset = getI64(base + 20);
  m.physicalOffset = getI64(base + 28);
  m.sysFlag = getI32(base + 36);
  m.bornTimestamp = getI64(base + 40);
  const bool born_v6 = (m.sysFlag & sys_flag::kBornHostV6) != 0;
  const bool store_v6 = (m.sysFlag & sys_flag::kStoreHostV6) != 0;
  const std::size_t fixed = static_cast<std::size_t>(kFixedPartV4) + (born_v6 ? 12 : 0) +
                            (store_v6 ? 12 : 0);
  // fixed + BODYLENGTH must fit: checked against total below before reading.
  if (fixed + 4 > total) return recordError(RecordError::kLengthMismatch, "record too short for hosts");
  std::size_t pos = kBornHostPosition;
  m.bornHost = HostAddress::decodeFrom(base + pos, born_v6);
  pos += m.bornHost.encodedSize();
  m.storeTimestamp = getI64(base + pos);
  pos += 8;
  m.storeHost = HostAddress::decodeFrom(base + pos, store_v6);
  pos += m.storeHost.encodedSize();
  m.reconsumeTimes = getI32(base + pos);
  m.preparedTransactionOffset = getI64(base + pos + 4);
  pos += 12;
  const int32_t body_len = getI32(base + pos);
  pos += 4;
  if (body_len < 0 || pos + static_cast<std::size_t>(body_len) > total) {
    return recordError(RecordError::kLengthMismatch, "body length " + std::to_string(body_len) +
                                                         " overruns the record");
  }
  m.body = bytes.substr(pos, static_cast<std::size_t>(body_len));
  pos += static_cast<std::size_t>(body_len);
  const bool v2 = m.magicCode == kMessageMagicCodeV2;
  const std::size_t topic_field = v2 ? 2 : 1;
  if (pos + topic_field > total) return recordError(RecordError::kLengthMismatch, "no topic length");
  const std::size_t topic_len =
      v2 ? getBE16(base + pos) : static_cast<std::size_t>(static_cast<unsigned char>(base[pos]));
  pos += topic_field;
  if (pos + topic_len + 2 > total) return recordError(RecordError::kLengthMismatch, "topic overruns the record");
  m.topic = bytes.substr(pos, topic_len);
  pos += topic_len;
  const int16_t props_len = static_cast<int16_t>(getBE16(base + pos));
  pos += 2;
  if (props_len < 0 || pos + static_cast<std::size_t>(props_len) != total) {
    return recordError(RecordError::kLengthMismatch,
                       "record size " + std::to_string(total) + " does not match its fields");
  }
  m.properties = bytes.substr(pos, static_cast<std::size_t>(props_len));
  if (checkCrc && bodyCrc32(m.body) != m.bodyCrc) {
    return recordError(RecordError::kBadCrc, "body CRC mismatch");
  }
  return m;
}

}  // namespace apogee::message
