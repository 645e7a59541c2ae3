#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/offsets.h"
#include "store/message_bytes.h"

namespace apogee::store {

// RocketMQ's GetMessageStatus (reference 6.3 maps each to a pull response).
enum class GetMessageStatus {
  kFound,
  kNoMatchedMessage,     // entries scanned, none passed the filter
  kMessageWasRemoving,   // entries point into deleted commit-log segments
  kOffsetFoundNull,      // the consume-queue file for the offset is gone
  kOffsetOverflowBadly,  // offset > max
  kOffsetOverflowOne,    // offset == max: caught up
  kOffsetTooSmall,       // offset < min
  kNoMatchedLogicQueue,
  kNoMessageInQueue,     // the queue is empty (max == 0)
};

std::string_view getMessageStatusName(GetMessageStatus status);

struct GetMessageResult {
  GetMessageStatus status = GetMessageStatus::kNoMessageInQueue;
  QueueOffset nextBeginOffset{0};
  QueueOffset minOffset{0};
  QueueOffset maxOffset{0};
  // Records in queue order, as stored (no copy; see MessageBytes).
  std::vector<MessageBytes> messages;
  std::vector<QueueOffset> messageQueueOffsets;  // queue offset of each record
  int64_t bufferTotalSize = 0;
  bool suggestPullingFromSlave = false;
};

}  // namespace apogee::store
