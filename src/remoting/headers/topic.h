#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "remoting/headers/header_fields.h"

// Topic administration headers, admin -> broker (rocketmq-protocol.md 3.3).
namespace apogee::remoting {

// topicFilterType values of UPDATE_AND_CREATE_TOPIC (Java's TopicFilterType names).
inline constexpr std::string_view kTopicFilterSingleTag = "SINGLE_TAG";
inline constexpr std::string_view kTopicFilterMultiTag = "MULTI_TAG";

// UPDATE_AND_CREATE_TOPIC (17) request, admin -> broker: create a topic or
// replace its config.
struct CreateTopicRequestHeader {
  std::string topic;
  std::string defaultTopic;  // Java's admin sends "TBW102"; unused by the broker
  std::int32_t readQueueNums = 0;
  std::int32_t writeQueueNums = 0;
  std::int32_t perm = 0;        // PermName bits: 4 read, 2 write, 1 inherit
  std::string topicFilterType;  // kTopicFilterSingleTag or kTopicFilterMultiTag
  std::optional<std::int32_t> topicSysFlag;
  bool order = false;
  std::optional<std::string> attributes;  // 5.x, "+key=value,..." string
  std::optional<bool> force;              // 5.x

  static constexpr std::string_view kName = "CreateTopicRequestHeader";
  using Self = CreateTopicRequestHeader;
  static constexpr auto kFields = std::make_tuple(
      field("topic", &Self::topic), field("defaultTopic", &Self::defaultTopic),
      field("readQueueNums", &Self::readQueueNums), field("writeQueueNums", &Self::writeQueueNums),
      field("perm", &Self::perm), field("topicFilterType", &Self::topicFilterType),
      optionalField("topicSysFlag", &Self::topicSysFlag), field("order", &Self::order),
      optionalField("attributes", &Self::attributes), optionalField("force", &Self::force));
  bool operator==(const CreateTopicRequestHeader&) const = default;
};

// DELETE_TOPIC_IN_BROKER (215) request, admin -> broker.
struct DeleteTopicRequestHeader {
  std::string topic;

  static constexpr std::string_view kName = "DeleteTopicRequestHeader";
  static constexpr auto kFields = std::make_tuple(field("topic", &DeleteTopicRequestHeader::topic));
  bool operator==(const DeleteTopicRequestHeader&) const = default;
};

// GET_TOPIC_STATS_INFO (202) request, admin -> broker; the answer is a
// TopicStatsTable body.
struct GetTopicStatsInfoRequestHeader {
  std::string topic;

  static constexpr std::string_view kName = "GetTopicStatsInfoRequestHeader";
  static constexpr auto kFields =
      std::make_tuple(field("topic", &GetTopicStatsInfoRequestHeader::topic));
  bool operator==(const GetTopicStatsInfoRequestHeader&) const = default;
};

// QUERY_TOPIC_CONSUME_BY_WHO (300) request, admin -> broker; the answer is a
// GroupList body.
struct QueryTopicConsumeByWhoRequestHeader {
  std::string topic;

  static constexpr std::string_view kName = "QueryTopicConsumeByWhoRequestHeader";
  static constexpr auto kFields =
      std::make_tuple(field("topic", &QueryTopicConsumeByWhoRequestHeader::topic));
  bool operator==(const QueryTopicConsumeByWhoRequestHeader&) const = default;
};

}  // namespace apogee::remoting
