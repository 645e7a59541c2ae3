#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>

#include "store/commit_log.h"
#include "store/consume_queue_table.h"
#include "store/index_service.h"
#include "store/store_config.h"

namespace apogee::store {

// Retention and disk safety (RocketMQ's CleanCommitLogService and
// CleanConsumeQueueService); see MessageStoreConfig for the rules.
//
// Thread safety: run() from the store's clean thread or a caller (manual
// deletion); rounds are serialized by an internal mutex.
class CleanService {
 public:
  // `dispatchedUpTo` returns the commit-log offset below which everything is
  // in consume queues: segments past it are kept.
  CleanService(const MessageStoreConfig& config, CommitLog& commitLog, ConsumeQueueTable& queues,
               IndexService* index, std::function<int64_t()> dispatchedUpTo);

  struct Round {
    double diskUsedPercent = 0;
    bool diskFull = false;        // appends refused after this round
    int deletedSegments = 0;
    int deletedConsumeQueueFiles = 0;
    int deletedIndexFiles = 0;
  };
  // One round: check the disk, delete what the rules allow. `manual` deletes
  // expired segments whatever the hour (RocketMQ's executeDeleteFilesManually).
  Round run(bool manual);

  // Whether the current local hour is listed in deleteWhen ("04;16").
  static bool isTimeToDelete(std::string_view deleteWhen, int hour);

 private:
  int deleteExpiredSegments(bool cleanImmediately);

  const MessageStoreConfig& config_;
  CommitLog& commitLog_;
  ConsumeQueueTable& queues_;
  IndexService* index_;
  std::function<int64_t()> dispatchedUpTo_;
  std::mutex mu_;  // one round at a time; held across file deletion
};

}  // namespace apogee::store
