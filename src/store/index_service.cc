#include "store/index_service.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <ctime>
#include <mutex>
#include <system_error>

#include "common/logging.h"
#include "common/message/message_const.h"
#include "common/message/sys_flag.h"

namespace apogee::store {
namespace {

// yyyyMMddHHmmssSSS in local time (RocketMQ's UtilAll.timeMillisToHumanString).
std::string indexFileName(std::chrono::system_clock::time_point now) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  localtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04d%02d%02d%02d%02d%02d%03d", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>((ms % 1000 + 1000) % 1000));
  return buf;
}

}  // namespace

IndexService::IndexService(std::filesystem::path dir, int32_t hashSlotNum, int32_t indexNum)
    : dir_(std::move(dir)), hashSlotNum_(hashSlotNum), indexNum_(indexNum) {}

Status IndexService::load() {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) return Status::IOError("create " + dir_.string() + ": " + ec.message());
  std::vector<std::filesystem::path> paths;
  for (const auto& e : std::filesystem::directory_iterator(dir_, ec)) {
    if (e.is_regular_file()) paths.push_back(e.path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::shared_ptr<IndexFile>> files;
  for (const auto& path : paths) {
    if (std::filesystem::file_size(path, ec) == 0) {  // interrupted creation
      std::filesystem::remove(path, ec);
      continue;
    }
    auto f = IndexFile::open(path, hashSlotNum_, indexNum_, false, 0, 0);
    if (!f.ok()) return f.status();
    files.push_back(std::move(*f));
  }
  std::unique_lock lock(mu_);
  files_ = std::move(files);
  return Status::OK();
}

std::vector<std::shared_ptr<IndexFile>> IndexService::snapshot() const {
  std::shared_lock lock(mu_);
  return files_;
}

std::size_t IndexService::fileCount() const {
  std::shared_lock lock(mu_);
  return files_.size();
}

Result<IndexFile*> IndexService::writableFile() {
  int64_t end_phy = 0, end_ts = 0;
  {
    std::shared_lock lock(mu_);
    if (!files_.empty()) {
      if (!files_.back()->isWriteFull()) return files_.back().get();
      end_phy = files_.back()->endPhyOffset();
      end_ts = files_.back()->endTimestamp();
    }
  }
  auto now = std::chrono::system_clock::now();
  std::filesystem::path path;
  do {  // two files created in the same millisecond would share a name
    path = dir_ / indexFileName(now);
    now += std::chrono::milliseconds(1);
  } while (std::filesystem::exists(path));
  auto f = IndexFile::open(path, hashSlotNum_, indexNum_, true, end_phy, end_ts);
  if (!f.ok()) return f.status();
  APOGEE_RETURN_IF_ERROR(syncDirectory(dir_));
  IndexFile* raw = f->get();
  std::unique_lock lock(mu_);
  files_.push_back(std::move(*f));
  return raw;
}

Status IndexService::putKey(std::string_view topic, std::string_view key, int64_t phyOffset,
                            int64_t storeTimestamp) {
  keyBuffer_.assign(topic);
  keyBuffer_.push_back('#');
  keyBuffer_.append(key);
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto file = writableFile();
    if (!file.ok()) return file.status();
    if ((*file)->putKey(keyBuffer_, phyOffset, storeTimestamp)) return Status::OK();
  }
  return Status::Internal("cannot add index key " + keyBuffer_);
}

bool IndexService::alreadyIndexed(std::string_view topic, std::string_view key, int64_t phyOffset) const {
  std::string full_key(topic);
  full_key.push_back('#');
  full_key.append(key);
  const auto files = snapshot();
  // The record's keys are in the last file, or in the one before if that
  // filled up while indexing it.
  for (std::size_t i = files.size(), n = 0; i > 0 && n < 2; --i, ++n) {
    std::vector<int64_t> found;
    files[i - 1]->selectPhyOffsets(found, full_key, 64, 0, INT64_MAX);
    if (std::find(found.begin(), found.end(), phyOffset) != found.end()) return true;
  }
  return false;
}

Status IndexService::buildIndex(const DispatchRequest& req) {
  if (message::sys_flag::transactionType(req.sysFlag) == message::sys_flag::kTransactionRollbackType) {
    return Status::OK();
  }
  bool boundary = false;
  {
    std::shared_lock lock(mu_);
    if (!files_.empty()) {
      const int64_t end = files_.back()->endPhyOffset();
      if (req.commitLogOffset < end) return Status::OK();  // indexed before a restart
      // The last record indexed before a restart may have only some of its
      // keys in: add just the missing ones.
      boundary = req.commitLogOffset == end;
    }
  }
  auto add = [&](std::string_view key) -> Status {
    if (boundary && alreadyIndexed(req.topic, key, req.commitLogOffset)) return Status::OK();
    return putKey(req.topic, key, req.commitLogOffset, req.storeTimestamp);
  };
  if (!req.uniqKey.empty()) APOGEE_RETURN_IF_ERROR(add(req.uniqKey));
  std::string_view keys = req.keys;
  while (!keys.empty()) {
    const std::size_t sep = keys.find(message::property::kKeySeparator);
    std::string_view key = keys.substr(0, sep);
    if (!key.empty()) APOGEE_RETURN_IF_ERROR(add(key));
    if (sep == std::string_view::npos) break;
    keys.remove_prefix(sep + 1);
  }
  return Status::OK();
}

IndexService::QueryOffsetResult IndexService::queryOffsets(std::string_view topic, std::string_view key,
                                                           std::size_t maxNum, int64_t begin,
                                                           int64_t end) const {
  QueryOffsetResult result;
  const auto files = snapshot();
  if (files.empty()) return result;
  result.indexLastUpdateTimestamp = files.back()->endTimestamp();
  result.indexLastUpdatePhyoffset = files.back()->endPhyOffset();
  std::string full_key(topic);
  full_key.push_back('#');
  full_key.append(key);
  for (auto it = files.rbegin(); it != files.rend(); ++it) {
    const IndexFile& f = **it;
    if (f.isTimeMatched(begin, end)) f.selectPhyOffsets(result.phyOffsets, full_key, maxNum, begin, end);
    if (f.beginTimestamp() < begin || result.phyOffsets.size() >= maxNum) break;
  }
  return result;
}

int64_t IndexService::lastIndexedTimestamp() const {
  std::shared_lock lock(mu_);
  return files_.empty() ? 0 : files_.back()->endTimestamp();
}

int64_t IndexService::flush() {
  const int64_t ts = lastIndexedTimestamp();
  for (const auto& f : snapshot()) {
    if (Status s = f->flush(); !s.ok()) {
      logger("store")->error("index flush failed: {}", s.toString());
      return -1;
    }
  }
  return ts;
}

int IndexService::deleteExpiredFiles(int64_t commitLogMinOffset) {
  std::vector<std::shared_ptr<IndexFile>> victims;
  {
    std::unique_lock lock(mu_);
    while (files_.size() > 1 && files_.front()->endPhyOffset() < commitLogMinOffset) {
      victims.push_back(files_.front());
      files_.erase(files_.begin());
    }
  }
  for (const auto& f : victims) {
    if (Status s = f->destroy(); !s.ok()) logger("store")->error("deleting {}: {}", f->path().string(), s.toString());
  }
  return static_cast<int>(victims.size());
}

}  // namespace apogee::store
