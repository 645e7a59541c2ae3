#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <shared_mutex>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "store/index_file.h"
#include "store/reput_service.h"

namespace apogee::store {

// The key index over all index files (RocketMQ's IndexService): for each
// record, "topic#UNIQ_KEY" and "topic#key" for every space-separated KEYS
// value map to its commit-log offset. Rolled-back transaction records are
// not indexed. Files are named by creation time (yyyyMMddHHmmssSSS).
//
// Threads: buildIndex() from the reput thread only; queryOffsets(), flush()
// and deleteExpiredFiles() from any thread (the file list is guarded by a
// shared mutex, held only to copy or change it).
class IndexService {
 public:
  IndexService(std::filesystem::path dir, int32_t hashSlotNum, int32_t indexNum);

  Status load();
  // The dispatcher: skips records below the last file's end offset (indexed
  // before a restart); for the record at that offset adds only missing keys.
  Status buildIndex(const DispatchRequest& request);

  struct QueryOffsetResult {
    std::vector<int64_t> phyOffsets;  // newest first
    int64_t indexLastUpdateTimestamp = 0;
    int64_t indexLastUpdatePhyoffset = 0;
  };
  QueryOffsetResult queryOffsets(std::string_view topic, std::string_view key, std::size_t maxNum,
                                 int64_t begin, int64_t end) const;

  // Makes every file durable; returns the store time of the last indexed
  // record covered (for the checkpoint), or -1 on error.
  int64_t flush();
  // Store time of the last indexed record.
  int64_t lastIndexedTimestamp() const;
  // Deletes leading files whose entries all point below `commitLogMinOffset`
  // (never the last file); returns how many.
  int deleteExpiredFiles(int64_t commitLogMinOffset);
  std::size_t fileCount() const;

 private:
  Result<IndexFile*> writableFile();
  bool alreadyIndexed(std::string_view topic, std::string_view key, int64_t phyOffset) const;
  Status putKey(std::string_view topic, std::string_view key, int64_t phyOffset, int64_t storeTimestamp);
  std::vector<std::shared_ptr<IndexFile>> snapshot() const;

  const std::filesystem::path dir_;
  const int32_t hashSlotNum_;
  const int32_t indexNum_;
  mutable std::shared_mutex mu_;
  std::vector<std::shared_ptr<IndexFile>> files_;  // guarded by mu_, oldest first
  std::string keyBuffer_;                          // reput thread only
};

}  // namespace apogee::store
