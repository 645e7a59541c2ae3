#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/message/host_address.h"
#include "common/result.h"

// RocketMQ's stored message record: the commit-log record, which is also the
// body of pull, query and view responses. Byte layout in
// docs/formats/store.md ("Commit-log record"); all integers big-endian.
namespace apogee::message {

inline constexpr int32_t kMessageMagicCodeV1 = static_cast<int32_t>(0xDAA320A7);
inline constexpr int32_t kMessageMagicCodeV2 = static_cast<int32_t>(0xDAA320AB);
// End-of-segment filler: TOTALSIZE = bytes left in the segment, then this.
inline constexpr int32_t kBlankMagicCode = static_cast<int32_t>(0xCBD43194);
inline constexpr int kBlankRecordMinSize = 8;

// Fixed positions (they do not depend on the host families).
inline constexpr int kTotalSizePosition = 0;
inline constexpr int kMagicCodePosition = 4;
inline constexpr int kBodyCrcPosition = 8;
inline constexpr int kQueueIdPosition = 12;
inline constexpr int kFlagPosition = 16;
inline constexpr int kQueueOffsetPosition = 20;
inline constexpr int kPhysicalOffsetPosition = 28;
inline constexpr int kSysFlagPosition = 36;
inline constexpr int kBornTimestampPosition = 40;
inline constexpr int kBornHostPosition = 48;

// Position of STORETIMESTAMP: after the born host, whose size the sysFlag gives.
int storeTimestampPosition(int32_t sysFlag);

// One record's fields. For encoding, the caller fills every field except
// totalSize and magicCode (derived). After decoding, the views point into the
// decoded bytes and live as long as they do.
struct StoredMessage {
  int32_t totalSize = 0;
  int32_t magicCode = 0;
  int32_t bodyCrc = 0;
  int32_t queueId = 0;
  int32_t flag = 0;
  int64_t queueOffset = 0;
  int64_t physicalOffset = 0;
  // On encode the IPv6 bits (0x10, 0x20) are taken from the host addresses.
  int32_t sysFlag = 0;
  int64_t bornTimestamp = 0;
  HostAddress bornHost;
  int64_t storeTimestamp = 0;
  HostAddress storeHost;
  int32_t reconsumeTimes = 0;
  int64_t preparedTransactionOffset = 0;
  std::string_view body;
  std::string_view topic;
  std::string_view properties;
};

// CRC32 (zlib polynomial) of the body as stored, masked to 31 bits as Java's
// UtilAll.crc32 does.
int32_t bodyCrc32(std::string_view body);

// Record length for these sizes. Topics up to 127 bytes use the V1 layout
// (1-byte topic length); longer ones V2 (2-byte length).
int64_t storedMessageLength(bool bornHostV6, bool storeHostV6, std::size_t bodyLength,
                            std::size_t topicLength, std::size_t propertiesLength);
int64_t storedMessageLength(const StoredMessage& m);

// Limits of the format itself (the store applies its own, smaller, limits).
inline constexpr std::size_t kMaxTopicLength = 65535;
inline constexpr std::size_t kMaxPropertiesLength = 32767;

// Writes the record into out[0, storedMessageLength(m)), MAGICCODE last (so a
// write interrupted by the death of the process leaves no valid record). The
// caller checks the format limits above first (encoding does not).
void encodeStoredMessage(const StoredMessage& m, char* out);
std::string encodeStoredMessage(const StoredMessage& m);

// Why a record did not decode; Status::detail() of a decode error.
enum class RecordError : int {
  kTruncated = 1,       // fewer bytes than the header or TOTALSIZE says
  kBlank = 2,           // an end-of-segment blank record, not a message
  kBadMagic = 3,
  kLengthMismatch = 4,  // TOTALSIZE disagrees with the field lengths
  kBadCrc = 5,
};

// Decodes the record at the start of `bytes` (which may hold more after it).
// Corruption with a RecordError detail when it is not a whole, well-formed
// message record; the body CRC is checked only when `checkCrc`.
Result<StoredMessage> decodeStoredMessage(std::string_view bytes, bool checkCrc);

}  // namespace apogee::message
