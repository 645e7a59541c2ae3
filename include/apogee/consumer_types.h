#pragma once

#include <string_view>

// Consumer enums shared by the push and pull consumers and by ClientConfig
// users. Enumerator names are RocketMQ's (they also appear on the wire in
// heartbeats).
namespace apogee {

// How a group shares a topic's messages.
enum class MessageModel {
  BROADCASTING,  // every consumer of the group gets every message
  CLUSTERING,    // each message goes to one consumer of the group
};

// Where a consumer group with no stored offset for a queue starts.
enum class ConsumeFromWhere {
  CONSUME_FROM_LAST_OFFSET,                               // only new messages (the default)
  CONSUME_FROM_LAST_OFFSET_AND_FROM_MIN_WHEN_BOOT_FIRST,  // deprecated in RocketMQ
  CONSUME_FROM_MIN_OFFSET,                                // deprecated in RocketMQ
  CONSUME_FROM_MAX_OFFSET,                                // deprecated in RocketMQ
  CONSUME_FROM_FIRST_OFFSET,                              // from the oldest message still stored
  CONSUME_FROM_TIMESTAMP,  // from the first message stored at or after a time
};

// "BROADCASTING" / "CLUSTERING".
std::string_view messageModelName(MessageModel model);
// "CONSUME_FROM_LAST_OFFSET", ...
std::string_view consumeFromWhereName(ConsumeFromWhere where);

}  // namespace apogee
