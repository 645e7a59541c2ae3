#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "remoting/headers/header_fields.h"

// Offset headers: consumer offsets and queue offset lookups (rocketmq-protocol.md 3.3, 6.4).
namespace apogee::remoting {

// QUERY_CONSUMER_OFFSET (14) request, consumer -> broker.
struct QueryConsumerOffsetRequestHeader {
  std::string consumerGroup;
  std::string topic;
  std::int32_t queueId = 0;
  std::optional<bool> setZeroIfNotFound;  // 5.x; absent means true

  static constexpr std::string_view kName = "QueryConsumerOffsetRequestHeader";
  using Self = QueryConsumerOffsetRequestHeader;
  static constexpr auto kFields =
      std::make_tuple(field("consumerGroup", &Self::consumerGroup), field("topic", &Self::topic),
                      field("queueId", &Self::queueId),
                      optionalField("setZeroIfNotFound", &Self::setZeroIfNotFound));
  bool operator==(const QueryConsumerOffsetRequestHeader&) const = default;
};

// Response to QUERY_CONSUMER_OFFSET (14), broker -> consumer. QUERY_NOT_FOUND
// (22) carries no header.
struct QueryConsumerOffsetResponseHeader {
  std::int64_t offset = 0;

  static constexpr std::string_view kName = "QueryConsumerOffsetResponseHeader";
  static constexpr auto kFields =
      std::make_tuple(field("offset", &QueryConsumerOffsetResponseHeader::offset));
  bool operator==(const QueryConsumerOffsetResponseHeader&) const = default;
};

// UPDATE_CONSUMER_OFFSET (15) request, consumer -> broker (Java: oneway, every 5 s).
struct UpdateConsumerOffsetRequestHeader {
  std::string consumerGroup;
  std::string topic;
  std::int32_t queueId = 0;
  std::int64_t commitOffset = 0;

  static constexpr std::string_view kName = "UpdateConsumerOffsetRequestHeader";
  using Self = UpdateConsumerOffsetRequestHeader;
  static constexpr auto kFields =
      std::make_tuple(field("consumerGroup", &Self::consumerGroup), field("topic", &Self::topic),
                      field("queueId", &Self::queueId), field("commitOffset", &Self::commitOffset));
  bool operator==(const UpdateConsumerOffsetRequestHeader&) const = default;
};

// GET_MAX_OFFSET (30) request, client -> broker.
struct GetMaxOffsetRequestHeader {
  std::string topic;
  std::int32_t queueId = 0;
  std::optional<bool> committed;  // 5.x; absent means true (only committed data counts)

  static constexpr std::string_view kName = "GetMaxOffsetRequestHeader";
  using Self = GetMaxOffsetRequestHeader;
  static constexpr auto kFields =
      std::make_tuple(field("topic", &Self::topic), field("queueId", &Self::queueId),
                      optionalField("committed", &Self::committed));
  bool operator==(const GetMaxOffsetRequestHeader&) const = default;
};

// Response to GET_MAX_OFFSET (30), broker -> client: the next offset to be written.
struct GetMaxOffsetResponseHeader {
  std::int64_t offset = 0;

  static constexpr std::string_view kName = "GetMaxOffsetResponseHeader";
  static constexpr auto kFields =
      std::make_tuple(field("offset", &GetMaxOffsetResponseHeader::offset));
  bool operator==(const GetMaxOffsetResponseHeader&) const = default;
};

// GET_MIN_OFFSET (31) request, client -> broker.
struct GetMinOffsetRequestHeader {
  std::string topic;
  std::int32_t queueId = 0;

  static constexpr std::string_view kName = "GetMinOffsetRequestHeader";
  using Self = GetMinOffsetRequestHeader;
  static constexpr auto kFields =
      std::make_tuple(field("topic", &Self::topic), field("queueId", &Self::queueId));
  bool operator==(const GetMinOffsetRequestHeader&) const = default;
};

// Response to GET_MIN_OFFSET (31), broker -> client: the first stored offset.
struct GetMinOffsetResponseHeader {
  std::int64_t offset = 0;

  static constexpr std::string_view kName = "GetMinOffsetResponseHeader";
  static constexpr auto kFields =
      std::make_tuple(field("offset", &GetMinOffsetResponseHeader::offset));
  bool operator==(const GetMinOffsetResponseHeader&) const = default;
};

// boundaryType values of SEARCH_OFFSET_BY_TIMESTAMP (Java's BoundaryType names;
// Java reads them case-insensitively).
inline constexpr std::string_view kBoundaryTypeLower = "LOWER";
inline constexpr std::string_view kBoundaryTypeUpper = "UPPER";

// SEARCH_OFFSET_BY_TIMESTAMP (29) request, client -> broker.
struct SearchOffsetRequestHeader {
  std::string topic;
  std::int32_t queueId = 0;
  std::int64_t timestamp = 0;               // ms
  std::optional<std::string> boundaryType;  // 5.x "LOWER" (default) or "UPPER"

  static constexpr std::string_view kName = "SearchOffsetRequestHeader";
  using Self = SearchOffsetRequestHeader;
  static constexpr auto kFields = std::make_tuple(
      field("topic", &Self::topic), field("queueId", &Self::queueId),
      field("timestamp", &Self::timestamp), optionalField("boundaryType", &Self::boundaryType));
  bool operator==(const SearchOffsetRequestHeader&) const = default;
};

// Response to SEARCH_OFFSET_BY_TIMESTAMP (29), broker -> client.
struct SearchOffsetResponseHeader {
  std::int64_t offset = 0;

  static constexpr std::string_view kName = "SearchOffsetResponseHeader";
  static constexpr auto kFields =
      std::make_tuple(field("offset", &SearchOffsetResponseHeader::offset));
  bool operator==(const SearchOffsetResponseHeader&) const = default;
};

// GET_EARLIEST_MSG_STORETIME (32) request, client -> broker.
struct GetEarliestMsgStoretimeRequestHeader {
  std::string topic;
  std::int32_t queueId = 0;

  static constexpr std::string_view kName = "GetEarliestMsgStoretimeRequestHeader";
  using Self = GetEarliestMsgStoretimeRequestHeader;
  static constexpr auto kFields =
      std::make_tuple(field("topic", &Self::topic), field("queueId", &Self::queueId));
  bool operator==(const GetEarliestMsgStoretimeRequestHeader&) const = default;
};

// Response to GET_EARLIEST_MSG_STORETIME (32), broker -> client.
struct GetEarliestMsgStoretimeResponseHeader {
  std::int64_t timestamp = 0;  // store time of the queue's first message, ms

  static constexpr std::string_view kName = "GetEarliestMsgStoretimeResponseHeader";
  static constexpr auto kFields =
      std::make_tuple(field("timestamp", &GetEarliestMsgStoretimeResponseHeader::timestamp));
  bool operator==(const GetEarliestMsgStoretimeResponseHeader&) const = default;
};

}  // namespace apogee::remoting
