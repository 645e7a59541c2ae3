#pragma once

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "common/message/properties.h"
#include "store/put_message.h"
#include "store/store_config.h"
#include "support/temp_dir.h"

namespace apogee::store::testing {

// A fresh directory removed with everything in it at scope exit.
class TempDir : public apogee::testing::TempDir {
 public:
  TempDir() : apogee::testing::TempDir("apogee-store") {}
};

// Small files so that tests cross segment and consume-queue file ends.
inline MessageStoreConfig smallConfig(const std::filesystem::path& dir) {
  MessageStoreConfig c;
  c.storePathRootDir = dir;
  c.mappedFileSizeCommitLog = 96 * 1024;
  c.consumeQueueEntriesPerFile = 64;
  c.maxMessageSize = 16 * 1024;
  c.flushIntervalCommitLog = std::chrono::milliseconds(50);
  c.flushIntervalConsumeQueue = std::chrono::milliseconds(50);
  c.storeHost = message::HostAddress::ipv4(192, 168, 1, 10, 10911);
  c.maxHashSlotNum = 101;
  c.maxIndexNum = 400;
  // Tests must not depend on how full the machine's disk is; the retention
  // tests lower these on purpose.
  c.diskMaxUsedSpaceRatio = 100;
  c.diskSpaceCleanForciblyRatio = 100;
  c.diskSpaceWarningLevelRatio = 100;
  return c;
}

// A message whose body and properties live in the object.
struct TestMessage {
  std::string topic = "TopicTest";
  int32_t queueId = 0;
  std::string body;
  std::string properties;
  int32_t sysFlag = 0;

  TestMessage(std::string t, int32_t q, std::string b, std::string tags = "", std::string keys = "",
              std::string uniq = "")
      : topic(std::move(t)), queueId(q), body(std::move(b)) {
    if (!tags.empty()) message::appendProperty(properties, "TAGS", tags);
    if (!keys.empty()) message::appendProperty(properties, "KEYS", keys);
    if (!uniq.empty()) message::appendProperty(properties, "UNIQ_KEY", uniq);
  }

  PutMessageRequest request() const {
    PutMessageRequest r;
    r.topic = topic;
    r.queueId = QueueId(queueId);
    r.body = body;
    r.properties = properties;
    r.sysFlag = sysFlag;
    r.bornTimestamp = 1700000000000;
    r.bornHost = message::HostAddress::ipv4(10, 0, 0, 5, 54321);
    return r;
  }
};

// Polls `cond` until it holds or `timeout` passes; returns whether it held.
template <typename Cond>
bool waitFor(Cond&& cond, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!cond()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

}  // namespace apogee::store::testing
