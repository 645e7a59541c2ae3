#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "common/status.h"
#include "remoting/body/topic_config.h"

namespace apogee::namesrv {

// NamesrvUtil.NAMESPACE_ORDER_TOPIC_CONFIG: topic -> "brokerA:4;brokerB:4",
// the orderTopicConf of GET_ROUTEINFO_BY_TOPIC; the whole namespace is the
// REGISTER_BROKER response body.
inline constexpr std::string_view kNamespaceOrderTopicConfig = "ORDER_TOPIC_CONFIG";

// The name server's namespaced key-value store (RocketMQ's KVConfigManager),
// optionally kept in a JSON file in Java's kvConfig.json format:
//   {"configTable":{"<namespace>":{"<key>":"<value>"}}}
// so a Java name server reads ours and the reverse.
//
// Durability: a change is in memory when put/delete returns; with a path, it
// is also written (to "<path>.tmp", then renamed over <path>) before it
// returns, not fsynced. A failed write is returned and logged; the change
// stays in memory.
//
// Thread safety: all methods are thread-safe. lock_ (reader/writer) guards
// the table; persist_mutex_ orders file writes and is taken before lock_,
// never after it (docs/lock_order.md). lock_ is not held across file I/O.
class KVConfigManager {
 public:
  // `path` empty: memory only.
  explicit KVConfigManager(std::string path = {});

  KVConfigManager(const KVConfigManager&) = delete;
  KVConfigManager& operator=(const KVConfigManager&) = delete;

  // Reads the file, if a path is set and the file exists, adding its entries.
  Status load();

  Status putKVConfig(std::string_view ns, std::string_view key, std::string_view value);
  Status deleteKVConfig(std::string_view ns, std::string_view key);
  std::optional<std::string> getKVConfig(std::string_view ns, std::string_view key) const;
  // Every entry of `ns`, or nullopt when the namespace does not exist (a
  // namespace whose keys were all deleted still exists, as in Java).
  std::optional<remoting::KVTable> getKVListByNamespace(std::string_view ns) const;

  const std::string& path() const noexcept { return path_; }

 private:
  using Table = std::map<std::string, std::map<std::string, std::string>>;

  Status persist();

  const std::string path_;
  std::mutex persist_mutex_;       // taken before lock_; held across the file write
  mutable std::shared_mutex lock_;
  Table table_;                    // guarded by lock_
};

}  // namespace apogee::namesrv
