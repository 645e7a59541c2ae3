#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "remoting/headers/header_fields.h"
#include "remoting/headers/heartbeat.h"  // ResetOffsetRequestHeader, used by 222 too

// Admin-tool headers: message lookup, consumer statistics, groups
// (rocketmq-protocol.md 3.3). INVOKE_BROKER_TO_RESET_OFFSET (222) uses
// ResetOffsetRequestHeader from heartbeat.h, as in Java.
namespace apogee::remoting {

// VIEW_MESSAGE_BY_ID (33) request, client/admin -> broker: one stored message
// by commit-log offset (decoded from an offsetMsgId). The answer's body is the
// message; there is no response header.
struct ViewMessageRequestHeader {
  std::optional<std::string> topic;  // 5.x
  std::int64_t offset = 0;           // commit-log offset

  static constexpr std::string_view kName = "ViewMessageRequestHeader";
  using Self = ViewMessageRequestHeader;
  static constexpr auto kFields =
      std::make_tuple(optionalField("topic", &Self::topic), field("offset", &Self::offset));
  bool operator==(const ViewMessageRequestHeader&) const = default;
};

// Extra extField of QUERY_MESSAGE, "true"/"false": look `key` up as a
// UNIQ_KEY; the broker then returns at most defaultQueryMaxNum (32) messages.
inline constexpr std::string_view kUniqueKeyQueryField = "_UNIQUE_KEY_QUERY";

// QUERY_MESSAGE (12) request, client/admin -> broker: messages by key.
struct QueryMessageRequestHeader {
  std::string topic;
  std::string key;
  std::int32_t maxNum = 0;
  std::int64_t beginTimestamp = 0;  // ms
  std::int64_t endTimestamp = 0;    // ms

  static constexpr std::string_view kName = "QueryMessageRequestHeader";
  using Self = QueryMessageRequestHeader;
  static constexpr auto kFields = std::make_tuple(
      field("topic", &Self::topic), field("key", &Self::key), field("maxNum", &Self::maxNum),
      field("beginTimestamp", &Self::beginTimestamp), field("endTimestamp", &Self::endTimestamp));
  bool operator==(const QueryMessageRequestHeader&) const = default;
};

// Response to QUERY_MESSAGE (12), broker -> client; the body holds the
// matching stored messages.
struct QueryMessageResponseHeader {
  std::int64_t indexLastUpdateTimestamp = 0;
  std::int64_t indexLastUpdatePhyoffset = 0;

  static constexpr std::string_view kName = "QueryMessageResponseHeader";
  using Self = QueryMessageResponseHeader;
  static constexpr auto kFields =
      std::make_tuple(field("indexLastUpdateTimestamp", &Self::indexLastUpdateTimestamp),
                      field("indexLastUpdatePhyoffset", &Self::indexLastUpdatePhyoffset));
  bool operator==(const QueryMessageResponseHeader&) const = default;
};

// GET_CONSUME_STATS (208) request, admin -> broker; the answer is a ConsumeStats body.
struct GetConsumeStatsRequestHeader {
  std::string consumerGroup;
  std::optional<std::string> topic;      // only this topic
  std::optional<std::string> topicList;  // 5.x, ";"-separated topics

  static constexpr std::string_view kName = "GetConsumeStatsRequestHeader";
  using Self = GetConsumeStatsRequestHeader;
  static constexpr auto kFields = std::make_tuple(field("consumerGroup", &Self::consumerGroup),
                                                  optionalField("topic", &Self::topic),
                                                  optionalField("topicList", &Self::topicList));
  bool operator==(const GetConsumeStatsRequestHeader&) const = default;
};

// GET_CONSUMER_CONNECTION_LIST (203) request, admin -> broker; the answer is a
// ConsumerConnection body, or CONSUMER_NOT_ONLINE (206).
struct GetConsumerConnectionListRequestHeader {
  std::string consumerGroup;

  static constexpr std::string_view kName = "GetConsumerConnectionListRequestHeader";
  static constexpr auto kFields = std::make_tuple(
      field("consumerGroup", &GetConsumerConnectionListRequestHeader::consumerGroup));
  bool operator==(const GetConsumerConnectionListRequestHeader&) const = default;
};

// GET_PRODUCER_CONNECTION_LIST (204) request, admin -> broker.
struct GetProducerConnectionListRequestHeader {
  std::string producerGroup;

  static constexpr std::string_view kName = "GetProducerConnectionListRequestHeader";
  static constexpr auto kFields = std::make_tuple(
      field("producerGroup", &GetProducerConnectionListRequestHeader::producerGroup));
  bool operator==(const GetProducerConnectionListRequestHeader&) const = default;
};

// DELETE_SUBSCRIPTIONGROUP (207) request, admin -> broker.
struct DeleteSubscriptionGroupRequestHeader {
  std::string groupName;
  bool removeOffset = false;        // 4.9.x: also drop the group's offsets
  std::optional<bool> cleanOffset;  // 5.x name of the same switch

  static constexpr std::string_view kName = "DeleteSubscriptionGroupRequestHeader";
  using Self = DeleteSubscriptionGroupRequestHeader;
  static constexpr auto kFields = std::make_tuple(
      field("groupName", &Self::groupName), defaultedField("removeOffset", &Self::removeOffset),
      optionalField("cleanOffset", &Self::cleanOffset));
  bool operator==(const DeleteSubscriptionGroupRequestHeader&) const = default;
};

// Response to GET_BROKER_CONFIG (26), broker -> admin; the body is the
// broker's settings as Java properties text ("key=value" lines).
struct GetBrokerConfigResponseHeader {
  std::string version;  // the configuration's DataVersion, as JSON

  static constexpr std::string_view kName = "GetBrokerConfigResponseHeader";
  static constexpr auto kFields =
      std::make_tuple(field("version", &GetBrokerConfigResponseHeader::version));
  bool operator==(const GetBrokerConfigResponseHeader&) const = default;
};

// QUERY_CONSUME_TIME_SPAN (303) request, admin -> broker.
struct QueryConsumeTimeSpanRequestHeader {
  std::string topic;
  std::string group;

  static constexpr std::string_view kName = "QueryConsumeTimeSpanRequestHeader";
  using Self = QueryConsumeTimeSpanRequestHeader;
  static constexpr auto kFields =
      std::make_tuple(field("topic", &Self::topic), field("group", &Self::group));
  bool operator==(const QueryConsumeTimeSpanRequestHeader&) const = default;
};

}  // namespace apogee::remoting
