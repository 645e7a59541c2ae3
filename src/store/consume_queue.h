#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "store/mapped_file_queue.h"

namespace apogee::store {

// The consume queue of one (topic, queue id): fixed 20-byte units
// (commit-log offset int64, record size int32, tag hash code int64), unit n
// at byte n * 20 of the queue's files (docs/formats/store.md). Built by the
// reput thread from the commit log; read by getMessage.
//
// Visibility: a unit is readable once maxOffset() exceeds its index (the
// writer stores the unit, then publishes the new max with release order).
// Durability: units are in the page cache at once, durable after flush()
// (called by the store's flush thread every flushIntervalConsumeQueue and at
// shutdown). Lost units are rebuilt from the commit log at recovery.
//
// Thread safety: one writer at a time (put, truncate, recovery: the reput
// thread, or the starting thread before it runs); readers and flush() from
// any thread.
class ConsumeQueue {
 public:
  static constexpr int64_t kUnitSize = 20;
  // A unit that holds no message (pre-fill of a queue that starts past 0).
  static constexpr int32_t kBlankUnitSize = 0x7FFFFFFF;

  struct Unit {
    int64_t commitLogOffset = 0;
    int32_t size = 0;
    int64_t tagsCode = 0;
    bool blank() const { return commitLogOffset == 0 && size == kBlankUnitSize && tagsCode == 0; }
  };

  ConsumeQueue(std::string topic, int32_t queueId, std::filesystem::path dir, int64_t unitsPerFile);

  const std::string& topic() const { return topic_; }
  int32_t queueId() const { return queueId_; }

  // --- startup (single-threaded) ---
  Status load();
  // Finds the end: units are valid while offset >= 0 and size > 0 (scanning
  // from the third-last file, as RocketMQ). With `zeroTail` (after a crash,
  // when lost pages may have left stale units past a hole) everything after
  // the end is made zero (cheap when it already is).
  Status recover(bool zeroTail);
  // Drops units whose record does not end before `commitLogEnd`.
  Status truncateDirty(int64_t commitLogEnd);
  // Moves the min offset to the first unit whose record starts at or after
  // `commitLogMinOffset` (records before it were deleted by retention).
  void correctMinOffset(int64_t commitLogMinOffset);

  // --- writer ---
  // Stores the unit for `queueOffset`. Units below maxOffset() are already
  // there (re-dispatch after a crash) and are skipped; a gap above it is
  // filled with blank units (logged: it means a lost record).
  Status put(int64_t queueOffset, int64_t commitLogOffset, int32_t size, int64_t tagsCode);

  // --- readers ---
  int64_t minOffset() const { return minOffset_.load(std::memory_order_acquire); }
  int64_t maxOffset() const { return maxOffset_.load(std::memory_order_acquire); }
  // End (offset + size) of the last unit's record; 0 when empty.
  int64_t maxPhysicalEnd() const { return maxPhysicalEnd_.load(std::memory_order_acquire); }

  // Appends up to `maxUnits` units starting at `offset` to `out`, stopping at
  // maxOffset(). NotFound when the file holding `offset` is gone.
  Status read(int64_t offset, int64_t maxUnits, std::vector<Unit>& out) const;
  std::optional<Unit> unitAt(int64_t offset) const;
  // First offset of the file after the one holding `offset`.
  int64_t rollNextFile(int64_t offset) const;

  // --- flush thread ---
  Status flush();

  // --- retention ---
  // Deletes leading files whose last unit points below `commitLogMinOffset`
  // (never the last file) and moves the min offset past units pointing
  // below it; returns how many files went.
  int deleteExpiredFiles(int64_t commitLogMinOffset);
  void destroy();

 private:
  static Unit decodeUnit(const char* p);
  Status writeUnit(int64_t queueOffset, const Unit& unit);

  const std::string topic_;
  const int32_t queueId_;
  MappedFileQueue files_;
  std::atomic<int64_t> minOffset_{0};  // in units
  std::atomic<int64_t> maxOffset_{0};
  std::atomic<int64_t> maxPhysicalEnd_{0};
  std::mutex flushMu_;            // serializes flush(); held across msync
  int64_t flushedBytes_ = 0;      // guarded by flushMu_
};

}  // namespace apogee::store
