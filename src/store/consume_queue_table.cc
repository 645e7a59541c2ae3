#include "store/consume_queue_table.h"

#include <charconv>
#include <mutex>
#include <system_error>

#include "common/logging.h"

namespace apogee::store {

ConsumeQueueTable::ConsumeQueueTable(std::filesystem::path root, int64_t unitsPerFile)
    : root_(std::move(root)), unitsPerFile_(unitsPerFile) {}

Status ConsumeQueueTable::load() {
  std::error_code ec;
  std::filesystem::create_directories(root_, ec);
  if (ec) return Status::IOError("create " + root_.string() + ": " + ec.message());
  TopicQueueMap<std::shared_ptr<ConsumeQueue>> table;
  for (const auto& topic_dir : std::filesystem::directory_iterator(root_, ec)) {
    if (!topic_dir.is_directory()) continue;
    const std::string topic = topic_dir.path().filename().string();
    for (const auto& queue_dir : std::filesystem::directory_iterator(topic_dir.path(), ec)) {
      const std::string name = queue_dir.path().filename().string();
      int32_t queue_id = -1;
      auto [ptr, err] = std::from_chars(name.data(), name.data() + name.size(), queue_id);
      if (!queue_dir.is_directory() || err != std::errc() || ptr != name.data() + name.size()) {
        logger("store")->warn("ignoring {} in the consume-queue directory", queue_dir.path().string());
        continue;
      }
      auto cq = std::make_shared<ConsumeQueue>(topic, queue_id, queue_dir.path(), unitsPerFile_);
      APOGEE_RETURN_IF_ERROR(cq->load());
      table.emplace(TopicQueueKey{topic, queue_id}, std::move(cq));
    }
  }
  if (ec) return Status::IOError("list " + root_.string() + ": " + ec.message());
  std::unique_lock lock(mu_);
  table_ = std::move(table);
  return Status::OK();
}

std::shared_ptr<ConsumeQueue> ConsumeQueueTable::find(std::string_view topic, int32_t queueId) const {
  std::shared_lock lock(mu_);
  auto it = table_.find(TopicQueueRef{topic, queueId});
  return it == table_.end() ? nullptr : it->second;
}

Result<std::shared_ptr<ConsumeQueue>> ConsumeQueueTable::findOrCreate(std::string_view topic,
                                                                      int32_t queueId) {
  if (auto cq = find(topic, queueId)) return cq;
  std::unique_lock lock(mu_);
  auto it = table_.find(TopicQueueRef{topic, queueId});
  if (it != table_.end()) return it->second;
  auto dir = root_ / std::string(topic) / std::to_string(queueId);
  auto cq = std::make_shared<ConsumeQueue>(std::string(topic), queueId, dir, unitsPerFile_);
  APOGEE_RETURN_IF_ERROR(cq->load());
  // The new directories must survive a machine crash like the files in them.
  APOGEE_RETURN_IF_ERROR(syncDirectory(dir.parent_path()));
  APOGEE_RETURN_IF_ERROR(syncDirectory(root_));
  table_.emplace(TopicQueueKey{std::string(topic), queueId}, cq);
  return cq;
}

std::vector<std::shared_ptr<ConsumeQueue>> ConsumeQueueTable::all() const {
  std::shared_lock lock(mu_);
  std::vector<std::shared_ptr<ConsumeQueue>> out;
  out.reserve(table_.size());
  for (const auto& [key, cq] : table_) out.push_back(cq);
  return out;
}

Status ConsumeQueueTable::recoverAll(bool zeroTails) {
  for (const auto& cq : all()) APOGEE_RETURN_IF_ERROR(cq->recover(zeroTails));
  return Status::OK();
}

Status ConsumeQueueTable::truncateDirty(int64_t commitLogEnd) {
  for (const auto& cq : all()) APOGEE_RETURN_IF_ERROR(cq->truncateDirty(commitLogEnd));
  return Status::OK();
}

void ConsumeQueueTable::correctMinOffsets(int64_t commitLogMinOffset) {
  for (const auto& cq : all()) cq->correctMinOffset(commitLogMinOffset);
}

int64_t ConsumeQueueTable::maxPhysicalEnd() const {
  int64_t end = 0;
  for (const auto& cq : all()) end = std::max(end, cq->maxPhysicalEnd());
  return end;
}

TopicQueueMap<int64_t> ConsumeQueueTable::nextOffsets() const {
  TopicQueueMap<int64_t> out;
  for (const auto& cq : all()) out.emplace(TopicQueueKey{cq->topic(), cq->queueId()}, cq->maxOffset());
  return out;
}

Status ConsumeQueueTable::flushAll() const {
  Status first_error;
  for (const auto& cq : all()) {
    Status s = cq->flush();
    if (!s.ok() && first_error.ok()) first_error = s;
  }
  return first_error;
}

void ConsumeQueueTable::destroyQueue(std::string_view topic, int32_t queueId) {
  std::shared_ptr<ConsumeQueue> cq;
  {
    std::unique_lock lock(mu_);
    auto it = table_.find(TopicQueueRef{topic, queueId});
    if (it == table_.end()) return;
    cq = it->second;
    table_.erase(it);
  }
  cq->destroy();
}

void ConsumeQueueTable::destroyTopic(std::string_view topic) {
  std::vector<std::shared_ptr<ConsumeQueue>> queues;
  {
    std::unique_lock lock(mu_);
    std::erase_if(table_, [&](const auto& entry) {
      if (entry.first.topic != topic) return false;
      queues.push_back(entry.second);
      return true;
    });
  }
  for (auto& cq : queues) cq->destroy();
  std::error_code ignored;
  std::filesystem::remove_all(root_ / std::string(topic), ignored);
}

}  // namespace apogee::store
