#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <shared_mutex>
#include <vector>

#include "common/result.h"
#include "store/mapped_file.h"

namespace apogee::store {

// The files of one log in one directory: contiguous, equally sized, each
// named by its start offset (RocketMQ's MappedFileQueue). Used by the commit
// log and by each consume queue.
//
// Thread safety: the file list is guarded by an internal shared mutex held
// only to copy or change the list (never across I/O of file contents, but
// across file creation, which is rare). Methods return shared_ptrs, so a file
// removed from the list stays mapped while a caller uses it.
class MappedFileQueue {
 public:
  MappedFileQueue(std::filesystem::path dir, int64_t fileSize);

  // Maps every file of the directory (created if missing). Files must be
  // contiguous and of fileSize bytes; a zero-length last file (a crash while
  // creating it) is removed.
  Status load();

  int64_t fileSize() const { return fileSize_; }
  const std::filesystem::path& dir() const { return dir_; }

  std::vector<std::shared_ptr<MappedFile>> files() const;
  bool empty() const;
  std::shared_ptr<MappedFile> first() const;
  std::shared_ptr<MappedFile> last() const;
  // The file containing `offset`, or null.
  std::shared_ptr<MappedFile> findByOffset(int64_t offset) const;
  // Start of the first file, or 0 when there is none.
  int64_t minOffset() const;

  // The file containing `offset`; when `offset` is past the last file, creates
  // the file starting at `offset` rounded down to the file size (which must be
  // right after the last file, or anywhere when the queue is empty).
  Result<std::shared_ptr<MappedFile>> getOrCreate(int64_t offset);

  // Makes the log end at `offset`: removes whole files past it and zeroes the
  // rest of the file containing it, durably.
  Status truncateTo(int64_t offset);

  // Makes [from, to) durable across files.
  Status flush(int64_t from, int64_t to) const;

  // Removes (unlinks) the first file; returns false when the queue is empty.
  bool removeFirst();
  // Removes every file and the directory contents.
  void destroyAll();

 private:
  std::shared_ptr<MappedFile> findLocked(int64_t offset) const;

  const std::filesystem::path dir_;
  const int64_t fileSize_;
  mutable std::shared_mutex mu_;
  std::vector<std::shared_ptr<MappedFile>> files_;  // guarded by mu_, ascending
};

}  // namespace apogee::store
