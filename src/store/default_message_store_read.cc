// DefaultMessageStore: the read path (getMessage and the offset lookups).
#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "common/message/big_endian.h"
#include "common/message/message_const.h"
#include "common/message/properties.h"
#include "common/message/stored_message.h"
#include "store/default_message_store.h"

namespace apogee::store {
namespace {

// RocketMQ scans at most 16000 bytes of consume queue (800 units) per pull,
// or maxMsgNums units when that is more.
constexpr int64_t kMaxFilterUnits = 16000 / ConsumeQueue::kUnitSize;

}  // namespace

int64_t DefaultMessageStore::storeTimestampAt(int64_t commitLogOffset, int32_t size) const {
  auto rec = commitLog_->read(commitLogOffset, size);
  if (!rec.ok() || rec->bytes.size() < 64) return -1;
  const int32_t sys_flag = message::getI32(rec->bytes.data() + message::kSysFlagPosition);
  const int pos = message::storeTimestampPosition(sys_flag);
  if (static_cast<std::size_t>(pos) + 8 > rec->bytes.size()) return -1;
  return message::getI64(rec->bytes.data() + pos);
}

Result<GetMessageResult> DefaultMessageStore::getMessage(std::string_view /*group*/,
                                                         std::string_view topic, QueueId queueId,
                                                         QueueOffset offset, int32_t maxMsgNums,
                                                         const MessageFilter* filter) {
  if (!running()) return Status::Unavailable("message store is not running");
  const auto start = std::chrono::steady_clock::now();
  auto result = getMessageUncounted(topic, queueId, offset, maxMsgNums, filter);
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  stats_.onGet(result.ok() ? result->messages.size() : 0, elapsed.count());
  return result;
}

Result<GetMessageResult> DefaultMessageStore::getMessageUncounted(std::string_view topic,
                                                                  QueueId queueId,
                                                                  QueueOffset offset,
                                                                  int32_t maxMsgNums,
                                                                  const MessageFilter* filter) {
  GetMessageResult r;
  const int64_t req = offset.value();
  auto cq = queues_->find(topic, queueId.value());
  if (!cq) {
    r.status = GetMessageStatus::kNoMessageInQueue;
    r.nextBeginOffset = QueueOffset(0);
    return r;
  }
  const int64_t min = cq->minOffset();
  const int64_t max = cq->maxOffset();
  r.minOffset = QueueOffset(min);
  r.maxOffset = QueueOffset(max);
  if (max == 0) {
    r.status = GetMessageStatus::kNoMessageInQueue;
    r.nextBeginOffset = QueueOffset(0);
  } else if (req < min) {
    r.status = GetMessageStatus::kOffsetTooSmall;
    r.nextBeginOffset = QueueOffset(min);
  } else if (req == max) {
    r.status = GetMessageStatus::kOffsetOverflowOne;
    r.nextBeginOffset = offset;
  } else if (req > max) {
    r.status = GetMessageStatus::kOffsetOverflowBadly;
    // As RocketMQ: a reader past the end goes back to the start while the
    // queue still starts at 0 (the queue was likely recreated), else to the end.
    r.nextBeginOffset = QueueOffset(min == 0 ? 0 : max);
  } else {
    const int64_t scan_limit = std::min(std::max<int64_t>(kMaxFilterUnits, maxMsgNums), max - req);
    // Units are read in small chunks: a pull of one message should not
    // decode 800 units.
    const int64_t chunk = std::clamp<int64_t>(maxMsgNums, 4, 256);
    std::vector<ConsumeQueue::Unit> units;
    units.reserve(static_cast<std::size_t>(chunk));
    r.status = GetMessageStatus::kNoMatchedMessage;
    const int64_t max_phy = commitLog_->maxOffset();
    int64_t next_phy_file_start = -1;
    int64_t max_phy_pulling = 0;
    int64_t scanned = 0;  // units consumed: the next pull starts after them
    bool full = false;
    while (!full && scanned < scan_limit) {
      units.clear();
      if (!cq->read(req + scanned, std::min(chunk, scan_limit - scanned), units).ok() || units.empty()) {
        if (scanned == 0) {
          r.status = GetMessageStatus::kOffsetFoundNull;
          r.nextBeginOffset = QueueOffset(cq->rollNextFile(req));
          return r;
        }
        break;
      }
      for (const ConsumeQueue::Unit& unit : units) {
        if (unit.blank()) {
          ++scanned;
          continue;
        }
        max_phy_pulling = unit.commitLogOffset;
        if (next_phy_file_start >= 0 && unit.commitLogOffset < next_phy_file_start) {
          ++scanned;
          continue;
        }
        // The batch is full: this unit is not consumed (the next pull starts at it).
        const bool in_disk = max_phy - unit.commitLogOffset > memoryForHotData_;
        const int64_t max_bytes = in_disk ? config_.maxTransferBytesOnMessageInDisk
                                          : config_.maxTransferBytesOnMessageInMemory;
        const int64_t max_count = in_disk ? config_.maxTransferCountOnMessageInDisk
                                          : config_.maxTransferCountOnMessageInMemory;
        const auto count = static_cast<int64_t>(r.messages.size());
        if (count > 0 && (count >= maxMsgNums || r.bufferTotalSize + unit.size > max_bytes ||
                          count >= max_count)) {
          full = true;
          break;
        }
        const int64_t queue_offset = req + scanned;
        ++scanned;
        if (filter && !filter->isMatchedByConsumeQueue(unit.tagsCode)) continue;
        auto rec = commitLog_->read(unit.commitLogOffset, unit.size);
        if (!rec.ok()) {
          if (r.messages.empty()) r.status = GetMessageStatus::kMessageWasRemoving;
          next_phy_file_start = commitLog_->rollNextFile(unit.commitLogOffset);
          continue;
        }
        if (filter && !filter->isMatchedByCommitLog(rec->bytes)) continue;
        r.bufferTotalSize += unit.size;
        r.messages.push_back(std::move(*rec));
        r.messageQueueOffsets.emplace_back(queue_offset);
        r.status = GetMessageStatus::kFound;
        next_phy_file_start = -1;
      }
    }
    r.nextBeginOffset = QueueOffset(req + scanned);
    r.suggestPullingFromSlave = max_phy - max_phy_pulling > memoryForHotData_;
  }
  return r;
}

Result<MessageBytes> DefaultMessageStore::lookMessageByOffset(CommitLogOffset offset) {
  if (!running()) return Status::Unavailable("message store is not running");
  return commitLog_->readRecord(offset.value());
}

Result<QueryMessageResult> DefaultMessageStore::queryMessage(std::string_view topic, std::string_view key,
                                                            int32_t maxNum, int64_t begin, int64_t end) {
  if (!running()) return Status::Unavailable("message store is not running");
  if (!index_) return Status::Unavailable("the message index is disabled (messageIndexEnable=false)");
  const auto max = static_cast<std::size_t>(std::clamp(maxNum, 0, config_.maxMsgsNumBatch));
  auto offsets = index_->queryOffsets(topic, key, max, begin, end);
  QueryMessageResult result;
  result.indexLastUpdateTimestamp = offsets.indexLastUpdateTimestamp;
  result.indexLastUpdatePhyoffset = offsets.indexLastUpdatePhyoffset;
  for (int64_t phy : offsets.phyOffsets) {
    auto rec = commitLog_->readRecord(phy);
    if (!rec.ok()) continue;  // deleted by retention
    auto m = message::decodeStoredMessage(rec->bytes, false);
    if (!m.ok() || m->topic != topic) continue;
    // The index holds hashes: keep only records that really carry the key.
    bool match = false;
    message::forEachProperty(m->properties, [&](std::string_view k, std::string_view v) {
      if (k == message::property::kUniqClientMessageId && v == key) match = true;
      if (k == message::property::kKeys) {
        for (std::size_t pos = 0; pos <= v.size() && !match;) {
          std::size_t sep = v.find(message::property::kKeySeparator, pos);
          if (sep == std::string_view::npos) sep = v.size();
          if (v.substr(pos, sep - pos) == key) match = true;
          pos = sep + 1;
        }
      }
    });
    if (!match) continue;
    result.bufferTotalSize += static_cast<int64_t>(rec->bytes.size());
    result.messages.push_back(std::move(*rec));
  }
  return result;
}

QueueOffset DefaultMessageStore::getMinOffsetInQueue(std::string_view topic, QueueId queueId) {
  auto cq = queues_ ? queues_->find(topic, queueId.value()) : nullptr;
  return QueueOffset(cq ? cq->minOffset() : 0);
}

QueueOffset DefaultMessageStore::getMaxOffsetInQueue(std::string_view topic, QueueId queueId) {
  auto cq = queues_ ? queues_->find(topic, queueId.value()) : nullptr;
  return QueueOffset(cq ? cq->maxOffset() : 0);
}

Result<CommitLogOffset> DefaultMessageStore::getCommitLogOffsetInQueue(std::string_view topic,
                                                                       QueueId queueId,
                                                                       QueueOffset offset) {
  auto cq = queues_ ? queues_->find(topic, queueId.value()) : nullptr;
  if (!cq) return Status::NotFound("no such queue");
  if (offset.value() < cq->minOffset()) return Status::NotFound("queue offset below the minimum");
  auto unit = cq->unitAt(offset.value());
  if (!unit || unit->blank()) return Status::NotFound("no entry at that queue offset");
  return CommitLogOffset(unit->commitLogOffset);
}

QueueOffset DefaultMessageStore::getOffsetInQueueByTime(std::string_view topic, QueueId queueId,
                                                        int64_t timestamp, BoundaryType boundary) {
  auto cq = queues_ ? queues_->find(topic, queueId.value()) : nullptr;
  if (!cq) return QueueOffset(0);
  const int64_t min = cq->minOffset();
  const int64_t max = cq->maxOffset();
  // Store time of a unit; deleted or unreadable records count as oldest.
  auto time_at = [&](int64_t q) -> int64_t {
    auto unit = cq->unitAt(q);
    if (!unit || unit->blank()) return -1;
    return storeTimestampAt(unit->commitLogOffset, unit->size);
  };
  // First offset whose store time is >= timestamp (store times only grow
  // along a queue); `upper` gives the first one > timestamp.
  auto bound = [&](bool upper) {
    int64_t lo = min, hi = max;
    while (lo < hi) {
      const int64_t mid = lo + (hi - lo) / 2;
      const int64_t t = time_at(mid);
      if (upper ? t <= timestamp : t < timestamp) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  if (max <= min) return QueueOffset(min);
  const int64_t lower = bound(false);
  switch (boundary) {
    case BoundaryType::kLower:
      return QueueOffset(lower);
    case BoundaryType::kUpper: {
      const int64_t upper = bound(true);
      return QueueOffset(upper > min ? upper - 1 : min);
    }
    case BoundaryType::kNearest:
      break;
  }
  if (lower >= max) return QueueOffset(max - 1);
  const int64_t right_time = time_at(lower);
  if (right_time == timestamp || lower == min) return QueueOffset(lower);
  const int64_t left_time = time_at(lower - 1);
  if (left_time < 0) return QueueOffset(lower);
  return QueueOffset(std::llabs(timestamp - left_time) > std::llabs(right_time - timestamp) ? lower
                                                                                          : lower - 1);
}

int64_t DefaultMessageStore::getMessageStoreTimeStamp(std::string_view topic, QueueId queueId,
                                                      QueueOffset offset) {
  auto cq = queues_ ? queues_->find(topic, queueId.value()) : nullptr;
  if (!cq) return -1;
  auto unit = cq->unitAt(offset.value());
  if (!unit || unit->blank()) return -1;
  return storeTimestampAt(unit->commitLogOffset, unit->size);
}

int64_t DefaultMessageStore::getEarliestMessageTime(std::string_view topic, QueueId queueId) {
  return getMessageStoreTimeStamp(topic, queueId, getMinOffsetInQueue(topic, queueId));
}

int64_t DefaultMessageStore::getEarliestMessageTime() {
  if (!commitLog_) return -1;
  auto rec = commitLog_->readRecord(commitLog_->minOffset());
  if (!rec.ok()) return -1;
  return storeTimestampAt(rec->offset.value(), static_cast<int32_t>(rec->bytes.size()));
}

}  // namespace apogee::store
