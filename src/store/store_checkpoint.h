#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>

#include "common/result.h"
#include "store/mapped_file.h"

namespace apogee::store {

// The `checkpoint` file (RocketMQ's StoreCheckpoint): a 4 KiB file holding
// three store timestamps, big-endian int64 at bytes 0, 8 and 16
// (docs/formats/store.md):
//   physicMsgTimestamp  every commit-log record stored at or before it is durable
//   logicsMsgTimestamp  every consume-queue unit of such records is durable
//   indexMsgTimestamp   every index entry of such records is durable
// Recovery after a crash re-dispatches from the last segment whose first
// record is older than min(...) - 3 s (minTimestamp()).
//
// Thread safety: setters and getters from any thread; flush() from one thread
// at a time (the store's flush thread, or shutdown).
class StoreCheckpoint {
 public:
  static constexpr int64_t kFileSize = 4096;

  static Result<std::unique_ptr<StoreCheckpoint>> open(const std::filesystem::path& path);

  int64_t physicMsgTimestamp() const { return physic_.load(std::memory_order_acquire); }
  int64_t logicsMsgTimestamp() const { return logics_.load(std::memory_order_acquire); }
  int64_t indexMsgTimestamp() const { return index_.load(std::memory_order_acquire); }
  void setPhysicMsgTimestamp(int64_t t) { physic_.store(t, std::memory_order_release); }
  void setLogicsMsgTimestamp(int64_t t) { logics_.store(t, std::memory_order_release); }
  void setIndexMsgTimestamp(int64_t t) { index_.store(t, std::memory_order_release); }

  // min(physic, logics) - 3 s, at least 0.
  int64_t minTimestamp() const;
  // min(minTimestamp(), index): the safe point when the index must be rebuilt too.
  int64_t minTimestampIndex() const;

  // Writes the three values and makes them durable.
  Status flush();

 private:
  explicit StoreCheckpoint(std::shared_ptr<MappedFile> file);

  std::shared_ptr<MappedFile> file_;
  std::atomic<int64_t> physic_{0};
  std::atomic<int64_t> logics_{0};
  std::atomic<int64_t> index_{0};
};

}  // namespace apogee::store
