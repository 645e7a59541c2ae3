#include "store/store_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "store/mapped_file.h"

namespace apogee::store {

StoreLock::~StoreLock() { release(); }

Status StoreLock::acquire(const std::filesystem::path& lockPath) {
  if (fd_ >= 0) return Status::OK();
  const int fd = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError("open " + lockPath.string() + ": " + std::strerror(errno));
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) {
      return Status::Unavailable("data directory " + lockPath.parent_path().string() +
                                 " is in use: another process holds its lock file " +
                                 lockPath.string() + " (is another broker running on it?)");
    }
    return Status::IOError("flock " + lockPath.string() + ": " + std::strerror(err));
  }
  fd_ = fd;
  return Status::OK();
}

void StoreLock::release() {
  if (fd_ < 0) return;
  flock(fd_, LOCK_UN);
  ::close(fd_);
  fd_ = -1;
}

bool StoreLock::abortFileExists(const std::filesystem::path& abortPath) {
  std::error_code ec;
  return std::filesystem::exists(abortPath, ec);
}

Status StoreLock::createAbortFile(const std::filesystem::path& abortPath) {
  const int fd = ::open(abortPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError("create " + abortPath.string() + ": " + std::strerror(errno));
  ::close(fd);
  return syncDirectory(abortPath.parent_path());
}

Status StoreLock::removeAbortFile(const std::filesystem::path& abortPath) {
  std::error_code ec;
  std::filesystem::remove(abortPath, ec);
  if (ec) return Status::IOError("remove " + abortPath.string() + ": " + ec.message());
  return syncDirectory(abortPath.parent_path());
}

}  // namespace apogee::store
