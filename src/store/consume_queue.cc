#include "store/consume_queue.h"

#include <algorithm>

#include "common/logging.h"
#include "common/message/big_endian.h"

namespace apogee::store {

using message::getI32;
using message::getI64;
using message::putI32;
using message::putI64;

ConsumeQueue::ConsumeQueue(std::string topic, int32_t queueId, std::filesystem::path dir,
                           int64_t unitsPerFile)
    : topic_(std::move(topic)), queueId_(queueId), files_(std::move(dir), unitsPerFile * kUnitSize) {}

Status ConsumeQueue::load() { return files_.load(); }

ConsumeQueue::Unit ConsumeQueue::decodeUnit(const char* p) {
  return Unit{getI64(p), getI32(p + 8), getI64(p + 12)};
}

Status ConsumeQueue::recover(bool zeroTail) {
  const auto files = files_.files();
  if (files.empty()) return Status::OK();
  const std::size_t start = files.size() > 3 ? files.size() - 3 : 0;
  int64_t end = files[start]->fileFromOffset();
  int64_t physical_end = 0;
  bool stopped = false;
  for (std::size_t i = start; i < files.size() && !stopped; ++i) {
    const auto& file = files[i];
    for (int64_t pos = 0; pos + kUnitSize <= file->size(); pos += kUnitSize) {
      const Unit unit = decodeUnit(file->data() + pos);
      if (unit.commitLogOffset < 0 || unit.size <= 0) {
        stopped = true;
        break;
      }
      end = file->fileFromOffset() + pos + kUnitSize;
      if (!unit.blank()) physical_end = unit.commitLogOffset + unit.size;
    }
  }
  const int64_t first = files.front()->fileFromOffset();
  if (zeroTail || end < files.back()->fileFromOffset()) {
    APOGEE_RETURN_IF_ERROR(files_.truncateTo(end));
  }
  minOffset_.store(first / kUnitSize, std::memory_order_release);
  maxOffset_.store(end / kUnitSize, std::memory_order_release);
  maxPhysicalEnd_.store(physical_end, std::memory_order_release);
  flushedBytes_ = end;
  return Status::OK();
}

Status ConsumeQueue::truncateDirty(int64_t commitLogEnd) {
  int64_t max = maxOffset();
  const int64_t min = minOffset();
  int64_t physical_end = 0;
  while (max > min) {
    auto unit = unitAt(max - 1);
    if (!unit) break;
    if (!unit->blank()) {
      if (unit->commitLogOffset + unit->size <= commitLogEnd) {
        physical_end = unit->commitLogOffset + unit->size;
        break;
      }
    }
    --max;
  }
  if (max == maxOffset()) return Status::OK();
  logger("store")->warn("consume queue {}/{}: truncating from {} to {} (commit log ends at {})",
                        topic_, queueId_, maxOffset(), max, commitLogEnd);
  APOGEE_RETURN_IF_ERROR(files_.truncateTo(max * kUnitSize));
  maxOffset_.store(max, std::memory_order_release);
  maxPhysicalEnd_.store(physical_end, std::memory_order_release);
  if (minOffset() > max) minOffset_.store(max, std::memory_order_release);
  std::lock_guard lock(flushMu_);
  flushedBytes_ = std::min(flushedBytes_, max * kUnitSize);
  return Status::OK();
}

void ConsumeQueue::correctMinOffset(int64_t commitLogMinOffset) {
  int64_t offset = std::max(minOffset(), files_.minOffset() / kUnitSize);
  const int64_t max = maxOffset();
  for (; offset < max; ++offset) {
    auto unit = unitAt(offset);
    if (unit && !unit->blank() && unit->commitLogOffset >= commitLogMinOffset) break;
  }
  minOffset_.store(offset, std::memory_order_release);
}

Status ConsumeQueue::writeUnit(int64_t queueOffset, const Unit& unit) {
  auto file = files_.getOrCreate(queueOffset * kUnitSize);
  if (!file.ok()) return file.status();
  char* p = (*file)->data() + (queueOffset * kUnitSize - (*file)->fileFromOffset());
  putI64(p, unit.commitLogOffset);
  putI32(p + 8, unit.size);
  putI64(p + 12, unit.tagsCode);
  return Status::OK();
}

Status ConsumeQueue::put(int64_t queueOffset, int64_t commitLogOffset, int32_t size,
                         int64_t tagsCode) {
  int64_t max = maxOffset();
  if (queueOffset < max) return Status::OK();  // already built (re-dispatch)
  const Unit blank{0, kBlankUnitSize, 0};
  if (files_.empty() && queueOffset > 0) {
    // A queue that starts past 0: blank units from its first file's start,
    // as RocketMQ's fillPreBlank; readers never go below minOffset.
    const int64_t file_start = queueOffset * kUnitSize / files_.fileSize() * files_.fileSize();
    for (int64_t q = file_start / kUnitSize; q < queueOffset; ++q) {
      APOGEE_RETURN_IF_ERROR(writeUnit(q, blank));
    }
    minOffset_.store(queueOffset, std::memory_order_release);
    std::lock_guard lock(flushMu_);
    flushedBytes_ = file_start;
  } else if (queueOffset > max) {
    logger("store")->error("consume queue {}/{}: gap from {} to {}; filling with blank units",
                           topic_, queueId_, max, queueOffset);
    for (int64_t q = max; q < queueOffset; ++q) APOGEE_RETURN_IF_ERROR(writeUnit(q, blank));
  }
  APOGEE_RETURN_IF_ERROR(writeUnit(queueOffset, Unit{commitLogOffset, size, tagsCode}));
  maxPhysicalEnd_.store(commitLogOffset + size, std::memory_order_release);
  maxOffset_.store(queueOffset + 1, std::memory_order_release);
  return Status::OK();
}

Status ConsumeQueue::read(int64_t offset, int64_t maxUnits, std::vector<Unit>& out) const {
  const int64_t end = std::min(maxOffset(), offset + maxUnits);
  std::shared_ptr<MappedFile> file;
  for (int64_t q = offset; q < end; ++q) {
    const int64_t byte = q * kUnitSize;
    if (!file || byte >= file->fileEndOffset()) {
      file = files_.findByOffset(byte);
      if (!file) {
        if (q == offset) return Status::NotFound("consume queue file for offset " + std::to_string(q) + " is gone");
        break;
      }
    }
    out.push_back(decodeUnit(file->data() + (byte - file->fileFromOffset())));
  }
  return Status::OK();
}

std::optional<ConsumeQueue::Unit> ConsumeQueue::unitAt(int64_t offset) const {
  if (offset < 0 || offset >= maxOffset()) return std::nullopt;
  auto file = files_.findByOffset(offset * kUnitSize);
  if (!file) return std::nullopt;
  return decodeUnit(file->data() + (offset * kUnitSize - file->fileFromOffset()));
}

int64_t ConsumeQueue::rollNextFile(int64_t offset) const {
  const int64_t units_per_file = files_.fileSize() / kUnitSize;
  return offset + units_per_file - offset % units_per_file;
}

Status ConsumeQueue::flush() {
  std::lock_guard lock(flushMu_);
  const int64_t target = maxOffset() * kUnitSize;
  if (target <= flushedBytes_) return Status::OK();
  APOGEE_RETURN_IF_ERROR(files_.flush(flushedBytes_, target));
  flushedBytes_ = target;
  return Status::OK();
}

int ConsumeQueue::deleteExpiredFiles(int64_t commitLogMinOffset) {
  int deleted = 0;
  for (;;) {
    const auto files = files_.files();
    if (files.size() <= 1) break;
    const auto& first = files.front();
    const Unit last = decodeUnit(first->data() + first->size() - kUnitSize);
    if (last.blank() || last.commitLogOffset >= commitLogMinOffset) break;
    files_.removeFirst();
    ++deleted;
  }
  correctMinOffset(commitLogMinOffset);
  return deleted;
}

void ConsumeQueue::destroy() {
  files_.destroyAll();
  minOffset_.store(0);
  maxOffset_.store(0);
  maxPhysicalEnd_.store(0);
}

}  // namespace apogee::store
