#pragma once

#include <cstdint>

// RocketMQ's MessageSysFlag bits (docs/formats/store.md; reference 4.2).
namespace apogee::message::sys_flag {

inline constexpr int32_t kCompressed = 0x1;
inline constexpr int32_t kMultiTags = 0x2;
inline constexpr int32_t kTransactionNotType = 0x0;
inline constexpr int32_t kTransactionPreparedType = 0x4;
inline constexpr int32_t kTransactionCommitType = 0x8;
inline constexpr int32_t kTransactionRollbackType = 0xC;
inline constexpr int32_t kTransactionMask = 0xC;
inline constexpr int32_t kBornHostV6 = 0x10;
inline constexpr int32_t kStoreHostV6 = 0x20;
inline constexpr int32_t kNeedUnwrap = 0x40;
inline constexpr int32_t kInnerBatch = 0x80;
inline constexpr int32_t kCompressionTypeMask = 0x700;

inline constexpr int32_t transactionType(int32_t flag) { return flag & kTransactionMask; }

// Whether a record with this sysFlag gets a consume-queue entry and a queue
// offset: only non-transactional and committed messages (prepared and rolled
// back halves are stored but never consumed).
inline constexpr bool isConsumable(int32_t flag) {
  const int32_t t = transactionType(flag);
  return t == kTransactionNotType || t == kTransactionCommitType;
}

}  // namespace apogee::message::sys_flag
