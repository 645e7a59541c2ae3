#include "store/commit_log.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/logging.h"
#include "common/message/big_endian.h"
#include "common/message/sys_flag.h"

namespace apogee::store {

using message::StoredMessage;

namespace {

int64_t nowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// RocketMQ's topic character set; it also keeps topics safe as directory names.
bool validTopicChars(std::string_view topic) {
  return std::all_of(topic.begin(), topic.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-' || c == '%' || c == '|';
  });
}

PutMessageResult failure(PutMessageStatus status, std::string why) {
  PutMessageResult r;
  r.status = status;
  r.errorMessage = std::move(why);
  return r;
}

}  // namespace

CommitLog::CommitLog(const MessageStoreConfig& config)
    : config_(config), files_(config.commitLogDir(), config.mappedFileSizeCommitLog) {}

Status CommitLog::checkRequest(std::string_view topic, std::string_view properties,
                               std::size_t bodySize) const {
  if (topic.empty() || topic.size() > static_cast<std::size_t>(config_.maxTopicLength)) {
    return Status::InvalidArgument("topic length " + std::to_string(topic.size()) +
                                   " not in 1.." + std::to_string(config_.maxTopicLength));
  }
  if (!validTopicChars(topic)) {
    return Status::InvalidArgument("topic '" + std::string(topic) + "' has characters outside [%|a-zA-Z0-9_-]");
  }
  if (properties.size() > message::kMaxPropertiesLength) {
    return Status::ResourceExhausted("properties of " + std::to_string(properties.size()) +
                                     " bytes exceed 32767");
  }
  if (bodySize > static_cast<std::size_t>(config_.maxMessageSize)) {
    return Status::InvalidArgument("message body of " + std::to_string(bodySize) +
                                   " bytes exceeds maxMessageSize " +
                                   std::to_string(config_.maxMessageSize));
  }
  return Status::OK();
}

void CommitLog::setWritable(bool writable, std::string reason) {
  std::lock_guard lock(appendMu_);
  writable_ = writable;
  notWritableReason_ = std::move(reason);
}

void CommitLog::setDiskFull(bool full, std::string reason) {
  if (diskFull() == full) return;
  std::lock_guard lock(appendMu_);
  diskFull_.store(full, std::memory_order_release);
  diskFullReason_ = std::move(reason);
  if (full) logger("store")->error("{}", diskFullReason_);
  else logger("store")->info("disk usage back under the limit: appends accepted again");
}

void CommitLog::removeTopicQueues(std::string_view topic, const std::function<void()>& whilePaused) {
  std::lock_guard lock(appendMu_);
  whilePaused();
  std::erase_if(nextQueueOffset_, [&](const auto& entry) { return entry.first.topic == topic; });
}

void CommitLog::setQueueOffsets(TopicQueueMap<int64_t> next) {
  std::lock_guard lock(appendMu_);
  nextQueueOffset_ = std::move(next);
}

int64_t& CommitLog::nextQueueOffsetLocked(std::string_view topic, int32_t queueId) {
  auto it = nextQueueOffset_.find(TopicQueueRef{topic, queueId});
  if (it == nextQueueOffset_.end()) {
    it = nextQueueOffset_.emplace(TopicQueueKey{std::string(topic), queueId}, 0).first;
  }
  return it->second;
}

Result<std::shared_ptr<MappedFile>> CommitLog::segmentForLocked(int64_t length) {
  if (!current_ || writeOffset_ >= current_->fileEndOffset() || writeOffset_ < current_->fileFromOffset()) {
    auto seg = files_.getOrCreate(writeOffset_);
    if (!seg.ok()) return seg.status();
    current_ = std::move(*seg);
  }
  const int64_t remaining = current_->fileEndOffset() - writeOffset_;
  if (length + message::kBlankRecordMinSize <= remaining) return current_;
  // End of segment: TOTALSIZE = the rest, BLANK magic; the reader skips to
  // the next segment. Only these 8 bytes are written.
  char* p = current_->data() + (writeOffset_ - current_->fileFromOffset());
  if (remaining >= message::kBlankRecordMinSize) {
    message::putI32(p, static_cast<int32_t>(remaining));
    message::putI32(p + 4, message::kBlankMagicCode);
  }
  writeOffset_ = current_->fileEndOffset();
  maxOffset_.store(writeOffset_, std::memory_order_release);
  auto seg = files_.getOrCreate(writeOffset_);
  if (!seg.ok()) return seg.status();
  current_ = std::move(*seg);
  return current_;
}

void CommitLog::publishLocked(int64_t storeTimestamp) {
  // Order matters to flush(): it reads the timestamp, then the offset.
  maxOffset_.store(writeOffset_, std::memory_order_release);
  lastStoreTimestamp_.store(storeTimestamp, std::memory_order_release);
}

PutMessageResult CommitLog::append(const PutMessageRequest& req) {
  if (Status s = checkRequest(req.topic, req.properties, req.body.size()); !s.ok()) {
    return failure(s.code() == StatusCode::kResourceExhausted ? PutMessageStatus::kPropertiesSizeExceeded
                                                              : PutMessageStatus::kMessageIllegal,
                   s.message());
  }
  StoredMessage m;
  m.bodyCrc = message::bodyCrc32(req.body);  // outside the lock: the costly part
  m.queueId = req.queueId.value();
  m.flag = req.flag;
  m.sysFlag = req.sysFlag;
  m.bornTimestamp = req.bornTimestamp;
  m.bornHost = req.bornHost;
  m.storeHost = config_.storeHost;
  m.reconsumeTimes = req.reconsumeTimes;
  m.preparedTransactionOffset = req.preparedTransactionOffset;
  m.body = req.body;
  m.topic = req.topic;
  m.properties = req.properties;
  const int64_t length = message::storedMessageLength(m);
  const bool consumable = message::sys_flag::isConsumable(req.sysFlag);

  PutMessageResult result;
  {
    std::lock_guard lock(appendMu_);
    if (!writable_) return failure(PutMessageStatus::kServiceNotAvailable, notWritableReason_);
    if (diskFull()) return failure(PutMessageStatus::kServiceNotAvailable, diskFullReason_);
    auto seg = segmentForLocked(length);
    if (!seg.ok()) return failure(PutMessageStatus::kCreateMappedFileFailed, seg.status().toString());
    m.storeTimestamp = nowMillis();
    int64_t& next_queue_offset = nextQueueOffsetLocked(req.topic, m.queueId);
    m.queueOffset = consumable ? next_queue_offset : 0;
    m.physicalOffset = writeOffset_;
    message::encodeStoredMessage(m, (*seg)->data() + (writeOffset_ - (*seg)->fileFromOffset()));
    writeOffset_ += length;
    if (consumable) ++next_queue_offset;
    publishLocked(m.storeTimestamp);
  }
  if (appendListener_) appendListener_();
  result.status = PutMessageStatus::kPutOk;
  result.wroteOffset = CommitLogOffset(m.physicalOffset);
  result.wroteBytes = length;
  result.queueOffset = QueueOffset(m.queueOffset);
  result.storeTimestamp = m.storeTimestamp;
  result.messageCount = 1;
  return result;
}

PutMessageResult CommitLog::appendBatch(const PutBatchRequest& req) {
  if (req.entries.empty()) return failure(PutMessageStatus::kMessageIllegal, "empty batch");
  std::size_t body_total = 0;
  for (const auto& e : req.entries) {
    if (Status s = checkRequest(req.topic, e.properties, e.body.size()); !s.ok()) {
      return failure(s.code() == StatusCode::kResourceExhausted ? PutMessageStatus::kPropertiesSizeExceeded
                                                                : PutMessageStatus::kMessageIllegal,
                     s.message());
    }
    body_total += e.body.size();
  }
  if (body_total > static_cast<std::size_t>(config_.maxMessageSize)) {
    return failure(PutMessageStatus::kMessageIllegal,
                   "batch bodies of " + std::to_string(body_total) + " bytes exceed maxMessageSize " +
                       std::to_string(config_.maxMessageSize));
  }
  std::vector<StoredMessage> records(req.entries.size());
  int64_t total = 0;
  for (std::size_t i = 0; i < req.entries.size(); ++i) {
    StoredMessage& m = records[i];
    const BatchEntry& e = req.entries[i];
    m.bodyCrc = message::bodyCrc32(e.body);
    m.queueId = req.queueId.value();
    m.flag = e.flag;
    m.sysFlag = req.sysFlag;
    m.bornTimestamp = req.bornTimestamp;
    m.bornHost = req.bornHost;
    m.storeHost = config_.storeHost;
    m.reconsumeTimes = req.reconsumeTimes;
    m.body = e.body;
    m.topic = req.topic;
    m.properties = e.properties;
    total += message::storedMessageLength(m);
  }
  if (total + message::kBlankRecordMinSize > files_.fileSize()) {
    return failure(PutMessageStatus::kMessageIllegal, "batch of " + std::to_string(total) +
                                                          " bytes does not fit in one segment");
  }
  const bool consumable = message::sys_flag::isConsumable(req.sysFlag);
  PutMessageResult result;
  result.recordOffsets.reserve(records.size());
  {
    std::lock_guard lock(appendMu_);
    if (!writable_) return failure(PutMessageStatus::kServiceNotAvailable, notWritableReason_);
    if (diskFull()) return failure(PutMessageStatus::kServiceNotAvailable, diskFullReason_);
    auto seg = segmentForLocked(total);
    if (!seg.ok()) return failure(PutMessageStatus::kCreateMappedFileFailed, seg.status().toString());
    const int64_t now = nowMillis();
    int64_t& next_queue_offset = nextQueueOffsetLocked(req.topic, req.queueId.value());
    result.wroteOffset = CommitLogOffset(writeOffset_);
    result.queueOffset = QueueOffset(consumable ? next_queue_offset : 0);
    for (StoredMessage& m : records) {
      m.storeTimestamp = now;
      m.queueOffset = consumable ? next_queue_offset : 0;
      m.physicalOffset = writeOffset_;
      message::encodeStoredMessage(m, (*seg)->data() + (writeOffset_ - (*seg)->fileFromOffset()));
      result.recordOffsets.emplace_back(writeOffset_);
      writeOffset_ += message::storedMessageLength(m);
      if (consumable) ++next_queue_offset;
    }
    result.storeTimestamp = now;
    publishLocked(now);
  }
  if (appendListener_) appendListener_();
  result.status = PutMessageStatus::kPutOk;
  result.wroteBytes = total;
  result.messageCount = static_cast<int32_t>(records.size());
  return result;
}

Status CommitLog::warm() {
  static const int64_t kPage = sysconf(_SC_PAGESIZE);
  const int64_t end = maxOffset();
  const int64_t wanted = end + config_.warmMappedFileAheadBytes;
  // Never more than one segment past the one being written (with segments
  // smaller than the warm distance, the writer creates the others itself).
  const int64_t target = std::min(wanted, rollNextFile(end) + files_.fileSize());
  int64_t from = std::max(warmedUpTo_.load(std::memory_order_relaxed), end) / kPage * kPage;
  while (from < target) {
    auto seg = files_.getOrCreate(from);  // creates the next segment ahead of the writer
    if (!seg.ok()) return seg.status();
    const int64_t hi = std::min(target, (*seg)->fileEndOffset());
    char* addr = (*seg)->data() + (from - (*seg)->fileFromOffset());
    // Faults the pages in writable (allocating their blocks) without changing
    // their contents; the appender may be writing just below.
    if (madvise(addr, static_cast<std::size_t>(hi - from), MADV_POPULATE_WRITE) != 0 && errno != EINVAL) {
      return Status::IOError(std::string("madvise(MADV_POPULATE_WRITE): ") + std::strerror(errno));
    }
    from = hi;
  }
  warmedUpTo_.store(wanted, std::memory_order_relaxed);
  return Status::OK();
}

int64_t CommitLog::minOffset() const {
  auto first = files_.first();
  return first ? first->fileFromOffset() : maxOffset();
}

Result<MessageBytes> CommitLog::read(int64_t offset, int32_t size) const {
  if (offset < 0 || size <= 0) return Status::InvalidArgument("bad commit-log range");
  if (offset + size > maxOffset()) {
    return Status::NotFound("commit-log range at " + std::to_string(offset) + " is past the end " +
                            std::to_string(maxOffset()));
  }
  auto seg = files_.findByOffset(offset);
  if (!seg) return Status::NotFound("commit-log offset " + std::to_string(offset) + " was deleted");
  if (offset + size > seg->fileEndOffset()) {
    return Status::Corruption("record at " + std::to_string(offset) + " crosses a segment end");
  }
  return MessageBytes{seg, seg->view(offset - seg->fileFromOffset(), size), CommitLogOffset(offset)};
}

Result<MessageBytes> CommitLog::readRecord(int64_t offset) const {
  auto head = read(offset, 8);
  if (!head.ok()) return head.status();
  const int32_t size = message::getI32(head->bytes.data());
  const int32_t magic = message::getI32(head->bytes.data() + 4);
  if (magic != message::kMessageMagicCodeV1 && magic != message::kMessageMagicCodeV2) {
    return Status::NotFound("no message record at commit-log offset " + std::to_string(offset));
  }
  return read(offset, size);
}

int64_t CommitLog::rollNextFile(int64_t offset) const {
  return offset + files_.fileSize() - offset % files_.fileSize();
}

Status CommitLog::flushLocked() {
  const int64_t timestamp = lastStoreTimestamp_.load(std::memory_order_acquire);
  const int64_t target = maxOffset();
  const int64_t from = flushedOffset();
  if (target <= from) return Status::OK();
  APOGEE_RETURN_IF_ERROR(files_.flush(from, target));
  flushedStoreTimestamp_.store(timestamp, std::memory_order_release);
  flushedOffset_.store(target, std::memory_order_release);
  return Status::OK();
}

Status CommitLog::flush() {
  std::lock_guard lock(flushMu_);
  return flushLocked();
}

Status CommitLog::waitDurable(int64_t end, std::chrono::steady_clock::time_point deadline) {
  if (flushedOffset() >= end) return Status::OK();
  std::unique_lock lock(flushMu_, deadline);
  if (!lock.owns_lock()) return Status::Timeout("flush did not complete within syncFlushTimeout");
  if (flushedOffset() >= end) return Status::OK();  // a previous flusher covered us
  return flushLocked();
}

}  // namespace apogee::store
