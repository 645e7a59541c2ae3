// CommitLog: loading and recovery (finding the valid end after a restart).
#include <algorithm>

#include "common/logging.h"
#include "common/message/big_endian.h"
#include "store/commit_log.h"

namespace apogee::store {

using message::getI32;
using message::getI64;

namespace {

enum class Probe { kMessage, kEndOfSegment, kInvalid };

// What lies at `pos` of `seg`: a valid message (sets `size`), the end of the
// segment's data (a blank record, or too little room for one), or garbage.
Probe probe(const MappedFile& seg, int64_t pos, bool checkCrc, int32_t& size, int64_t& storedAt,
            std::string& why) {
  const int64_t remaining = seg.size() - pos;
  if (remaining < message::kBlankRecordMinSize) return Probe::kEndOfSegment;
  const char* p = seg.data() + pos;
  size = getI32(p);
  const int32_t magic = getI32(p + 4);
  if (magic == message::kBlankMagicCode) {
    if (size == remaining) return Probe::kEndOfSegment;
    why = "blank record of size " + std::to_string(size) + " with " + std::to_string(remaining) +
          " bytes left";
    return Probe::kInvalid;
  }
  if (size <= 0 || size > remaining) {
    why = magic == 0 && size == 0 ? "end of data" : "record size " + std::to_string(size) + " out of range";
    return Probe::kInvalid;
  }
  auto decoded = message::decodeStoredMessage(seg.view(pos, size), checkCrc);
  if (!decoded.ok()) {
    why = decoded.status().toString();
    return Probe::kInvalid;
  }
  if (decoded->physicalOffset != seg.fileFromOffset() + pos) {
    why = "record claims physical offset " + std::to_string(decoded->physicalOffset);
    return Probe::kInvalid;
  }
  storedAt = decoded->storeTimestamp;
  return Probe::kMessage;
}

}  // namespace

Status CommitLog::load() { return files_.load(); }

int64_t CommitLog::abnormalRecoveryStart(int64_t safeTimestamp) const {
  const auto files = files_.files();
  for (auto it = files.rbegin(); it != files.rend(); ++it) {
    const MappedFile& seg = **it;
    const int32_t magic = getI32(seg.data() + message::kMagicCodePosition);
    if (magic != message::kMessageMagicCodeV1 && magic != message::kMessageMagicCodeV2) continue;
    const int32_t sys_flag = getI32(seg.data() + message::kSysFlagPosition);
    const int64_t stored_at = getI64(seg.data() + message::storeTimestampPosition(sys_flag));
    if (stored_at != 0 && stored_at <= safeTimestamp) return seg.fileFromOffset();
  }
  return files.empty() ? 0 : files.front()->fileFromOffset();
}

int64_t CommitLog::cleanRecoveryStart(int segments) const {
  const auto files = files_.files();
  if (files.empty()) return 0;
  // Segments created ahead of the writer (warming) hold nothing yet.
  std::size_t used = files.size();
  while (used > 1 && getI64(files[used - 1]->data()) == 0) --used;
  const std::size_t n = std::min(used, static_cast<std::size_t>(segments));
  return files[used - n]->fileFromOffset();
}

CommitLog::ScanResult CommitLog::scanValidEnd(int64_t from, bool checkCrc) const {
  ScanResult result;
  result.end = from;
  const auto files = files_.files();
  if (files.empty()) return result;
  auto it = std::find_if(files.begin(), files.end(),
                         [&](const auto& f) { return f->fileFromOffset() == from; });
  if (it == files.end()) {
    it = files.begin();
    from = files.front()->fileFromOffset();
  }
  for (; it != files.end(); ++it) {
    const MappedFile& seg = **it;
    int64_t pos = 0;
    for (;;) {
      int32_t size = 0;
      std::string why;
      const Probe p = probe(seg, pos, checkCrc, size, result.lastStoreTimestamp, why);
      if (p == Probe::kMessage) {
        pos += size;
        ++result.records;
        continue;
      }
      if (p == Probe::kEndOfSegment) break;
      result.end = seg.fileFromOffset() + pos;
      logger("store")->info("commit log ends at {} after {} records scanned from {} ({})",
                            result.end, result.records, from, why);
      return result;
    }
  }
  result.end = files.back()->fileEndOffset();
  logger("store")->info("commit log ends at segment end {} after {} records scanned from {}",
                        result.end, result.records, from);
  return result;
}

Status CommitLog::setEnd(int64_t end, int64_t durableFrom, int64_t lastStoreTimestamp) {
  APOGEE_RETURN_IF_ERROR(files_.truncateTo(end));
  APOGEE_RETURN_IF_ERROR(files_.flush(durableFrom, end));
  std::lock_guard lock(appendMu_);
  writeOffset_ = end;
  current_.reset();
  maxOffset_.store(end, std::memory_order_release);
  flushedOffset_.store(end, std::memory_order_release);
  warmedUpTo_.store(end, std::memory_order_relaxed);
  lastStoreTimestamp_.store(lastStoreTimestamp, std::memory_order_release);
  flushedStoreTimestamp_.store(lastStoreTimestamp, std::memory_order_release);
  return Status::OK();
}

}  // namespace apogee::store
