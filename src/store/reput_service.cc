#include "store/reput_service.h"

#include "common/logging.h"
#include "common/message/big_endian.h"
#include "common/message/message_const.h"
#include "common/message/properties.h"
#include "common/message/sys_flag.h"
#include "common/message/tag_hash.h"

namespace apogee::store {

ReputService::ReputService(const MessageStoreConfig& config, CommitLog& commitLog,
                           ConsumeQueueTable& queues, DelayLevels delayLevels)
    : config_(config), commitLog_(commitLog), queues_(queues), delayLevels_(std::move(delayLevels)) {}

ReputService::~ReputService() { stop(); }

Status ReputService::dispatchRecord(std::string_view record, int64_t offset) {
  // No CRC check here: the record was written by this process (or validated
  // by recovery).
  auto decoded = message::decodeStoredMessage(record, /*checkCrc=*/false);
  if (!decoded.ok()) return decoded.status();
  const message::StoredMessage& m = *decoded;
  if (m.physicalOffset != offset) {
    return Status::Corruption("record at " + std::to_string(offset) + " claims offset " +
                              std::to_string(m.physicalOffset));
  }
  DispatchRequest req;
  req.topic = m.topic;
  req.queueId = m.queueId;
  req.commitLogOffset = offset;
  req.size = m.totalSize;
  req.storeTimestamp = m.storeTimestamp;
  req.queueOffset = m.queueOffset;
  req.sysFlag = m.sysFlag;
  req.properties = m.properties;
  std::string_view delay;
  message::forEachProperty(m.properties, [&](std::string_view k, std::string_view v) {
    if (k == message::property::kTags) req.tagsCode = message::tagsCode(v);
    else if (k == message::property::kKeys) req.keys = v;
    else if (k == message::property::kUniqClientMessageId) req.uniqKey = v;
    else if (k == message::property::kDelayTimeLevel) delay = v;
  });
  if (req.topic == kScheduleTopic && !delay.empty()) {
    int level = 0;
    for (char c : delay) level = (c >= '0' && c <= '9') ? level * 10 + (c - '0') : level;
    if (level > 0) req.tagsCode = delayLevels_.deliverTimestamp(level, req.storeTimestamp);
  }

  const bool consumable = message::sys_flag::isConsumable(req.sysFlag);
  if (consumable) {
    auto cq = queues_.findOrCreate(req.topic, req.queueId);
    if (!cq.ok()) return cq.status();
    APOGEE_RETURN_IF_ERROR((*cq)->put(req.queueOffset, offset, req.size, req.tagsCode));
  }
  for (const auto& dispatcher : dispatchers_) APOGEE_RETURN_IF_ERROR(dispatcher(req));
  lastTimestamp_.store(req.storeTimestamp, std::memory_order_release);
  if (consumable && notify_) {
    ArrivalNotice notice{req.topic,     QueueId(req.queueId),  QueueOffset(req.queueOffset),
                         QueueOffset(req.queueOffset + 1),     req.tagsCode,
                         req.storeTimestamp, req.properties};
    for (const auto& listener : listeners_) listener(notice);
  }
  return Status::OK();
}

Status ReputService::dispatchAvailable() {
  const int64_t end = commitLog_.maxOffset();
  int64_t from = reputFrom();
  std::shared_ptr<MappedFile> seg;
  while (from < end) {
    if (!seg || from < seg->fileFromOffset() || from >= seg->fileEndOffset()) {
      seg = commitLog_.segmentAt(from);
      if (!seg) {
        // Deleted by retention before being dispatched: resume at the oldest data.
        const int64_t min = commitLog_.minOffset();
        if (min <= from) return Status::Internal("no commit-log segment at " + std::to_string(from));
        logger("store")->warn("reput: offset {} was deleted, resuming at {}", from, min);
        from = min;
        setReputFrom(from);
        continue;
      }
    }
    const int64_t pos = from - seg->fileFromOffset();
    const int64_t remaining = seg->size() - pos;
    if (remaining < message::kBlankRecordMinSize ||
        message::getI32(seg->data() + pos + 4) == message::kBlankMagicCode) {
      from = seg->fileEndOffset();
      setReputFrom(from);
      continue;
    }
    const int32_t size = message::getI32(seg->data() + pos);
    if (size <= 0 || size > remaining || from + size > end) {
      return Status::Corruption("reput: bad record size " + std::to_string(size) + " at " +
                                std::to_string(from));
    }
    APOGEE_RETURN_IF_ERROR(dispatchRecord(seg->view(pos, size), from));
    from += size;
    setReputFrom(from);
  }
  return Status::OK();
}

void ReputService::start() {
  thread_.start([this](ServiceThread& self) {
    int64_t failed_at = -1;
    while (!self.stopping()) {
      Status s = dispatchAvailable();
      if (!s.ok() && failed_at != reputFrom()) {
        failed_at = reputFrom();
        logger("store")->error("dispatch stopped at commit-log offset {}: {}", failed_at, s.toString());
      }
      if (!s.ok() || behindBytes() <= 0) {
        self.waitForRunning(std::chrono::duration_cast<std::chrono::microseconds>(config_.reputIdleWait));
      }
    }
  });
}

void ReputService::stop() { thread_.stop(); }

}  // namespace apogee::store
