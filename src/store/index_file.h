#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "store/mapped_file.h"

namespace apogee::store {

// One file of the key index (RocketMQ's IndexFile): a hash table on disk
// mapping "topic#key" to commit-log offsets. Layout (docs/formats/store.md):
// a 40-byte header, hashSlotNum 4-byte slots (index of the newest entry of
// the bucket, 0 = empty), then indexNum 20-byte entries (key hash, commit-log
// offset, seconds since the file's first entry, previous entry of the same
// bucket). Entry 0 is never used; the header's count starts at 1.
//
// Writes: one writer (the reput thread); the header is updated in the
// mapping with every put, so a killed process loses nothing. Readers may
// run concurrently: they read entries below the count they saw.
class IndexFile {
 public:
  static constexpr int64_t kHeaderSize = 40;
  static constexpr int64_t kSlotSize = 4;
  static constexpr int64_t kEntrySize = 20;

  static int64_t fileSize(int32_t hashSlotNum, int32_t indexNum) {
    return kHeaderSize + int64_t{hashSlotNum} * kSlotSize + int64_t{indexNum} * kEntrySize;
  }

  // Opens an existing file, or creates one whose begin offset/time continue
  // from the previous file (`endPhyOffset`, `endTimestamp`; 0 for the first).
  static Result<std::unique_ptr<IndexFile>> open(const std::filesystem::path& path, int32_t hashSlotNum,
                                                 int32_t indexNum, bool create, int64_t endPhyOffset,
                                                 int64_t endTimestamp);

  // abs(Java String.hashCode(key)), 0 when that overflows (RocketMQ).
  static int32_t keyHash(std::string_view key);

  // False when the file is full (the caller moves to a new file).
  bool putKey(std::string_view key, int64_t phyOffset, int64_t storeTimestamp);
  // Appends to `out` the offsets of entries for `key` stored within
  // [begin, end] (ms), newest first, until `out` holds maxNum. Hash
  // collisions are included: callers check the record.
  void selectPhyOffsets(std::vector<int64_t>& out, std::string_view key, std::size_t maxNum,
                        int64_t begin, int64_t end) const;

  bool isWriteFull() const { return indexCount() >= indexNum_; }
  bool isTimeMatched(int64_t begin, int64_t end) const;

  int64_t beginTimestamp() const;
  int64_t endTimestamp() const;
  int64_t beginPhyOffset() const;
  int64_t endPhyOffset() const;
  int32_t hashSlotCount() const;
  int32_t indexCount() const;

  Status flush() const { return file_->flush(0, file_->size()); }
  Status destroy() const { return file_->destroy(); }
  const std::filesystem::path& path() const { return file_->path(); }

 private:
  IndexFile(std::shared_ptr<MappedFile> file, int32_t hashSlotNum, int32_t indexNum)
      : file_(std::move(file)), hashSlotNum_(hashSlotNum), indexNum_(indexNum) {}

  std::shared_ptr<MappedFile> file_;
  const int32_t hashSlotNum_;
  const int32_t indexNum_;
};

}  // namespace apogee::store
