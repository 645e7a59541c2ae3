#include "store/mapped_file.h"

#include <fcntl.h>
#include <linux/falloc.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace apogee::store {
namespace {

Status errnoStatus(const std::string& what, const std::filesystem::path& path) {
  return Status::IOError(what + " " + path.string() + ": " + std::strerror(errno));
}

int64_t pageSize() {
  static const int64_t kPage = sysconf(_SC_PAGESIZE);
  return kPage;
}

// Reserves the blocks of [0, size) so that later writes through the mapping
// cannot fail for lack of space (a mapped write that cannot allocate is a
// SIGBUS, not an error code).
Status allocate(int fd, int64_t size, const std::filesystem::path& path) {
  int rc = posix_fallocate(fd, 0, size);
  if (rc == 0) return Status::OK();
  if (rc == EOPNOTSUPP || rc == EINVAL) {
    if (ftruncate(fd, size) == 0) return Status::OK();
    return errnoStatus("ftruncate", path);
  }
  errno = rc;
  return errnoStatus("fallocate", path);
}

}  // namespace

Result<std::shared_ptr<MappedFile>> MappedFile::open(const std::filesystem::path& path,
                                                     int64_t fileFromOffset, int64_t size,
                                                     bool create) {
  int flags = O_RDWR | O_CLOEXEC;
  if (create) flags |= O_CREAT;
  const int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0) return errnoStatus("open", path);
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    Status s = errnoStatus("fstat", path);
    ::close(fd);
    return s;
  }
  if (st.st_size == 0 && create) {
    Status s = allocate(fd, size, path);
    if (!s.ok()) {
      ::close(fd);
      ::unlink(path.c_str());
      return s;
    }
  } else if (st.st_size != size) {
    ::close(fd);
    return Status::Corruption(path.string() + " has " + std::to_string(st.st_size) +
                              " bytes, expected " + std::to_string(size));
  }
  void* addr = mmap(nullptr, static_cast<std::size_t>(size), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  Status map_status = addr == MAP_FAILED ? errnoStatus("mmap", path) : Status::OK();
  ::close(fd);  // the mapping keeps the file open
  if (!map_status.ok()) return map_status;
  return std::shared_ptr<MappedFile>(
      new MappedFile(path, fileFromOffset, size, static_cast<char*>(addr)));
}

MappedFile::~MappedFile() { munmap(data_, static_cast<std::size_t>(size_)); }

Status MappedFile::flush(int64_t fromPos, int64_t toPos) const {
  if (toPos <= fromPos) return Status::OK();
  const int64_t start = fromPos - fromPos % pageSize();
  if (msync(data_ + start, static_cast<std::size_t>(toPos - start), MS_SYNC) != 0) {
    return errnoStatus("msync", path_);
  }
  return Status::OK();
}

namespace {

const char* findNonZero(const char* p, int64_t len) {
  for (int64_t i = 0; i < len; ++i) {
    if (p[i] != 0) return p + i;
  }
  return nullptr;
}

}  // namespace

Status MappedFile::zeroFrom(int64_t fromPos) const {
  if (fromPos >= size_) return Status::OK();
  const int64_t page = pageSize();
  bool dirty_memory = false;
  // The partial page after fromPos, in memory.
  const int64_t page_end = std::min(size_, (fromPos + page - 1) / page * page);
  if (findNonZero(data_ + fromPos, page_end - fromPos) != nullptr) {
    std::memset(data_ + fromPos, 0, static_cast<std::size_t>(page_end - fromPos));
    dirty_memory = true;
  }
  const int fd = ::open(path_.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return errnoStatus("open", path_);
  // Whole pages: only ranges the file system reports as data can hold
  // anything (the file was allocated as unwritten extents); look at those and
  // zero from the first non-zero byte to the end. In the usual case nothing
  // is written or synced.
  bool zeroed_range = false;
  int rc = 0;
  // Without this, each page the scan faults in brings read-ahead pages past
  // the current data range into the page cache, where SEEK_DATA then reports
  // them as data: the scan would walk (and read) the whole preallocated file.
  if (page_end < size_) {
    madvise(data_ + page_end, static_cast<std::size_t>(size_ - page_end), MADV_RANDOM);
  }
  for (int64_t pos = page_end; pos < size_;) {
    off_t data = ::lseek(fd, pos, SEEK_DATA);
    off_t hole = size_;
    if (data < 0) {
      if (errno == ENXIO) break;
      data = pos;  // SEEK_DATA unsupported: look at everything
    } else {
      hole = ::lseek(fd, data, SEEK_HOLE);
      if (hole < 0) hole = size_;
    }
    const int64_t lo = std::max<int64_t>(pos, data / page * page);
    const int64_t hi = std::min<int64_t>(size_, (hole + page - 1) / page * page);
    const char* nz = findNonZero(data_ + lo, hi - lo);
    if (nz != nullptr) {
      const int64_t start = (nz - data_) / page * page;
      if (fallocate(fd, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, start, size_ - start) == 0) {
        zeroed_range = true;
      } else {
        std::memset(data_ + start, 0, static_cast<std::size_t>(size_ - start));
        dirty_memory = true;
      }
      break;
    }
    pos = hi;
  }
  if (page_end < size_) {
    madvise(data_ + page_end, static_cast<std::size_t>(size_ - page_end), MADV_NORMAL);
  }
  if (dirty_memory) {
    const int64_t start = fromPos / page * page;
    rc = msync(data_ + start, static_cast<std::size_t>(size_ - start), MS_SYNC);
  }
  if (rc == 0 && zeroed_range) rc = ::fdatasync(fd);
  Status s = rc == 0 ? Status::OK() : errnoStatus("zero tail of", path_);
  ::close(fd);
  return s;
}

Status MappedFile::destroy() const {
  if (::unlink(path_.c_str()) != 0 && errno != ENOENT) return errnoStatus("unlink", path_);
  return Status::OK();
}

std::string MappedFile::fileNameFor(int64_t offset) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%020lld", static_cast<long long>(offset));
  return buf;
}

Status syncDirectory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errnoStatus("open directory", dir);
  const int rc = ::fsync(fd);
  Status s = rc == 0 ? Status::OK() : errnoStatus("fsync directory", dir);
  ::close(fd);
  return s;
}

}  // namespace apogee::store

