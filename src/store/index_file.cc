#include "store/index_file.h"

#include <algorithm>
#include <atomic>
#include <climits>

#include "common/message/big_endian.h"
#include "common/message/tag_hash.h"

namespace apogee::store {

using message::getI32;
using message::getI64;
using message::putI32;
using message::putI64;

namespace {

// Header fields (RocketMQ's IndexHeader).
constexpr int kBeginTimestamp = 0;
constexpr int kEndTimestamp = 8;
constexpr int kBeginPhyOffset = 16;
constexpr int kEndPhyOffset = 24;
constexpr int kHashSlotCount = 32;
constexpr int kIndexCount = 36;

// The count is published last, with release order, so concurrent readers
// see complete entries below it.
int32_t loadCount(const char* p) {
  std::atomic_thread_fence(std::memory_order_acquire);
  return getI32(p + kIndexCount);
}

}  // namespace

Result<std::unique_ptr<IndexFile>> IndexFile::open(const std::filesystem::path& path,
                                                   int32_t hashSlotNum, int32_t indexNum, bool create,
                                                   int64_t endPhyOffset, int64_t endTimestamp) {
  auto file = MappedFile::open(path, 0, fileSize(hashSlotNum, indexNum), create);
  if (!file.ok()) return file.status();
  std::unique_ptr<IndexFile> f(new IndexFile(std::move(*file), hashSlotNum, indexNum));
  char* h = f->file_->data();
  if (getI32(h + kIndexCount) <= 0) {  // new file
    putI32(h + kIndexCount, 1);
    if (endPhyOffset > 0) {
      putI64(h + kBeginPhyOffset, endPhyOffset);
      putI64(h + kEndPhyOffset, endPhyOffset);
    }
    if (endTimestamp > 0) {
      putI64(h + kBeginTimestamp, endTimestamp);
      putI64(h + kEndTimestamp, endTimestamp);
    }
  }
  return f;
}

int32_t IndexFile::keyHash(std::string_view key) {
  const int32_t h = message::javaStringHashCode(key);
  if (h == INT32_MIN) return 0;  // Math.abs overflows; RocketMQ then uses 0
  return h < 0 ? -h : h;
}

int64_t IndexFile::beginTimestamp() const { return getI64(file_->data() + kBeginTimestamp); }
int64_t IndexFile::endTimestamp() const { return getI64(file_->data() + kEndTimestamp); }
int64_t IndexFile::beginPhyOffset() const { return getI64(file_->data() + kBeginPhyOffset); }
int64_t IndexFile::endPhyOffset() const { return getI64(file_->data() + kEndPhyOffset); }
int32_t IndexFile::hashSlotCount() const { return getI32(file_->data() + kHashSlotCount); }
int32_t IndexFile::indexCount() const { return loadCount(file_->data()); }

bool IndexFile::putKey(std::string_view key, int64_t phyOffset, int64_t storeTimestamp) {
  char* base = file_->data();
  const int32_t count = getI32(base + kIndexCount);
  if (count >= indexNum_) return false;
  const int32_t hash = keyHash(key);
  char* slot = base + kHeaderSize + int64_t{hash % hashSlotNum_} * kSlotSize;
  int32_t prev = getI32(slot);
  if (prev <= 0 || prev >= count) prev = 0;  // empty, or an entry that does not exist
  int64_t time_diff = 0;
  const int64_t begin_ts = getI64(base + kBeginTimestamp);
  if (begin_ts > 0) time_diff = std::clamp<int64_t>((storeTimestamp - begin_ts) / 1000, 0, INT32_MAX);
  char* entry = base + kHeaderSize + int64_t{hashSlotNum_} * kSlotSize + int64_t{count} * kEntrySize;
  putI32(entry, hash);
  putI64(entry + 4, phyOffset);
  putI32(entry + 12, static_cast<int32_t>(time_diff));
  putI32(entry + 16, prev);
  putI32(slot, count);
  if (count <= 1) {
    putI64(base + kBeginPhyOffset, phyOffset);
    putI64(base + kBeginTimestamp, storeTimestamp);
  }
  if (prev == 0) putI32(base + kHashSlotCount, getI32(base + kHashSlotCount) + 1);
  putI64(base + kEndPhyOffset, phyOffset);
  putI64(base + kEndTimestamp, storeTimestamp);
  std::atomic_thread_fence(std::memory_order_release);
  putI32(base + kIndexCount, count + 1);
  return true;
}

bool IndexFile::isTimeMatched(int64_t begin, int64_t end) const {
  const int64_t b = beginTimestamp(), e = endTimestamp();
  return (begin < b && end > e) || (begin >= b && begin <= e) || (end >= b && end <= e);
}

void IndexFile::selectPhyOffsets(std::vector<int64_t>& out, std::string_view key, std::size_t maxNum,
                                 int64_t begin, int64_t end) const {
  const char* base = file_->data();
  const int32_t count = indexCount();
  if (count <= 1) return;
  const int32_t hash = keyHash(key);
  int32_t next = getI32(base + kHeaderSize + int64_t{hash % hashSlotNum_} * kSlotSize);
  const int64_t begin_ts = beginTimestamp();
  // The chain runs from newer to older entries; `hops` bounds it against a
  // damaged file.
  for (int32_t hops = 0; next > 0 && next < count && hops < count && out.size() < maxNum; ++hops) {
    const char* entry = base + kHeaderSize + int64_t{hashSlotNum_} * kSlotSize + int64_t{next} * kEntrySize;
    const int32_t entry_hash = getI32(entry);
    const int64_t phy = getI64(entry + 4);
    const int32_t time_diff = getI32(entry + 12);
    const int32_t prev = getI32(entry + 16);
    if (time_diff < 0) break;
    const int64_t time = begin_ts + int64_t{time_diff} * 1000;
    // A record indexed twice (re-dispatched after a crash, past the last
    // index flush) is one message: each offset is answered once.
    if (entry_hash == hash && time >= begin && time <= end &&
        std::find(out.begin(), out.end(), phy) == out.end()) {
      out.push_back(phy);
    }
    if (prev <= 0 || prev >= next || time < begin) break;
    next = prev;
  }
}

}  // namespace apogee::store
