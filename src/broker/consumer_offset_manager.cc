#include "broker/consumer_offset_manager.h"

#include <algorithm>
#include <utility>

#include "broker/json_file.h"
#include "common/logging.h"
#include "remoting/body/json_reader.h"
#include "remoting/body/json_writer.h"
#include "remoting/fastjson_compat.h"

namespace apogee::broker {
namespace {

struct OffsetFile {
  std::map<std::string, std::map<std::int64_t, std::int64_t>> offsetTable;
  void writeJson(remoting::JsonWriter& w) const {
    w.beginObject()
        .mapField("offsetTable", offsetTable, remoting::JavaMapKind::concurrentHashMap(1024))
        .endObject();
  }
  static Status readJson(const remoting::JsonNode& n, OffsetFile& out) {
    return n.field("offsetTable", out.offsetTable);
  }
};

}  // namespace

ConsumerOffsetManager::ConsumerOffsetManager(std::filesystem::path file) : file_(std::move(file)) {}

std::string ConsumerOffsetManager::key(std::string_view topic, std::string_view group) {
  std::string k;
  k.reserve(topic.size() + group.size() + 1);
  k.append(topic).push_back('@');
  k.append(group);
  return k;
}

void ConsumerOffsetManager::commitOffset(std::string_view group, std::string_view topic,
                                         std::int32_t queueId, std::int64_t offset) {
  std::lock_guard lock(mu_);
  table_[key(topic, group)][queueId] = offset;
}

void ConsumerOffsetManager::commitOffsetForward(std::string_view group, std::string_view topic,
                                                std::int32_t queueId, std::int64_t offset) {
  std::lock_guard lock(mu_);
  auto [it, inserted] = table_[key(topic, group)].try_emplace(queueId, offset);
  if (!inserted && it->second < offset) it->second = offset;
}

std::int64_t ConsumerOffsetManager::queryOffset(std::string_view group, std::string_view topic,
                                                std::int32_t queueId) const {
  std::lock_guard lock(mu_);
  auto it = table_.find(key(topic, group));
  if (it == table_.end()) return -1;
  auto q = it->second.find(queueId);
  return q == it->second.end() ? -1 : q->second;
}

void ConsumerOffsetManager::cleanOffsetByTopic(std::string_view topic) {
  std::lock_guard lock(mu_);
  for (auto it = table_.begin(); it != table_.end();) {
    const std::string& k = it->first;
    const auto at = k.rfind('@');
    if (at != std::string::npos && std::string_view(k).substr(0, at) == topic) {
      it = table_.erase(it);
    } else {
      ++it;
    }
  }
}

namespace {

// "topic@group" split at its last '@' (a group name never holds one; a topic
// name cannot either, but the last is what RocketMQ uses too).
std::pair<std::string_view, std::string_view> splitKey(std::string_view k) {
  const auto at = k.rfind('@');
  if (at == std::string_view::npos) return {k, {}};
  return {k.substr(0, at), k.substr(at + 1)};
}

}  // namespace

void ConsumerOffsetManager::removeOffset(std::string_view group) {
  std::lock_guard lock(mu_);
  std::erase_if(table_, [&](const auto& entry) { return splitKey(entry.first).second == group; });
}

std::vector<std::string> ConsumerOffsetManager::whichTopicByConsumer(std::string_view group) const {
  std::vector<std::string> out;
  std::lock_guard lock(mu_);
  for (const auto& [k, offsets] : table_) {
    auto [topic, g] = splitKey(k);
    if (g == group) out.emplace_back(topic);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> ConsumerOffsetManager::whichGroupByTopic(std::string_view topic) const {
  std::vector<std::string> out;
  std::lock_guard lock(mu_);
  for (const auto& [k, offsets] : table_) {
    auto [t, group] = splitKey(k);
    if (t == topic) out.emplace_back(group);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::map<std::string, ConsumerOffsetManager::QueueOffsets> ConsumerOffsetManager::snapshot() const {
  std::lock_guard lock(mu_);
  return {table_.begin(), table_.end()};
}

std::string ConsumerOffsetManager::toJson() const {
  OffsetFile f;
  {
    std::lock_guard lock(mu_);
    for (const auto& [k, offsets] : table_) {
      auto& out = f.offsetTable[k];
      for (const auto& [q, o] : offsets) out.emplace(q, o);
    }
  }
  return remoting::encodeJsonBody(f);
}

Result<std::map<std::string, ConsumerOffsetManager::QueueOffsets>> ConsumerOffsetManager::parseJson(
    std::string_view text) {
  auto normalized = remoting::normalizeFastjson(text);
  if (!normalized.ok()) return normalized.status();
  auto parsed = remoting::decodeJsonBody<OffsetFile>(*normalized);
  if (!parsed.ok()) return parsed.status();
  std::map<std::string, QueueOffsets> out;
  for (const auto& [k, offsets] : parsed->offsetTable) {
    auto& dst = out[k];
    for (const auto& [q, o] : offsets) dst.emplace(static_cast<std::int32_t>(q), o);
  }
  return out;
}

Status ConsumerOffsetManager::load() {
  auto text = readFileIfExists(file_);
  if (!text.ok()) return text.status();
  if (!text->has_value()) return Status::OK();
  auto table = parseJson(**text);
  if (!table.ok()) return Status::Corruption(file_.string() + ": " + table.status().message());
  std::lock_guard lock(mu_);
  table_.clear();
  for (auto& [k, v] : *table) table_.emplace(k, std::move(v));
  return Status::OK();
}

Status ConsumerOffsetManager::persist() {
  std::lock_guard file_lock(file_mu_);
  return writeFileAtomically(file_, toJson());
}

}  // namespace apogee::broker
