#include "store/store_config.h"

#include <string>

namespace apogee::store {

Status MessageStoreConfig::validate() const {
  if (storePathRootDir.empty()) return Status::InvalidArgument("storePathRootDir is empty");
  if (maxMessageSize <= 0) return Status::InvalidArgument("maxMessageSize must be positive");
  if (maxTopicLength <= 0 || maxTopicLength > 255) {
    return Status::InvalidArgument("maxTopicLength must be in 1..255");
  }
  // A whole record plus the 8-byte blank must fit in one segment.
  if (mappedFileSizeCommitLog < maxRecordSize() + 8) {
    return Status::InvalidArgument(
        "mappedFileSizeCommitLog " + std::to_string(mappedFileSizeCommitLog) +
        " cannot hold the largest record (maxMessageSize + 64 KiB + 8 bytes)");
  }
  if (consumeQueueEntriesPerFile <= 0) {
    return Status::InvalidArgument("consumeQueueEntriesPerFile must be positive");
  }
  if (flushIntervalCommitLog.count() <= 0 || flushIntervalConsumeQueue.count() <= 0) {
    return Status::InvalidArgument("flush intervals must be positive");
  }
  if (messageIndexEnable && (maxHashSlotNum <= 0 || maxIndexNum <= 1 || maxMsgsNumBatch <= 0)) {
    return Status::InvalidArgument("index settings must be positive (maxIndexNum at least 2)");
  }
  for (int32_t ratio : {diskMaxUsedSpaceRatio, diskSpaceCleanForciblyRatio, diskSpaceWarningLevelRatio}) {
    if (ratio < 0 || ratio > 100) return Status::InvalidArgument("disk ratios are percentages (0..100)");
  }
  if (cleanResourceInterval.count() <= 0 || deleteFilesBatchMax <= 0) {
    return Status::InvalidArgument("cleanResourceInterval and deleteFilesBatchMax must be positive");
  }
  if (recoverSegmentsAfterCleanShutdown < 1) {
    return Status::InvalidArgument("recoverSegmentsAfterCleanShutdown must be at least 1");
  }
  return Status::OK();
}

}  // namespace apogee::store
