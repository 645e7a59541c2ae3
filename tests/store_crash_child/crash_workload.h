#pragma once

// The crash test's workload, shared by the child (which appends it) and the
// parent test (which rebuilds the expected records to compare bytes).

#include <cstdint>
#include <string>

#include "common/message/host_address.h"
#include "common/message/properties.h"
#include "store/store_config.h"

namespace apogee::testing::crash {

inline constexpr const char* kTopic = "CrashTopic";
inline constexpr int kQueues = 4;

inline store::MessageStoreConfig config(const std::string& dir) {
  store::MessageStoreConfig c;
  c.storePathRootDir = dir;
  c.mappedFileSizeCommitLog = 256 * 1024;  // small: records cross segment ends often
  c.consumeQueueEntriesPerFile = 500;
  c.maxMessageSize = 16 * 1024;
  c.flushDiskType = store::FlushDiskType::kSyncFlush;
  c.flushIntervalConsumeQueue = std::chrono::milliseconds(100);
  c.storeHost = message::HostAddress::ipv4(10, 9, 8, 7, 10911);
  c.maxHashSlotNum = 1000;
  c.maxIndexNum = 20000;
  return c;
}

// Deterministic message number `seq` of writer `thread` in round `round`.
struct Message {
  int32_t queueId = 0;
  int32_t flag = 0;
  std::string body;
  std::string properties;
  int64_t bornTimestamp = 0;
  message::HostAddress bornHost;
};

inline Message make(int round, int thread, int64_t seq) {
  Message m;
  m.queueId = static_cast<int32_t>((thread + seq) % kQueues);
  m.flag = static_cast<int32_t>(seq % 5);
  uint64_t x = static_cast<uint64_t>(round) * 1000003u + static_cast<uint64_t>(thread) * 7919u +
               static_cast<uint64_t>(seq) * 104729u;
  const std::size_t len = 16 + (x % 3000);
  m.body.resize(len);
  for (std::size_t i = 0; i < len; ++i) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    m.body[i] = static_cast<char>(x >> 56);
  }
  const std::string id = "R" + std::to_string(round) + "-T" + std::to_string(thread) + "-S" +
                         std::to_string(seq);
  message::appendProperty(m.properties, "TAGS", "Tag" + std::to_string(seq % 3));
  message::appendProperty(m.properties, "KEYS", "key-" + id);
  message::appendProperty(m.properties, "UNIQ_KEY", id);
  m.bornTimestamp = 1700000000000 + round * 1000000 + thread * 10000 + seq;
  m.bornHost = message::HostAddress::ipv4(172, 16, static_cast<uint8_t>(thread), 1, 40000 + round);
  return m;
}

}  // namespace apogee::testing::crash
