#include "store/disk_usage.h"

#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>

namespace apogee::store {

Result<double> diskUsedPercent(const std::filesystem::path& path) {
  struct statvfs st {};
  if (statvfs(path.c_str(), &st) != 0) {
    return Status::IOError("statvfs " + path.string() + ": " + std::strerror(errno));
  }
  if (st.f_blocks == 0) return 0.0;
  const double total = static_cast<double>(st.f_blocks);
  const double available = static_cast<double>(st.f_bavail);
  return 100.0 * (total - available) / total;
}

}  // namespace apogee::store
