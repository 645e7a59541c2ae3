#include "store/default_message_store.h"

#include <unistd.h>

#include <system_error>
#include <thread>

#include "common/logging.h"

namespace apogee::store {

DefaultMessageStore::DefaultMessageStore(MessageStoreConfig config) : config_(std::move(config)) {
  const int64_t pages = sysconf(_SC_PHYS_PAGES);
  const int64_t page = sysconf(_SC_PAGESIZE);
  memoryForHotData_ = pages * page / 100 * config_.accessMessageInMemoryMaxRatio;
}

DefaultMessageStore::~DefaultMessageStore() { shutdown(); }

void DefaultMessageStore::addArrivalListener(ArrivalListener listener) {
  pendingListeners_.push_back(std::move(listener));
}

Status DefaultMessageStore::start() {
  if (commitLog_) return Status::InvalidArgument("a store object can be started once");
  APOGEE_RETURN_IF_ERROR(config_.validate());
  auto delays = DelayLevels::parse(config_.messageDelayLevel);
  if (!delays.ok()) return delays.status();
  std::error_code ec;
  std::filesystem::create_directories(config_.storePathRootDir, ec);
  if (ec) return Status::IOError("create " + config_.storePathRootDir.string() + ": " + ec.message());
  APOGEE_RETURN_IF_ERROR(lock_.acquire(config_.lockPath()));

  recoveredFromCrash_ = StoreLock::abortFileExists(config_.abortPath());
  commitLog_ = std::make_unique<CommitLog>(config_);
  queues_ = std::make_unique<ConsumeQueueTable>(config_.consumeQueueDir(), config_.consumeQueueEntriesPerFile);
  reput_ = std::make_unique<ReputService>(config_, *commitLog_, *queues_, std::move(*delays));
  if (config_.messageIndexEnable) {
    index_ = std::make_unique<IndexService>(config_.indexDir(), config_.maxHashSlotNum, config_.maxIndexNum);
    reput_->addDispatcher([index = index_.get()](const DispatchRequest& r) { return index->buildIndex(r); });
  }
  Status s = commitLog_->load();
  if (s.ok()) s = queues_->load();
  if (s.ok() && index_) s = index_->load();
  if (s.ok()) {
    auto cp = StoreCheckpoint::open(config_.checkpointPath());
    s = cp.status();
    if (cp.ok()) checkpoint_ = std::move(*cp);
  }
  if (s.ok()) s = recover(recoveredFromCrash_);
  if (s.ok()) s = StoreLock::createAbortFile(config_.abortPath());
  if (!s.ok()) {
    lock_.release();
    return s;
  }
  for (auto& listener : pendingListeners_) reput_->addArrivalListener(std::move(listener));
  pendingListeners_.clear();
  reput_->setNotifyListeners(true);
  commitLog_->setAppendListener([this] {
    reput_->wakeup();
    if (commitLog_->needsWarming()) warmer_.wakeup();
  });
  clean_ = std::make_unique<CleanService>(config_, *commitLog_, *queues_, index_.get(),
                                          [reput = reput_.get()] { return reput->reputFrom(); });
  startServices();
  running_.store(true, std::memory_order_release);
  return Status::OK();
}

Status DefaultMessageStore::recover(bool abnormal) {
  auto log = logger("store");
  log->info("recovering {} after a {} shutdown", config_.storePathRootDir.string(),
            abnormal ? "crash" : "clean");
  APOGEE_RETURN_IF_ERROR(queues_->recoverAll(abnormal));

  // After a crash, start where consume queues (and the index) were last
  // known durable.
  const int64_t safe_ts = index_ ? checkpoint_->minTimestampIndex() : checkpoint_->minTimestamp();
  const int64_t scan_from = abnormal
                                ? commitLog_->abnormalRecoveryStart(safe_ts)
                                : commitLog_->cleanRecoveryStart(config_.recoverSegmentsAfterCleanShutdown);
  const CommitLog::ScanResult scan = commitLog_->scanValidEnd(scan_from, config_.checkCRCOnRecover);
  const int64_t last_ts = std::max(scan.lastStoreTimestamp, checkpoint_->physicMsgTimestamp());
  APOGEE_RETURN_IF_ERROR(commitLog_->setEnd(scan.end, abnormal ? scan_from : scan.end, last_ts));
  APOGEE_RETURN_IF_ERROR(queues_->truncateDirty(scan.end));
  queues_->correctMinOffsets(commitLog_->minOffset());

  // After a crash, rebuild consume queues from the safe point (units already
  // present are skipped); after a clean shutdown, only what follows the
  // queues' last entry.
  const int64_t dispatch_from =
      abnormal ? scan_from : std::max(queues_->maxPhysicalEnd(), commitLog_->minOffset());
  reput_->setReputFrom(std::min(dispatch_from, scan.end));
  reput_->setLastDispatchedTimestamp(checkpoint_->logicsMsgTimestamp());
  APOGEE_RETURN_IF_ERROR(reput_->dispatchAvailable());
  commitLog_->setQueueOffsets(queues_->nextOffsets());

  // The recovered state becomes the new safe point.
  APOGEE_RETURN_IF_ERROR(queues_->flushAll());
  if (index_) {
    const int64_t index_ts = index_->flush();
    if (index_ts < 0) return Status::IOError("index flush failed");
    checkpoint_->setIndexMsgTimestamp(std::max(index_ts, checkpoint_->indexMsgTimestamp()));
  }
  checkpoint_->setPhysicMsgTimestamp(last_ts);
  checkpoint_->setLogicsMsgTimestamp(std::max(reput_->lastDispatchedTimestamp(), checkpoint_->logicsMsgTimestamp()));
  APOGEE_RETURN_IF_ERROR(checkpoint_->flush());
  log->info("recovered: commit log [{}, {}), {} records scanned, {} consume queues",
            commitLog_->minOffset(), scan.end, scan.records, queues_->all().size());
  return Status::OK();
}

void DefaultMessageStore::startServices() {
  reput_->start();
  if (config_.flushDiskType == FlushDiskType::kAsyncFlush) {
    commitLogFlusher_.start([this](ServiceThread& self) {
      while (!self.stopping()) {
        self.waitForRunning(config_.flushIntervalCommitLog);
        if (Status s = commitLog_->flush(); !s.ok()) {
          logger("store")->error("commit-log flush failed: {}", s.toString());
        }
      }
    });
  }
  if (config_.warmMappedFileAheadBytes > 0) {
    warmer_.start([this](ServiceThread& self) {
      while (!self.stopping()) {
        if (Status s = commitLog_->warm(); !s.ok()) logger("store")->warn("warming the commit log: {}", s.toString());
        self.waitForRunning(std::chrono::milliseconds(100));
      }
    });
  }
  cleaner_.start([this](ServiceThread& self) {
    while (!self.stopping()) {
      clean_->run(false);
      self.waitForRunning(config_.cleanResourceInterval);
    }
  });
  logicsFlusher_.start([this](ServiceThread& self) {
    while (!self.stopping()) {
      self.waitForRunning(config_.flushIntervalConsumeQueue);
      flushLogicsAndCheckpoint();
      stats_.sample(std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count());
    }
  });
}

void DefaultMessageStore::flushLogicsAndCheckpoint() {
  // Timestamps are taken before flushing, so the checkpoint never claims
  // more than what the flush covered.
  const int64_t logics_ts = reput_->lastDispatchedTimestamp();
  const int64_t physic_ts = commitLog_->flushedStoreTimestamp();
  if (Status s = queues_->flushAll(); !s.ok()) {
    logger("store")->error("consume-queue flush failed: {}", s.toString());
    return;
  }
  if (index_) {
    const int64_t index_ts = index_->flush();
    if (index_ts < 0) return;
    checkpoint_->setIndexMsgTimestamp(index_ts);
  }
  checkpoint_->setLogicsMsgTimestamp(logics_ts);
  checkpoint_->setPhysicMsgTimestamp(physic_ts);
  if (Status s = checkpoint_->flush(); !s.ok()) {
    logger("store")->error("checkpoint flush failed: {}", s.toString());
  }
}

void DefaultMessageStore::shutdown() {
  if (!running_.exchange(false)) return;
  auto log = logger("store");
  // Waits for appends in progress (they hold the append lock) and refuses new ones.
  commitLog_->setWritable(false, "store is shut down");
  cleaner_.stop();
  warmer_.stop();
  logicsFlusher_.stop();
  commitLogFlusher_.stop();
  reput_->stop();
  Status s = reput_->dispatchAvailable();
  if (s.ok()) s = commitLog_->flush();
  if (s.ok()) {
    reput_->setNotifyListeners(false);
    flushLogicsAndCheckpoint();
    s = queues_->flushAll();
  }
  if (s.ok()) s = StoreLock::removeAbortFile(config_.abortPath());
  if (!s.ok()) log->error("unclean shutdown (next start recovers as after a crash): {}", s.toString());
  lock_.release();
  log->info("store {} shut down at commit-log offset {}", config_.storePathRootDir.string(),
            commitLog_->maxOffset());
}

PutMessageResult DefaultMessageStore::finishPut(PutMessageResult result) {
  if (!result.ok() || config_.flushDiskType != FlushDiskType::kSyncFlush) return result;
  const auto deadline = std::chrono::steady_clock::now() + config_.syncFlushTimeout;
  Status s = commitLog_->waitDurable(result.wroteOffset.value() + result.wroteBytes, deadline);
  if (!s.ok()) {
    result.status = PutMessageStatus::kFlushDiskTimeout;
    result.errorMessage = s.toString();
  }
  return result;
}

PutMessageResult DefaultMessageStore::countPut(PutMessageResult result,
                                               std::chrono::steady_clock::time_point start) {
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  stats_.onPut(result.stored(), result.messageCount, result.wroteBytes, elapsed.count());
  return result;
}

PutMessageResult DefaultMessageStore::putMessage(const PutMessageRequest& request) {
  if (!running()) {
    PutMessageResult r;
    r.status = PutMessageStatus::kServiceNotAvailable;
    r.errorMessage = "message store is not running";
    return r;
  }
  const auto start = std::chrono::steady_clock::now();
  return countPut(finishPut(commitLog_->append(request)), start);
}

PutMessageResult DefaultMessageStore::putMessages(const PutBatchRequest& request) {
  if (!running()) {
    PutMessageResult r;
    r.status = PutMessageStatus::kServiceNotAvailable;
    r.errorMessage = "message store is not running";
    return r;
  }
  const auto start = std::chrono::steady_clock::now();
  return countPut(finishPut(commitLog_->appendBatch(request)), start);
}

Status DefaultMessageStore::deleteTopic(std::string_view topic) {
  if (!running()) return Status::Unavailable("message store is not running");
  bool dispatched = false;
  // Appends are paused while the topic goes: the reput first indexes what
  // was appended before (else it would recreate a queue just destroyed).
  commitLog_->removeTopicQueues(topic, [&] {
    dispatched = waitDispatched(std::chrono::seconds(5));
    if (dispatched) queues_->destroyTopic(topic);
  });
  if (!dispatched) return Status::Timeout("dispatch did not catch up; topic kept");
  logger("store")->info("topic {} deleted: consume queues and queue offsets removed", topic);
  return Status::OK();
}

bool DefaultMessageStore::waitDispatched(std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (reput_->behindBytes() > 0) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return true;
}

CommitLogOffset DefaultMessageStore::getMinPhyOffset() {
  return CommitLogOffset(commitLog_ ? commitLog_->minOffset() : 0);
}

CommitLogOffset DefaultMessageStore::getMaxPhyOffset() {
  return CommitLogOffset(commitLog_ ? commitLog_->maxOffset() : 0);
}

}  // namespace apogee::store
