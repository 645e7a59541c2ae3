#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "store/delay_levels.h"

// How the broker changes a message on its way into the store: the
// properties it adds, and the move of delayed messages into the schedule
// topic (rocketmq-protocol.md 4.3, 5.7).
namespace apogee::broker {

// Where a message goes and the properties it is stored with.
struct StoredTarget {
  std::string topic;
  std::int32_t queueId = 0;
  std::string properties;
};

// The client's properties, terminated, plus UNIQ_KEY (when missing) and
// CLUSTER. Later duplicates win when read, as in Java's map.
std::string buildStoredProperties(std::string_view client_properties, std::string_view cluster);

// The DELAY level of a properties string; 0 when absent or not a number.
int delayLevelOf(std::string_view properties);

// A message with DELAY > 0 that is not a transaction half/rollback record is
// kept in SCHEDULE_TOPIC_XXXX queue level-1 until due: REAL_TOPIC and
// REAL_QID record where it belongs; the level is clamped to the ladder.
// Returns whether it was moved.
bool applyDelayLevel(StoredTarget& target, std::int32_t sys_flag, const store::DelayLevels& levels);

// The properties without the given keys (and re-terminated); for restoring a
// delayed message and for send-back copies.
std::string removeProperties(std::string_view properties,
                             std::initializer_list<std::string_view> keys);

}  // namespace apogee::broker
