#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "remoting/headers/header_fields.h"

// Client-membership headers, and the requests a broker sends to its clients
// (rocketmq-protocol.md 3.3, 3.4). HEART_BEAT (34) itself has no header in
// 4.9.x: its content is the HeartbeatData body.
namespace apogee::remoting {

// UNREGISTER_CLIENT (35) request, client -> broker: the client leaves one group.
struct UnregisterClientRequestHeader {
  std::string clientID;  // RocketMQ's spelling: capital "ID"
  std::optional<std::string> producerGroup;
  std::optional<std::string> consumerGroup;

  static constexpr std::string_view kName = "UnregisterClientRequestHeader";
  using Self = UnregisterClientRequestHeader;
  static constexpr auto kFields = std::make_tuple(
      field("clientID", &Self::clientID), optionalField("producerGroup", &Self::producerGroup),
      optionalField("consumerGroup", &Self::consumerGroup));
  bool operator==(const UnregisterClientRequestHeader&) const = default;
};

// GET_CONSUMER_LIST_BY_GROUP (38) request, consumer -> broker. The answer is a
// body ({"consumerIdList":[...]}), no header.
struct GetConsumerListByGroupRequestHeader {
  std::string consumerGroup;

  static constexpr std::string_view kName = "GetConsumerListByGroupRequestHeader";
  static constexpr auto kFields =
      std::make_tuple(field("consumerGroup", &GetConsumerListByGroupRequestHeader::consumerGroup));
  bool operator==(const GetConsumerListByGroupRequestHeader&) const = default;
};

// NOTIFY_CONSUMER_IDS_CHANGED (40) request, broker -> consumer, oneway: rebalance now.
struct NotifyConsumerIdsChangedRequestHeader {
  std::string consumerGroup;

  static constexpr std::string_view kName = "NotifyConsumerIdsChangedRequestHeader";
  static constexpr auto kFields = std::make_tuple(
      field("consumerGroup", &NotifyConsumerIdsChangedRequestHeader::consumerGroup));
  bool operator==(const NotifyConsumerIdsChangedRequestHeader&) const = default;
};

// One header for two requests, as in Java:
//   INVOKE_BROKER_TO_RESET_OFFSET (222), admin -> broker: reset the group's
//     offsets on `topic` to the first message stored at or after `timestamp`;
//   RESET_CONSUMER_CLIENT_OFFSET (220), broker -> consumer, oneway: the new
//     offsets, in a ResetOffsetBody.
// Field order is 4.9.8's; 5.x added queueId and offset (and moved group first).
struct ResetOffsetRequestHeader {
  std::string topic;
  std::string group;
  std::int64_t timestamp = 0;           // ms
  bool isForce = false;                 // false: an offset is only ever moved back
  std::optional<std::int32_t> queueId;  // 5.x; absent means -1, every queue
  std::optional<std::int64_t> offset;   // 5.x

  static constexpr std::string_view kName = "ResetOffsetRequestHeader";
  using Self = ResetOffsetRequestHeader;
  static constexpr auto kFields = std::make_tuple(
      field("topic", &Self::topic), field("group", &Self::group),
      field("timestamp", &Self::timestamp), field("isForce", &Self::isForce),
      optionalField("queueId", &Self::queueId), optionalField("offset", &Self::offset));
  bool operator==(const ResetOffsetRequestHeader&) const = default;
};

// GET_CONSUMER_RUNNING_INFO (307) request, admin -> broker, relayed broker ->
// consumer. The consumer answers with a ConsumerRunningInfo body.
struct GetConsumerRunningInfoRequestHeader {
  std::string consumerGroup;
  std::string clientId;
  bool jstackEnable = false;  // include thread stacks

  static constexpr std::string_view kName = "GetConsumerRunningInfoRequestHeader";
  using Self = GetConsumerRunningInfoRequestHeader;
  static constexpr auto kFields = std::make_tuple(
      field("consumerGroup", &Self::consumerGroup), field("clientId", &Self::clientId),
      defaultedField("jstackEnable", &Self::jstackEnable));
  bool operator==(const GetConsumerRunningInfoRequestHeader&) const = default;
};

// GET_CONSUMER_STATUS_FROM_CLIENT (221) request, broker -> consumer; also
// INVOKE_BROKER_TO_GET_CONSUMER_STATUS (223), admin -> broker.
struct GetConsumerStatusRequestHeader {
  std::string topic;
  std::string group;
  std::optional<std::string> clientAddr;  // 223: only this client

  static constexpr std::string_view kName = "GetConsumerStatusRequestHeader";
  using Self = GetConsumerStatusRequestHeader;
  static constexpr auto kFields =
      std::make_tuple(field("topic", &Self::topic), field("group", &Self::group),
                      optionalField("clientAddr", &Self::clientAddr));
  bool operator==(const GetConsumerStatusRequestHeader&) const = default;
};

// CONSUME_MESSAGE_DIRECTLY (309) request, admin -> broker -> consumer; the
// body is one stored message.
struct ConsumeMessageDirectlyResultRequestHeader {
  std::string consumerGroup;
  std::optional<std::string> clientId;
  std::optional<std::string> msgId;
  std::optional<std::string> brokerName;
  std::optional<std::string> topic;          // 5.x
  std::optional<std::int32_t> topicSysFlag;  // 5.x
  std::optional<std::int32_t> groupSysFlag;  // 5.x

  static constexpr std::string_view kName = "ConsumeMessageDirectlyResultRequestHeader";
  using Self = ConsumeMessageDirectlyResultRequestHeader;
  static constexpr auto kFields = std::make_tuple(
      field("consumerGroup", &Self::consumerGroup), optionalField("clientId", &Self::clientId),
      optionalField("msgId", &Self::msgId), optionalField("brokerName", &Self::brokerName),
      optionalField("topic", &Self::topic), optionalField("topicSysFlag", &Self::topicSysFlag),
      optionalField("groupSysFlag", &Self::groupSysFlag));
  bool operator==(const ConsumeMessageDirectlyResultRequestHeader&) const = default;
};

}  // namespace apogee::remoting
