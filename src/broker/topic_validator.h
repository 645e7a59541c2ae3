#pragma once

#include <optional>
#include <string>
#include <string_view>

// Topic names: system topics, the retry / dead-letter naming scheme and the
// validity rules of RocketMQ 4.9.8 (TopicValidator, MixAll).
namespace apogee::broker {

inline constexpr std::string_view kAutoCreateTopicKeyTopic = "TBW102";
inline constexpr std::string_view kScheduleTopic = "SCHEDULE_TOPIC_XXXX";
inline constexpr std::string_view kBenchmarkTopic = "BenchmarkTest";
inline constexpr std::string_view kSelfTestTopic = "SELF_TEST_TOPIC";
inline constexpr std::string_view kOffsetMovedEventTopic = "OFFSET_MOVED_EVENT";
inline constexpr std::string_view kTransHalfTopic = "RMQ_SYS_TRANS_HALF_TOPIC";
inline constexpr std::string_view kTransOpHalfTopic = "RMQ_SYS_TRANS_OP_HALF_TOPIC";
inline constexpr std::string_view kTransCheckMaxTimeTopic = "TRANS_CHECK_MAX_TIME_TOPIC";
inline constexpr std::string_view kReplyTopicSuffix = "_REPLY_TOPIC";
inline constexpr std::string_view kRetryGroupTopicPrefix = "%RETRY%";
inline constexpr std::string_view kDlqGroupTopicPrefix = "%DLQ%";
inline constexpr std::size_t kTopicMaxLength = 127;
inline constexpr int kDlqNumsPerGroup = 1;

inline std::string retryTopic(std::string_view group) {
  return std::string(kRetryGroupTopicPrefix) + std::string(group);
}
inline std::string dlqTopic(std::string_view group) {
  return std::string(kDlqGroupTopicPrefix) + std::string(group);
}
inline bool isRetryTopic(std::string_view topic) { return topic.starts_with(kRetryGroupTopicPrefix); }
inline bool isDlqTopic(std::string_view topic) { return topic.starts_with(kDlqGroupTopicPrefix); }

// Why `topic` is not a valid topic name (blank, characters outside
// [%|a-zA-Z0-9_-], longer than 127), as the remark RocketMQ answers with;
// nullopt when it is valid.
std::optional<std::string> validateTopicName(std::string_view topic);

// Topics producers may not send to directly (schedule and transaction topics).
bool isNotAllowedSendTopic(std::string_view topic);

}  // namespace apogee::broker
