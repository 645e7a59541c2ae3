#include "store/clean_service.h"

#include <ctime>
#include <system_error>

#include "common/logging.h"
#include "store/disk_usage.h"

namespace apogee::store {

CleanService::CleanService(const MessageStoreConfig& config, CommitLog& commitLog,
                           ConsumeQueueTable& queues, IndexService* index,
                           std::function<int64_t()> dispatchedUpTo)
    : config_(config),
      commitLog_(commitLog),
      queues_(queues),
      index_(index),
      dispatchedUpTo_(std::move(dispatchedUpTo)) {}

bool CleanService::isTimeToDelete(std::string_view deleteWhen, int hour) {
  std::size_t pos = 0;
  while (pos <= deleteWhen.size()) {
    std::size_t sep = deleteWhen.find(';', pos);
    if (sep == std::string_view::npos) sep = deleteWhen.size();
    std::string_view item = deleteWhen.substr(pos, sep - pos);
    int value = -1;
    if (!item.empty() && item.size() <= 2) {
      value = 0;
      for (char c : item) value = (c >= '0' && c <= '9' && value >= 0) ? value * 10 + (c - '0') : -1;
    }
    if (value == hour) return true;
    pos = sep + 1;
  }
  return false;
}

int CleanService::deleteExpiredSegments(bool cleanImmediately) {
  const auto now = std::filesystem::file_time_type::clock::now();
  // Never the segment being written (nor one created ahead of it), nor one
  // whose records are not all in consume queues yet.
  const int64_t keep_from = std::min(dispatchedUpTo_(), commitLog_.maxOffset());
  const auto files = commitLog_.files().files();
  int deleted = 0;
  // Oldest first, stop at the first one kept.
  for (std::size_t i = 0; i + 1 < files.size() && deleted < config_.deleteFilesBatchMax; ++i) {
    const auto& seg = files[i];
    if (seg->fileEndOffset() > keep_from) break;
    std::error_code ec;
    const auto modified = std::filesystem::last_write_time(seg->path(), ec);
    const bool expired = !ec && now >= modified + config_.fileReservedTime;
    if (!expired && !cleanImmediately) break;
    if (!commitLog_.files().removeFirst()) break;
    logger("store")->info("retention: deleted commit-log segment {}", seg->path().filename().string());
    ++deleted;
  }
  return deleted;
}

CleanService::Round CleanService::run(bool manual) {
  std::lock_guard lock(mu_);
  Round round;
  auto usage = diskUsedPercent(config_.storePathRootDir);
  if (!usage.ok()) {
    logger("store")->error("retention: {}", usage.status().toString());
    return round;
  }
  round.diskUsedPercent = *usage;
  bool clean_immediately = false;
  if (*usage > config_.diskSpaceWarningLevelRatio) {
    round.diskFull = true;
    clean_immediately = true;
    commitLog_.setDiskFull(true, "disk of " + config_.storePathRootDir.string() + " is " +
                                     std::to_string(static_cast<int>(*usage)) +
                                     "% used, above diskSpaceWarningLevelRatio " +
                                     std::to_string(config_.diskSpaceWarningLevelRatio) +
                                     "%: appends refused until space is freed");
  } else {
    commitLog_.setDiskFull(false, "");
    clean_immediately = *usage > config_.diskSpaceCleanForciblyRatio;
  }
  const bool space_full = *usage > config_.diskMaxUsedSpaceRatio;
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  const bool time_up = isTimeToDelete(config_.deleteWhen, tm.tm_hour);
  if (time_up || space_full || manual) {
    round.deletedSegments =
        deleteExpiredSegments(config_.cleanFileForciblyEnable && clean_immediately);
  }
  if (round.deletedSegments > 0) {
    const int64_t min = commitLog_.minOffset();
    for (const auto& cq : queues_.all()) round.deletedConsumeQueueFiles += cq->deleteExpiredFiles(min);
    if (index_) round.deletedIndexFiles = index_->deleteExpiredFiles(min);
  }
  return round;
}

}  // namespace apogee::store
