#pragma once

#include <string_view>

// Names and defaults the client shares with RocketMQ (MixAll, TopicValidator,
// MQClientInstance). Only the client uses these; the broker keeps its own
// copies in broker/topic_validator.h, as the two libraries do not depend on
// each other.
namespace apogee::client {

inline constexpr std::string_view kAutoCreateTopicKeyTopic = "TBW102";
inline constexpr std::string_view kDefaultProducerGroup = "DEFAULT_PRODUCER";
inline constexpr std::string_view kClientInnerProducerGroup = "CLIENT_INNER_PRODUCER";
inline constexpr std::string_view kDefaultConsumerGroup = "DEFAULT_CONSUMER";
inline constexpr std::string_view kRetryGroupTopicPrefix = "%RETRY%";
inline constexpr std::string_view kDlqGroupTopicPrefix = "%DLQ%";
inline constexpr std::string_view kSystemTopicPrefix = "rmq_sys_";
inline constexpr std::string_view kSystemConsumerGroupPrefix = "CID_RMQ_SYS_";
inline constexpr std::string_view kScheduleTopic = "SCHEDULE_TOPIC_XXXX";
inline constexpr std::string_view kTransHalfTopic = "RMQ_SYS_TRANS_HALF_TOPIC";
inline constexpr std::string_view kTransOpHalfTopic = "RMQ_SYS_TRANS_OP_HALF_TOPIC";
inline constexpr std::size_t kTopicMaxLength = 127;
inline constexpr int kMasterId = 0;

}  // namespace apogee::client
