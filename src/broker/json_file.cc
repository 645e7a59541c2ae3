#include "broker/json_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace apogee::broker {
namespace {

Status errnoStatus(std::string_view what, const std::filesystem::path& path) {
  return Status::IOError(std::string(what) + " " + path.string() + ": " + std::strerror(errno));
}

Status fsyncPath(const std::filesystem::path& path, int flags) {
  int fd = ::open(path.c_str(), flags);
  if (fd < 0) return errnoStatus("open", path);
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return errnoStatus("fsync", path);
  return Status::OK();
}

}  // namespace

Status writeFileAtomically(const std::filesystem::path& path, std::string_view content) {
  std::error_code ec;
  const auto dir = path.parent_path();
  if (!dir.empty()) {
    std::filesystem::create_directories(dir, ec);
    if (ec) return Status::IOError("create " + dir.string() + ": " + ec.message());
  }
  const std::filesystem::path tmp = path.string() + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return errnoStatus("open", tmp);
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      Status s = errnoStatus("write", tmp);
      ::close(fd);
      return s;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    Status s = errnoStatus("fsync", tmp);
    ::close(fd);
    return s;
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return errnoStatus("rename", tmp);
  if (!dir.empty()) return fsyncPath(dir, O_RDONLY | O_DIRECTORY);
  return Status::OK();
}

Result<std::optional<std::string>> readFileIfExists(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::optional<std::string>();
  std::ifstream in(path, std::ios::binary);
  if (!in) return errnoStatus("open", path);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return errnoStatus("read", path);
  return std::optional<std::string>(ss.str());
}

}  // namespace apogee::broker
