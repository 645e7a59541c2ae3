#pragma once

#include <cstdint>

#include "common/strong_int.h"

namespace apogee {

// Byte position in the commit log, across all its segment files (RocketMQ's
// "physical offset", phyOffset / commitLogOffset).
using CommitLogOffset = StrongInt<int64_t, struct CommitLogOffsetTag>;

// Index of a message within one (topic, queue id): the consumer's offset
// (RocketMQ's "logical offset", queueOffset / consumeQueueOffset). Entry n of a
// consume queue sits at byte n * 20 of that queue's files.
using QueueOffset = StrongInt<int64_t, struct QueueOffsetTag>;

// A queue number within a topic (0 .. readQueueNums-1).
using QueueId = StrongInt<int32_t, struct QueueIdTag>;

}  // namespace apogee
