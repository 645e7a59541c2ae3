#include "namesrv/kv_config_manager.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "common/logging.h"
#include "remoting/body/json_reader.h"
#include "remoting/body/json_writer.h"

namespace apogee::namesrv {

namespace {

// KVConfigSerializeWrapper, the file's JSON.
struct KVConfigFile {
  std::map<std::string, std::map<std::string, std::string>> configTable;

  void writeJson(remoting::JsonWriter& w) const {
    w.beginObject().mapField("configTable", configTable, remoting::JavaMapKind::hashMap()).endObject();
  }
  static Status readJson(const remoting::JsonNode& n, KVConfigFile& out) {
    return n.field("configTable", out.configTable);
  }
};

Status writeFileReplacing(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IOError("cannot open " + tmp + ": " + std::strerror(errno));
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) return Status::IOError("cannot write " + tmp + ": " + std::strerror(errno));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return Status::IOError("cannot rename " + tmp + " to " + path + ": " + std::strerror(errno));
  }
  return Status::OK();
}

}  // namespace

KVConfigManager::KVConfigManager(std::string path) : path_(std::move(path)) {}

Status KVConfigManager::load() {
  if (path_.empty()) return Status::OK();
  std::error_code ec;
  if (!std::filesystem::exists(path_, ec) && !ec) return Status::OK();  // nothing stored yet
  std::ifstream in(path_, std::ios::binary);
  if (!in) return Status::IOError("cannot read " + path_ + ": " + std::strerror(errno));
  std::ostringstream content;
  content << in.rdbuf();
  auto file = remoting::decodeJsonBody<KVConfigFile>(content.str());
  if (!file.ok()) {
    return Status::Corruption("KV config file " + path_ + ": " + file.status().message());
  }
  std::unique_lock lock(lock_);
  for (auto& [ns, entries] : file->configTable) {
    auto& target = table_[ns];
    for (auto& [key, value] : entries) target.insert_or_assign(key, std::move(value));
  }
  logger("namesrv")->info("loaded {} KV namespaces from {}", file->configTable.size(), path_);
  return Status::OK();
}

Status KVConfigManager::putKVConfig(std::string_view ns, std::string_view key, std::string_view value) {
  std::lock_guard persist_lock(persist_mutex_);
  {
    std::unique_lock lock(lock_);
    table_[std::string(ns)].insert_or_assign(std::string(key), std::string(value));
  }
  logger("namesrv")->info("KV put: namespace {} key {} value {}", ns, key, value);
  return persist();
}

Status KVConfigManager::deleteKVConfig(std::string_view ns, std::string_view key) {
  std::lock_guard persist_lock(persist_mutex_);
  {
    std::unique_lock lock(lock_);
    auto it = table_.find(std::string(ns));
    if (it != table_.end()) it->second.erase(std::string(key));
  }
  logger("namesrv")->info("KV delete: namespace {} key {}", ns, key);
  return persist();
}

std::optional<std::string> KVConfigManager::getKVConfig(std::string_view ns,
                                                        std::string_view key) const {
  std::shared_lock lock(lock_);
  auto it = table_.find(std::string(ns));
  if (it == table_.end()) return std::nullopt;
  auto entry = it->second.find(std::string(key));
  if (entry == it->second.end()) return std::nullopt;
  return entry->second;
}

std::optional<remoting::KVTable> KVConfigManager::getKVListByNamespace(std::string_view ns) const {
  std::shared_lock lock(lock_);
  auto it = table_.find(std::string(ns));
  if (it == table_.end()) return std::nullopt;
  return remoting::KVTable{it->second};
}

// Caller holds persist_mutex_, not lock_.
Status KVConfigManager::persist() {
  if (path_.empty()) return Status::OK();
  KVConfigFile file;
  {
    std::shared_lock lock(lock_);
    file.configTable = table_;
  }
  Status status = writeFileReplacing(path_, remoting::encodeJsonBody(file));
  if (!status.ok()) logger("namesrv")->error("persisting KV config failed: {}", status.toString());
  return status;
}

}  // namespace apogee::namesrv
