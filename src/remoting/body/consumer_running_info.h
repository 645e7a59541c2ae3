#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "remoting/body/heartbeat.h"
#include "remoting/body/json_writer.h"
#include "remoting/body/message_queue_json.h"

namespace apogee::remoting {

class JsonNode;

// The state of one queue in a consumer's process queue.
struct ProcessQueueInfo {
  std::int32_t cachedMsgCount = 0;
  std::int64_t cachedMsgMaxOffset = 0;
  std::int64_t cachedMsgMinOffset = 0;
  std::int32_t cachedMsgSizeInMiB = 0;
  std::int64_t commitOffset = 0;
  bool droped = false;  // sic: Java's spelling
  std::int64_t lastConsumeTimestamp = 0;
  std::int64_t lastLockTimestamp = 0;
  std::int64_t lastPullTimestamp = 0;
  bool locked = false;
  std::int32_t transactionMsgCount = 0;
  std::int64_t transactionMsgMaxOffset = 0;
  std::int64_t transactionMsgMinOffset = 0;
  std::int64_t tryUnlockTimes = 0;

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, ProcessQueueInfo& out);
  friend bool operator==(const ProcessQueueInfo&, const ProcessQueueInfo&) = default;
};

// A consumer's rates for one topic.
struct ConsumeStatus {
  std::int64_t consumeFailedMsgs = 0;
  double consumeFailedTPS = 0;
  double consumeOKTPS = 0;
  double consumeRT = 0;
  double pullRT = 0;
  double pullTPS = 0;

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, ConsumeStatus& out);
  friend bool operator==(const ConsumeStatus&, const ConsumeStatus&) = default;
};

// Property keys a Java consumer always puts in ConsumerRunningInfo.
inline constexpr std::string_view kPropNamesrvAddr = "PROP_NAMESERVER_ADDR";
inline constexpr std::string_view kPropThreadPoolCoreSize = "PROP_THREADPOOL_CORE_SIZE";
inline constexpr std::string_view kPropConsumeOrderly = "PROP_CONSUMEORDERLY";
inline constexpr std::string_view kPropConsumeType = "PROP_CONSUME_TYPE";
inline constexpr std::string_view kPropClientVersion = "PROP_CLIENT_VERSION";
inline constexpr std::string_view kPropConsumerStartTimestamp = "PROP_CONSUMER_START_TIMESTAMP";

// The GET_CONSUMER_RUNNING_INFO (307) response body, which the client
// writes and the broker relays to the admin unchanged. Java's mqTable and
// statusTable are TreeMaps (written sorted); properties is a
// java.util.Properties (a ConcurrentHashMap inside since Java 9);
// subscriptionSet is a TreeSet, written in the vector's order. 5.x's
// mqPopTable and userConsumerInfo are not modelled; reading skips them.
struct ConsumerRunningInfo {
  std::optional<std::string> jstack;
  std::map<MessageQueueKey, ProcessQueueInfo> mqTable;
  std::map<std::string, std::string> properties;
  std::map<std::string, ConsumeStatus> statusTable;  // topic ->
  std::vector<SubscriptionData> subscriptionSet;

  std::string toJson(ObjectKeyStyle keys = ObjectKeyStyle::kBare) const;
  static Result<ConsumerRunningInfo> fromJson(std::string_view body);

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, ConsumerRunningInfo& out);
  friend bool operator==(const ConsumerRunningInfo&, const ConsumerRunningInfo&) = default;
};

}  // namespace apogee::remoting
