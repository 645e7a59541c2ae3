#pragma once

#include <filesystem>

#include "common/result.h"

namespace apogee::store {

// Percentage (0..100) of the file system holding `path` that is in use, as
// RocketMQ's UtilAll.getDiskPartitionSpaceUsedPercent: (total - free) /
// total, counting space reserved for root as used.
Result<double> diskUsedPercent(const std::filesystem::path& path);

}  // namespace apogee::store
