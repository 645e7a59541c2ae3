#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "common/message/stored_message.h"
#include "common/result.h"
#include "store/mapped_file_queue.h"
#include "store/message_bytes.h"
#include "store/put_message.h"
#include "store/store_config.h"
#include "store/topic_queue_key.h"

namespace apogee::store {

// The commit log: every message of every topic, appended to one sequence of
// mapped segment files (docs/formats/store.md, docs/store.md).
//
// Write path: append() validates and computes the body CRC without any lock,
// then under appendMu_ assigns the queue offset (per-queue table), the
// physical offset and the store timestamp and encodes the record straight
// into the mapped segment; the new end is then published (maxOffset()) with
// release order. A record that does not fit in the rest of a segment leaves
// an 8-byte blank record and goes to the next segment.
//
// Visibility and durability: bytes below maxOffset() are complete and
// readable; they survive the process being killed at once (page cache) and
// a machine crash once flushedOffset() passes them (flush() or
// waitDurable()).
//
// Thread safety: append*, read*, flush* from any thread. load(), the
// recovery calls and setQueueOffsets() only before the first append.
class CommitLog {
 public:
  explicit CommitLog(const MessageStoreConfig& config);

  // --- startup ---
  Status load();
  // Start of the segment from which recovery scans after a crash: the last
  // segment whose first record was stored at or before `safeTimestamp`
  // (RocketMQ's rule), else the first segment.
  int64_t abnormalRecoveryStart(int64_t safeTimestamp) const;
  // Start of the `segments`-th last segment that holds data.
  int64_t cleanRecoveryStart(int segments) const;
  // Validates records from `from` (a segment start) and returns the end of
  // the last valid one (magic, size, fields, physical offset, body CRC when
  // `checkCrc`) and its store timestamp (0 if none was found). Blank records
  // move on to the next segment.
  struct ScanResult {
    int64_t end = 0;
    int64_t lastStoreTimestamp = 0;
    int64_t records = 0;
  };
  ScanResult scanValidEnd(int64_t from, bool checkCrc) const;
  // Makes `end` the end of the log: removes what follows (zeroed, durably),
  // makes [durableFrom, end) durable (bytes recovery found in the page cache
  // may not be on disk yet) and records `lastStoreTimestamp` as the store
  // time of the last durable record.
  Status setEnd(int64_t end, int64_t durableFrom, int64_t lastStoreTimestamp);
  // Next queue offset of each (topic, queue id), from the consume queues.
  void setQueueOffsets(TopicQueueMap<int64_t> next);
  // Topic deletion: forgets the topic's queue offsets (a topic created again
  // starts at 0). `whilePaused` runs under the append lock, so nothing is
  // appended meanwhile; it must not append.
  void removeTopicQueues(std::string_view topic, const std::function<void()>& whilePaused);

  // --- write path ---
  // `acceptWrites` false makes appends fail with SERVICE_NOT_AVAILABLE.
  void setWritable(bool writable, std::string reason);
  // While set, appends fail with SERVICE_NOT_AVAILABLE and `reason` (the
  // retention service sets it when the disk passes its hard limit).
  void setDiskFull(bool full, std::string reason);
  bool diskFull() const { return diskFull_.load(std::memory_order_acquire); }
  PutMessageResult append(const PutMessageRequest& request);
  PutMessageResult appendBatch(const PutBatchRequest& request);
  // Called after every successful append, outside the lock (wakes reput).
  void setAppendListener(std::function<void()> listener) { appendListener_ = std::move(listener); }

  // --- read path ---
  int64_t minOffset() const;
  int64_t maxOffset() const { return maxOffset_.load(std::memory_order_acquire); }
  // [offset, offset + size) if it lies below maxOffset() in a live segment.
  Result<MessageBytes> read(int64_t offset, int32_t size) const;
  // The whole record starting at `offset` (its size read from the record).
  Result<MessageBytes> readRecord(int64_t offset) const;
  // The segment containing `offset`, or null (deleted or not yet written).
  std::shared_ptr<MappedFile> segmentAt(int64_t offset) const { return files_.findByOffset(offset); }
  int64_t rollNextFile(int64_t offset) const;
  int64_t segmentSize() const { return files_.fileSize(); }

  // --- warming (see MessageStoreConfig::warmMappedFileAheadBytes) ---
  // Whether the warmed range runs short of the end (cheap: two loads).
  bool needsWarming() const {
    return config_.warmMappedFileAheadBytes > 0 &&
           maxOffset() + config_.warmMappedFileAheadBytes / 2 > warmedUpTo_.load(std::memory_order_relaxed);
  }
  // Prefaults [end, end + ahead) for writing (at most up to the end of the
  // next segment), creating the next segment if the range reaches it. One
  // caller at a time (the warm thread).
  Status warm();

  // --- durability ---
  // Makes everything appended so far durable. One flush at a time.
  Status flush();
  // Returns once [0, end) is durable: group commit, since whoever flushes
  // covers every append published before it started. Timeout when the flush
  // lock cannot be had before `deadline`.
  Status waitDurable(int64_t end, std::chrono::steady_clock::time_point deadline);
  int64_t flushedOffset() const { return flushedOffset_.load(std::memory_order_acquire); }
  // Store timestamp of the last record covered by the last flush.
  int64_t flushedStoreTimestamp() const { return flushedStoreTimestamp_.load(std::memory_order_acquire); }

  // --- retention ---
  MappedFileQueue& files() { return files_; }

 private:
  Status checkRequest(std::string_view topic, std::string_view properties, std::size_t bodySize) const;
  // Under appendMu_: the segment where `length` bytes go at writeOffset_,
  // after writing a blank record and rolling when they do not fit.
  Result<std::shared_ptr<MappedFile>> segmentForLocked(int64_t length);
  int64_t& nextQueueOffsetLocked(std::string_view topic, int32_t queueId);
  void publishLocked(int64_t storeTimestamp);
  Status flushLocked();

  const MessageStoreConfig& config_;
  MappedFileQueue files_;

  std::mutex appendMu_;  // the append lock; never held across I/O except segment creation
  int64_t writeOffset_ = 0;                  // guarded by appendMu_
  std::shared_ptr<MappedFile> current_;      // guarded by appendMu_
  TopicQueueMap<int64_t> nextQueueOffset_;   // guarded by appendMu_
  bool writable_ = true;                     // guarded by appendMu_
  std::string notWritableReason_;            // guarded by appendMu_
  std::atomic<bool> diskFull_{false};
  std::string diskFullReason_;               // guarded by appendMu_
  std::atomic<int64_t> maxOffset_{0};
  std::atomic<int64_t> lastStoreTimestamp_{0};
  std::atomic<int64_t> warmedUpTo_{0};  // written by the warm thread only

  std::timed_mutex flushMu_;  // one flusher at a time; held across msync by design
  std::atomic<int64_t> flushedOffset_{0};
  std::atomic<int64_t> flushedStoreTimestamp_{0};

  std::function<void()> appendListener_;
};

}  // namespace apogee::store
