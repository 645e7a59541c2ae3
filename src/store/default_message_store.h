#pragma once

#include <atomic>
#include <memory>
#include <optional>

#include "common/service_thread.h"
#include "store/clean_service.h"
#include "store/commit_log.h"
#include "store/consume_queue_table.h"
#include "store/index_service.h"
#include "store/message_store.h"
#include "store/reput_service.h"
#include "store/store_checkpoint.h"
#include "store/store_config.h"
#include "store/store_lock.h"

namespace apogee::store {

// The file-backed MessageStore: RocketMQ's on-disk formats and layout
// (docs/store.md explains the write, dispatch and read paths and what each
// flush mode guarantees).
//
// Threads it runs: the reput (dispatch) thread; a commit-log flush thread in
// async mode; a thread flushing consume queues, index and checkpoint; the
// retention thread. In sync mode the putMessage callers flush (group
// commit).
class DefaultMessageStore final : public MessageStore {
 public:
  explicit DefaultMessageStore(MessageStoreConfig config);
  ~DefaultMessageStore() override;

  Status start() override;
  void shutdown() override;

  PutMessageResult putMessage(const PutMessageRequest& request) override;
  PutMessageResult putMessages(const PutBatchRequest& request) override;

  Result<GetMessageResult> getMessage(std::string_view group, std::string_view topic,
                                      QueueId queueId, QueueOffset offset, int32_t maxMsgNums,
                                      const MessageFilter* filter) override;
  Result<MessageBytes> lookMessageByOffset(CommitLogOffset offset) override;
  Result<QueryMessageResult> queryMessage(std::string_view topic, std::string_view key, int32_t maxNum,
                                          int64_t begin, int64_t end) override;

  QueueOffset getMinOffsetInQueue(std::string_view topic, QueueId queueId) override;
  QueueOffset getMaxOffsetInQueue(std::string_view topic, QueueId queueId) override;
  Result<CommitLogOffset> getCommitLogOffsetInQueue(std::string_view topic, QueueId queueId,
                                                    QueueOffset offset) override;
  QueueOffset getOffsetInQueueByTime(std::string_view topic, QueueId queueId, int64_t timestamp,
                                     BoundaryType boundary) override;
  int64_t getEarliestMessageTime(std::string_view topic, QueueId queueId) override;
  int64_t getEarliestMessageTime() override;
  int64_t getMessageStoreTimeStamp(std::string_view topic, QueueId queueId,
                                   QueueOffset offset) override;
  CommitLogOffset getMinPhyOffset() override;
  CommitLogOffset getMaxPhyOffset() override;

  void addArrivalListener(ArrivalListener listener) override;
  const StoreStats& stats() const override { return stats_; }
  Status deleteTopic(std::string_view topic) override;

  // --- for tests and tools ---
  const MessageStoreConfig& config() const { return config_; }
  // Whether start() found the abort marker (the last run did not shut down).
  bool recoveredFromCrash() const { return recoveredFromCrash_; }
  // Blocks until every record appended so far is dispatched (or the deadline).
  bool waitDispatched(std::chrono::milliseconds timeout) const;
  // One retention round now, on the caller's thread (RocketMQ's
  // executeDeleteFilesManually when `manual`: expired segments go whatever
  // the hour).
  CleanService::Round cleanFilesNow(bool manual = true) { return clean_->run(manual); }
  // Whether appends are refused because the disk passed its hard limit.
  bool diskFull() const { return commitLog_->diskFull(); }
  // End of the durable part of the commit log.
  CommitLogOffset getFlushedPhyOffset() const { return CommitLogOffset(commitLog_->flushedOffset()); }
  // Bytes of the commit log not yet in consume queues.
  int64_t dispatchBehindBytes() const { return reput_->behindBytes(); }

 private:
  Status recover(bool abnormal);
  void startServices();
  PutMessageResult finishPut(PutMessageResult result);
  PutMessageResult countPut(PutMessageResult result, std::chrono::steady_clock::time_point start);
  Result<GetMessageResult> getMessageUncounted(std::string_view topic, QueueId queueId,
                                               QueueOffset offset, int32_t maxMsgNums,
                                               const MessageFilter* filter);
  // Store timestamp of the record at `offset`, or -1.
  int64_t storeTimestampAt(int64_t commitLogOffset, int32_t size) const;
  bool running() const { return running_.load(std::memory_order_acquire); }
  void flushLogicsAndCheckpoint();

  const MessageStoreConfig config_;
  StoreLock lock_;
  std::unique_ptr<CommitLog> commitLog_;
  std::unique_ptr<ConsumeQueueTable> queues_;
  std::unique_ptr<StoreCheckpoint> checkpoint_;
  std::unique_ptr<ReputService> reput_;
  std::unique_ptr<IndexService> index_;  // null when messageIndexEnable is off
  std::vector<ArrivalListener> pendingListeners_;
  ServiceThread commitLogFlusher_{"FlushRealTimeService"};
  std::unique_ptr<CleanService> clean_;
  ServiceThread logicsFlusher_{"FlushConsumeQueueService"};
  ServiceThread cleaner_{"CleanCommitLogService"};
  ServiceThread warmer_{"AllocateMappedFileService"};
  StoreStats stats_;
  std::atomic<bool> running_{false};
  bool recoveredFromCrash_ = false;
  int64_t memoryForHotData_ = 0;  // bytes behind the end still counted as in memory
};

}  // namespace apogee::store
