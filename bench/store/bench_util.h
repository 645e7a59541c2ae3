#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

#include "common/message/properties.h"
#include "store/put_message.h"
#include "store/store_config.h"

namespace apogee::store::bench {

// Benchmarks write under $APOGEE_BENCH_DIR (default: the system temp dir),
// so that the plain-file baseline and the store use the same disk.
inline std::filesystem::path benchDir(const std::string& name) {
  const char* env = std::getenv("APOGEE_BENCH_DIR");
  std::filesystem::path base = env ? env : std::filesystem::temp_directory_path();
  auto dir = base / ("apogee-bench-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline MessageStoreConfig benchConfig(const std::filesystem::path& dir) {
  MessageStoreConfig c;
  c.storePathRootDir = dir;
  c.storeHost = message::HostAddress::ipv4(127, 0, 0, 1, 10911);
  return c;
}

// A message like a producer's: body of `size` bytes, TAGS, KEYS, UNIQ_KEY.
struct BenchMessage {
  std::string body;
  std::string properties;
  explicit BenchMessage(std::size_t size) : body(size, 'm') {
    message::appendProperty(properties, "TAGS", "TagA");
    message::appendProperty(properties, "KEYS", "order-123456");
    message::appendProperty(properties, "UNIQ_KEY", "7F0000010B1C18B4AAC2600A5C6E0000");
    message::appendProperty(properties, "WAIT", "true");
  }
  PutMessageRequest request(int32_t queueId) const {
    PutMessageRequest r;
    r.topic = "BenchTopic";
    r.queueId = QueueId(queueId);
    r.body = body;
    r.properties = properties;
    r.bornTimestamp = 1700000000000;
    r.bornHost = message::HostAddress::ipv4(127, 0, 0, 1, 50000);
    return r;
  }
};

}  // namespace apogee::store::bench
