#pragma once

#include <filesystem>

#include "common/status.h"

namespace apogee::store {

// The `lock` file (an OS lock, so two processes cannot open one store) and
// the `abort` marker (present while a store is open: finding it at start
// means the last run did not shut down cleanly).
class StoreLock {
 public:
  StoreLock() = default;
  ~StoreLock();
  StoreLock(const StoreLock&) = delete;
  StoreLock& operator=(const StoreLock&) = delete;

  // Locks `lockPath` (flock, non-blocking): Unavailable if another process
  // (or another store object) holds it.
  Status acquire(const std::filesystem::path& lockPath);
  void release();

  static bool abortFileExists(const std::filesystem::path& abortPath);
  // Creates the marker durably.
  static Status createAbortFile(const std::filesystem::path& abortPath);
  static Status removeAbortFile(const std::filesystem::path& abortPath);

 private:
  int fd_ = -1;
};

}  // namespace apogee::store
