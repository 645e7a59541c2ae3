#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

#include "common/message/host_address.h"
#include "common/status.h"

namespace apogee::store {

enum class FlushDiskType {
  // putMessage returns once the record is in the mapped file (page cache); a
  // flush thread makes it durable within flushIntervalCommitLog.
  kAsyncFlush,
  // putMessage returns once the record is durable (msync); concurrent appends
  // share one msync (group commit).
  kSyncFlush,
};

// Settings of the file-backed store, with RocketMQ's names and defaults
// (MessageStoreConfig). The broker fills it from its configuration.
struct MessageStoreConfig {
  std::filesystem::path storePathRootDir;

  // Commit log: segment ("mapped file") size; records never span segments.
  int64_t mappedFileSizeCommitLog = int64_t{1} << 30;
  // Consume queue: entries per file (RocketMQ: 300000, i.e. 6,000,000 bytes).
  int64_t consumeQueueEntriesPerFile = 300000;
  // Largest body accepted, and largest batch (sum of its bodies); a record
  // may be up to this plus 64 KiB (topic, properties, header).
  int32_t maxMessageSize = 4 * 1024 * 1024;
  // 4.9.x rejects longer topics (its V1 record has a signed 1-byte length).
  int32_t maxTopicLength = 127;

  FlushDiskType flushDiskType = FlushDiskType::kAsyncFlush;
  std::chrono::milliseconds flushIntervalCommitLog{500};
  std::chrono::milliseconds syncFlushTimeout{5000};
  // Consume queues, index and checkpoint are flushed this often.
  std::chrono::milliseconds flushIntervalConsumeQueue{1000};

  // Recovery: check body CRCs while scanning; after a clean shutdown scan only
  // this many last segments to find the end (RocketMQ scans 3).
  bool checkCRCOnRecover = true;
  int recoverSegmentsAfterCleanShutdown = 1;

  // Written into every record's STOREHOSTADDRESS (brokerIP1:listenPort).
  message::HostAddress storeHost = message::HostAddress::ipv4(127, 0, 0, 1, 10911);

  // getMessage limits (RocketMQ defaults); "in disk" means older than
  // accessMessageInMemoryMaxRatio percent of physical memory behind the end.
  int32_t maxTransferBytesOnMessageInMemory = 256 * 1024;
  int32_t maxTransferCountOnMessageInMemory = 32;
  int32_t maxTransferBytesOnMessageInDisk = 64 * 1024;
  int32_t maxTransferCountOnMessageInDisk = 8;
  int32_t accessMessageInMemoryMaxRatio = 40;

  // Key index (UNIQ_KEY and KEYS -> commit-log offsets): 420,000,040-byte
  // files by default; queryMessage returns at most maxMsgsNumBatch messages.
  bool messageIndexEnable = true;
  int32_t maxHashSlotNum = 5000000;
  int32_t maxIndexNum = 5000000 * 4;
  int32_t maxMsgsNumBatch = 64;

  // Retention and disk safety (RocketMQ's CleanCommitLogService). Every
  // cleanResourceInterval: commit-log segments last modified more than
  // fileReservedTime ago are deleted at the hours in deleteWhen ("04",
  // "04;16"), or at any time once the disk holding the store is more than
  // diskMaxUsedSpaceRatio percent full; past diskSpaceCleanForciblyRatio they
  // are deleted whatever their age; past diskSpaceWarningLevelRatio appends
  // are refused until usage drops. The last segment and segments not yet
  // dispatched are never deleted; at most deleteFilesBatchMax per round.
  std::chrono::milliseconds fileReservedTime = std::chrono::hours(72);
  std::string deleteWhen = "04";
  int32_t diskMaxUsedSpaceRatio = 75;
  int32_t diskSpaceCleanForciblyRatio = 85;
  int32_t diskSpaceWarningLevelRatio = 90;
  bool cleanFileForciblyEnable = true;
  std::chrono::milliseconds cleanResourceInterval{10000};
  int32_t deleteFilesBatchMax = 10;

  // Delay levels of SCHEDULE_TOPIC_XXXX (its consume-queue tagsCode is the
  // delivery time).
  std::string messageDelayLevel = "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h";

  // A background thread keeps this many bytes past the commit log's end
  // mapped and allocated (MADV_POPULATE_WRITE), and creates the next segment
  // ahead of time, so appends do not take page faults or create files under
  // the append lock (RocketMQ's warmMappedFile / AllocateMappedFileService).
  // 0 turns it off.
  int64_t warmMappedFileAheadBytes = 8 << 20;

  // Reput: longest idle wait when no append wakes the dispatcher.
  std::chrono::milliseconds reputIdleWait{10};

  std::filesystem::path commitLogDir() const { return storePathRootDir / "commitlog"; }
  std::filesystem::path consumeQueueDir() const { return storePathRootDir / "consumequeue"; }
  std::filesystem::path indexDir() const { return storePathRootDir / "index"; }
  std::filesystem::path checkpointPath() const { return storePathRootDir / "checkpoint"; }
  std::filesystem::path abortPath() const { return storePathRootDir / "abort"; }
  std::filesystem::path lockPath() const { return storePathRootDir / "lock"; }

  int64_t maxRecordSize() const { return int64_t{maxMessageSize} + 64 * 1024; }

  // InvalidArgument naming the first inconsistent setting.
  Status validate() const;
};

}  // namespace apogee::store
