#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "remoting/headers/header_fields.h"

// Pull headers and PullSysFlag (rocketmq-protocol.md 3.3 and 6.3).
namespace apogee::remoting {

// Bits of PullMessageRequestHeader::sysFlag.
namespace PullSysFlag {

inline constexpr std::int32_t kCommitOffset = 0x1;  // commitOffset is valid: store it
inline constexpr std::int32_t kSuspend = 0x2;       // the broker may hold the pull (long polling)
inline constexpr std::int32_t kSubscription = 0x4;  // use the header's subscription expression
inline constexpr std::int32_t kClassFilter = 0x8;   // obsolete class filter
inline constexpr std::int32_t kLitePull = 0x10;     // lite-pull consumer (4.9.8 sends it too)

constexpr std::int32_t build(bool commit_offset, bool suspend, bool subscription, bool class_filter,
                             bool lite_pull = false) {
  return (commit_offset ? kCommitOffset : 0) | (suspend ? kSuspend : 0) |
         (subscription ? kSubscription : 0) | (class_filter ? kClassFilter : 0) |
         (lite_pull ? kLitePull : 0);
}

constexpr bool hasCommitOffset(std::int32_t flag) { return (flag & kCommitOffset) != 0; }
constexpr bool hasSuspend(std::int32_t flag) { return (flag & kSuspend) != 0; }
constexpr bool hasSubscription(std::int32_t flag) { return (flag & kSubscription) != 0; }
constexpr bool hasClassFilter(std::int32_t flag) { return (flag & kClassFilter) != 0; }
constexpr bool hasLitePull(std::int32_t flag) { return (flag & kLitePull) != 0; }

// The client clears COMMIT_OFFSET when it pulls from a slave.
constexpr std::int32_t clearCommitOffset(std::int32_t flag) { return flag & ~kCommitOffset; }
// A held pull is replayed with suspension forbidden.
constexpr std::int32_t clearSuspend(std::int32_t flag) { return flag & ~kSuspend; }
constexpr std::int32_t withSubscription(std::int32_t flag) { return flag | kSubscription; }

}  // namespace PullSysFlag

// PULL_MESSAGE (11) and LITE_PULL_MESSAGE (361) request, consumer -> broker.
// A binary "fast" header: Java writes these keys in this order.
struct PullMessageRequestHeader {
  std::string consumerGroup;
  std::string topic;
  std::int32_t queueId = 0;
  std::int64_t queueOffset = 0;                     // logical offset to read from
  std::int32_t maxMsgNums = 0;                      // push default 32, lite pull 10
  std::int32_t sysFlag = 0;                         // PullSysFlag bits
  std::int64_t commitOffset = 0;                    // offset to store when kCommitOffset is set
  std::int64_t suspendTimeoutMillis = 0;            // long-poll hold time
  std::optional<std::string> subscription;          // expression, used when kSubscription is set
  std::int64_t subVersion = 0;                      // SubscriptionData.subVersion
  std::optional<std::string> expressionType;        // "TAG" (default) or "SQL92"
  std::optional<std::int32_t> maxMsgBytes;          // 5.x
  std::optional<std::int32_t> requestSource;        // 5.x, set by the proxy
  std::optional<std::string> proxyFrowardClientId;  // 5.x proxy; RocketMQ's spelling

  static constexpr std::string_view kName = "PullMessageRequestHeader";
  using Self = PullMessageRequestHeader;
  static constexpr auto kFields = std::make_tuple(
      field("consumerGroup", &Self::consumerGroup), field("topic", &Self::topic),
      field("queueId", &Self::queueId), field("queueOffset", &Self::queueOffset),
      field("maxMsgNums", &Self::maxMsgNums), field("sysFlag", &Self::sysFlag),
      field("commitOffset", &Self::commitOffset),
      field("suspendTimeoutMillis", &Self::suspendTimeoutMillis),
      optionalField("subscription", &Self::subscription), field("subVersion", &Self::subVersion),
      optionalField("expressionType", &Self::expressionType),
      optionalField("maxMsgBytes", &Self::maxMsgBytes),
      optionalField("requestSource", &Self::requestSource),
      optionalField("proxyFrowardClientId", &Self::proxyFrowardClientId));
  bool operator==(const PullMessageRequestHeader&) const = default;
};

// Response to PULL_MESSAGE / LITE_PULL_MESSAGE, broker -> consumer. A binary
// "fast" header. `remark` carries the store's GetMessageStatus name; the body
// holds the stored messages on SUCCESS.
struct PullMessageResponseHeader {
  std::int64_t suggestWhichBrokerId = 0;  // broker id for the next pull (0 = master)
  std::int64_t nextBeginOffset = 0;
  std::int64_t minOffset = 0;
  std::int64_t maxOffset = 0;
  std::optional<std::int64_t> offsetDelta;    // 5.x static topic
  std::optional<std::int32_t> topicSysFlag;   // 5.x
  std::optional<std::int32_t> groupSysFlag;   // 5.x
  std::optional<std::int32_t> forbiddenType;  // 5.x, with NO_PERMISSION

  static constexpr std::string_view kName = "PullMessageResponseHeader";
  using Self = PullMessageResponseHeader;
  static constexpr auto kFields = std::make_tuple(
      field("suggestWhichBrokerId", &Self::suggestWhichBrokerId),
      field("nextBeginOffset", &Self::nextBeginOffset), field("minOffset", &Self::minOffset),
      field("maxOffset", &Self::maxOffset), optionalField("offsetDelta", &Self::offsetDelta),
      optionalField("topicSysFlag", &Self::topicSysFlag),
      optionalField("groupSysFlag", &Self::groupSysFlag),
      optionalField("forbiddenType", &Self::forbiddenType));
  bool operator==(const PullMessageResponseHeader&) const = default;
};

}  // namespace apogee::remoting
