#include "store/mapped_file_queue.h"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <string>
#include <system_error>

#include "common/logging.h"

namespace apogee::store {
namespace {

bool isOffsetName(const std::string& name) {
  return name.size() == 20 &&
         std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

}  // namespace

MappedFileQueue::MappedFileQueue(std::filesystem::path dir, int64_t fileSize)
    : dir_(std::move(dir)), fileSize_(fileSize) {}

Status MappedFileQueue::load() {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) return Status::IOError("create " + dir_.string() + ": " + ec.message());
  std::vector<std::pair<int64_t, std::filesystem::path>> found;
  for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || !isOffsetName(name)) continue;
    found.emplace_back(std::stoll(name), entry.path());
  }
  if (ec) return Status::IOError("list " + dir_.string() + ": " + ec.message());
  std::sort(found.begin(), found.end());
  std::vector<std::shared_ptr<MappedFile>> files;
  for (std::size_t i = 0; i < found.size(); ++i) {
    const auto& [offset, path] = found[i];
    if (offset % fileSize_ != 0) {
      return Status::Corruption(path.string() + " does not start at a multiple of the file size " +
                                std::to_string(fileSize_));
    }
    if (!files.empty() && offset != files.back()->fileEndOffset()) {
      return Status::Corruption("gap before " + path.string() + ": previous file ends at " +
                                std::to_string(files.back()->fileEndOffset()));
    }
    if (i + 1 == found.size() && std::filesystem::file_size(path, ec) == 0) {
      logger("store")->warn("removing empty file {} (interrupted creation)", path.string());
      std::filesystem::remove(path, ec);
      break;
    }
    auto file = MappedFile::open(path, offset, fileSize_, false);
    if (!file.ok()) return file.status();
    files.push_back(std::move(*file));
  }
  std::unique_lock lock(mu_);
  files_ = std::move(files);
  return Status::OK();
}

std::vector<std::shared_ptr<MappedFile>> MappedFileQueue::files() const {
  std::shared_lock lock(mu_);
  return files_;
}

bool MappedFileQueue::empty() const {
  std::shared_lock lock(mu_);
  return files_.empty();
}

std::shared_ptr<MappedFile> MappedFileQueue::first() const {
  std::shared_lock lock(mu_);
  return files_.empty() ? nullptr : files_.front();
}

std::shared_ptr<MappedFile> MappedFileQueue::last() const {
  std::shared_lock lock(mu_);
  return files_.empty() ? nullptr : files_.back();
}

int64_t MappedFileQueue::minOffset() const {
  std::shared_lock lock(mu_);
  return files_.empty() ? 0 : files_.front()->fileFromOffset();
}

std::shared_ptr<MappedFile> MappedFileQueue::findLocked(int64_t offset) const {
  if (files_.empty()) return nullptr;
  const int64_t first = files_.front()->fileFromOffset();
  if (offset < first) return nullptr;
  const auto index = static_cast<std::size_t>((offset - first) / fileSize_);
  if (index >= files_.size()) return nullptr;
  return files_[index];
}

std::shared_ptr<MappedFile> MappedFileQueue::findByOffset(int64_t offset) const {
  std::shared_lock lock(mu_);
  return findLocked(offset);
}

Result<std::shared_ptr<MappedFile>> MappedFileQueue::getOrCreate(int64_t offset) {
  {
    std::shared_lock lock(mu_);
    if (auto file = findLocked(offset)) return file;
  }
  std::unique_lock lock(mu_);
  if (auto file = findLocked(offset)) return file;
  const int64_t start = offset - offset % fileSize_;
  if (!files_.empty() && start != files_.back()->fileEndOffset()) {
    return Status::Internal("cannot create file at " + std::to_string(start) + " in " +
                            dir_.string() + ": the last file ends at " +
                            std::to_string(files_.back()->fileEndOffset()));
  }
  auto file = MappedFile::open(dir_ / MappedFile::fileNameFor(start), start, fileSize_, true);
  if (!file.ok()) return file.status();
  APOGEE_RETURN_IF_ERROR(syncDirectory(dir_));
  files_.push_back(*file);
  return std::move(*file);
}

Status MappedFileQueue::truncateTo(int64_t offset) {
  std::vector<std::shared_ptr<MappedFile>> removed;
  std::shared_ptr<MappedFile> partial;
  {
    std::unique_lock lock(mu_);
    while (!files_.empty() && files_.back()->fileFromOffset() >= offset) {
      removed.push_back(files_.back());
      files_.pop_back();
    }
    if (!files_.empty() && offset < files_.back()->fileEndOffset()) partial = files_.back();
  }
  for (const auto& file : removed) {
    logger("store")->warn("truncate: removing {}", file->path().string());
    APOGEE_RETURN_IF_ERROR(file->destroy());
  }
  if (!removed.empty()) APOGEE_RETURN_IF_ERROR(syncDirectory(dir_));
  if (partial) return partial->zeroFrom(std::max<int64_t>(0, offset - partial->fileFromOffset()));
  return Status::OK();
}

Status MappedFileQueue::flush(int64_t from, int64_t to) const {
  if (to <= from) return Status::OK();
  for (const auto& file : files()) {
    const int64_t lo = std::max(from, file->fileFromOffset());
    const int64_t hi = std::min(to, file->fileEndOffset());
    if (lo >= hi) continue;
    APOGEE_RETURN_IF_ERROR(file->flush(lo - file->fileFromOffset(), hi - file->fileFromOffset()));
  }
  return Status::OK();
}

bool MappedFileQueue::removeFirst() {
  std::shared_ptr<MappedFile> victim;
  {
    std::unique_lock lock(mu_);
    if (files_.empty()) return false;
    victim = files_.front();
    files_.erase(files_.begin());
  }
  Status s = victim->destroy();
  if (!s.ok()) logger("store")->error("removing {}: {}", victim->path().string(), s.toString());
  return true;
}

void MappedFileQueue::destroyAll() {
  while (removeFirst()) {
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

}  // namespace apogee::store
