#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"

namespace apogee::store {

// One fixed-size file mapped read-write and shared (MAP_SHARED), named by the
// offset of its first byte within its log (commit log or consume queue).
//
// Durability: bytes written through data() are in the page cache at once
// (they survive the process being killed) and durable only after flush()
// covering them returns OK (msync MS_SYNC, which also persists the file's
// allocation). The file is fully allocated (fallocate) when created, so
// writes into the mapping never hit a full disk.
//
// Lifetime: the mapping lives until the last shared_ptr goes. destroy()
// unlinks the file at once; readers still holding the object keep reading
// the (now anonymous) pages safely.
//
// Thread safety: all methods may be called concurrently; callers coordinate
// who writes which bytes.
class MappedFile {
 public:
  // Maps `path`, creating it with `size` bytes when `create` and it does not
  // exist. An existing file must have exactly `size` bytes (Corruption if not).
  static Result<std::shared_ptr<MappedFile>> open(const std::filesystem::path& path,
                                                  int64_t fileFromOffset, int64_t size,
                                                  bool create);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  int64_t fileFromOffset() const { return fileFromOffset_; }
  int64_t fileEndOffset() const { return fileFromOffset_ + size_; }
  int64_t size() const { return size_; }
  const std::filesystem::path& path() const { return path_; }

  char* data() const { return data_; }
  // [pos, pos + len) within the file; the caller checks the bounds.
  std::string_view view(int64_t pos, int64_t len) const {
    return {data_ + pos, static_cast<std::size_t>(len)};
  }

  // Makes [fromPos, toPos) durable (positions within this file).
  Status flush(int64_t fromPos, int64_t toPos) const;
  // Makes [fromPos, size()) read as zeros, durably, keeping it allocated.
  // Cheap when it already is (the usual case): it writes and syncs only if
  // it finds non-zero bytes, looking only where the file system reports data.
  Status zeroFrom(int64_t fromPos) const;
  // Unlinks the file; the mapping stays valid for current holders.
  Status destroy() const;

  // "00000000001073741824": 20-digit zero-padded decimal.
  static std::string fileNameFor(int64_t offset);

 private:
  MappedFile(std::filesystem::path path, int64_t from, int64_t size, char* data)
      : path_(std::move(path)), fileFromOffset_(from), size_(size), data_(data) {}

  std::filesystem::path path_;
  int64_t fileFromOffset_;
  int64_t size_;
  char* data_;
};

// fsync of a directory, so that files created or removed in it survive a
// crash of the machine.
Status syncDirectory(const std::filesystem::path& dir);


}  // namespace apogee::store
