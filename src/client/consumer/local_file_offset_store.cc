#include "client/consumer/local_file_offset_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/logging.h"
#include "remoting/body/offset_bodies.h"

namespace apogee::client {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Writes `text` to `path` and fsyncs it.
bool writeFileSynced(const fs::path& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      ::close(fd);
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  const bool ok = ::fsync(fd) == 0;
  return ::close(fd) == 0 && ok;
}

void syncDir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

// The OffsetSerializeWrapper text has ResetOffsetBody's shape exactly.
std::optional<std::map<MessageQueue, std::int64_t>> parse(const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto body = remoting::ResetOffsetBody::fromJson(text);
  if (!body.ok()) return std::nullopt;
  std::map<MessageQueue, std::int64_t> out;
  for (const auto& [key, offset] : body->offsetTable)
    out.emplace(MessageQueue(key.topic, key.brokerName, key.queueId), offset);
  return out;
}

std::string serialize(const std::map<MessageQueue, std::int64_t>& table) {
  remoting::ResetOffsetBody body;
  for (const auto& [mq, offset] : table) {
    body.offsetTable.emplace(
        remoting::MessageQueueKey{mq.getTopic(), mq.getBrokerName(), mq.getQueueId()}, offset);
  }
  return body.toJson();
}

}  // namespace

LocalFileOffsetStore::LocalFileOffsetStore(const fs::path& baseDir, const std::string& clientId,
                                           const std::string& group)
    : path_((baseDir.empty() ? defaultBaseDir() : baseDir) / clientId / group / "offsets.json") {}

fs::path LocalFileOffsetStore::defaultBaseDir() {
  if (const char* dir = std::getenv("APOGEE_LOCAL_OFFSET_STORE_DIR"); dir && *dir) return dir;
  const char* home = std::getenv("HOME");
  return fs::path(home && *home ? home : ".") / ".rocketmq_offsets";
}

std::optional<std::map<MessageQueue, std::int64_t>> LocalFileOffsetStore::readLocalOffset() const {
  if (auto text = readFile(path_)) {
    if (auto table = parse(*text)) return table;
    if (!text->empty())
      logger("client")->warn("{} is not readable, trying the .bak", path_.string());
  }
  if (auto text = readFile(fs::path(path_.string() + ".bak"))) return parse(*text);
  return std::nullopt;
}

void LocalFileOffsetStore::load() {
  std::lock_guard lock(file_mutex_);
  if (auto table = readLocalOffset()) {
    for (const auto& [mq, offset] : *table) table_.update(mq, offset, false);
  }
}

std::int64_t LocalFileOffsetStore::readOffset(const MessageQueue& mq, ReadOffsetType type) {
  if (type != ReadOffsetType::READ_FROM_STORE) {
    if (auto offset = table_.get(mq)) return *offset;
    if (type == ReadOffsetType::READ_FROM_MEMORY) return -1;
  }
  std::optional<std::map<MessageQueue, std::int64_t>> table;
  {
    std::lock_guard lock(file_mutex_);
    table = readLocalOffset();
  }
  if (!table) return -1;
  auto it = table->find(mq);
  if (it == table->end()) return -1;
  table_.update(mq, it->second, false);
  return it->second;
}

void LocalFileOffsetStore::persistAll(const std::set<MessageQueue>& mqs) {
  if (mqs.empty()) return;
  std::lock_guard lock(file_mutex_);
  // Like RocketMQ: the file keeps queues this run does not hold.
  auto table = readLocalOffset().value_or(std::map<MessageQueue, std::int64_t>{});
  for (const auto& [mq, offset] : table_.select(mqs, false)) table[mq] = offset;
  const std::string text = serialize(table);

  std::error_code ec;
  fs::create_directories(path_.parent_path(), ec);
  const fs::path tmp = path_.string() + ".tmp";
  if (!writeFileSynced(tmp, text)) {
    logger("client")->error("persist consumer offsets to {} failed", tmp.string());
    return;
  }
  if (auto previous = readFile(path_); previous && !previous->empty()) {
    (void)writeFileSynced(fs::path(path_.string() + ".bak"), *previous);
  }
  fs::rename(tmp, path_, ec);
  if (ec) {
    logger("client")->error("rename {} failed: {}", tmp.string(), ec.message());
    return;
  }
  syncDir(path_.parent_path());
}

}  // namespace apogee::client
