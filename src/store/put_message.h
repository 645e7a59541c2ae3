#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/message/host_address.h"
#include "common/offsets.h"

namespace apogee::store {

// RocketMQ's PutMessageStatus (the broker maps it to a response code).
enum class PutMessageStatus {
  kPutOk,
  kFlushDiskTimeout,      // stored, but not durable within syncFlushTimeout
  kFlushSlaveTimeout,
  kSlaveNotAvailable,
  kServiceNotAvailable,   // not started, shutting down, or disk full
  kCreateMappedFileFailed,
  kMessageIllegal,        // too large, topic too long, or malformed
  kPropertiesSizeExceeded,
  kOsPageCacheBusy,
  kUnknownError,
};

std::string_view putMessageStatusName(PutMessageStatus status);

// The fields of one message as the broker has built them. The store fills
// in queue offset, physical offset, store timestamp, store host and body CRC.
// Views must stay valid for the duration of the put call only.
struct PutMessageRequest {
  std::string_view topic;
  QueueId queueId{0};
  int32_t flag = 0;
  std::string_view body;
  std::string_view properties;  // encoded properties string (TAGS, KEYS, UNIQ_KEY...)
  int32_t sysFlag = 0;
  int64_t bornTimestamp = 0;
  message::HostAddress bornHost;
  int32_t reconsumeTimes = 0;
  int64_t preparedTransactionOffset = 0;
};

// One message of a batch: what differs between the batch's messages.
struct BatchEntry {
  int32_t flag = 0;
  std::string_view body;
  std::string_view properties;
};

// A batch (SEND_BATCH_MESSAGE after the broker unpacked it): one record per
// entry, contiguous in the commit log, consecutive queue offsets, one store
// timestamp. The header fields are shared by every entry.
struct PutBatchRequest {
  std::string_view topic;
  QueueId queueId{0};
  int32_t sysFlag = 0;
  int64_t bornTimestamp = 0;
  message::HostAddress bornHost;
  int32_t reconsumeTimes = 0;
  std::vector<BatchEntry> entries;
};

struct PutMessageResult {
  PutMessageStatus status = PutMessageStatus::kUnknownError;
  std::string errorMessage;  // why, when status is not kPutOk
  CommitLogOffset wroteOffset{0};  // first record
  int64_t wroteBytes = 0;          // all records
  QueueOffset queueOffset{0};      // first record; 0 for prepared/rollback records
  int64_t storeTimestamp = 0;
  int32_t messageCount = 0;
  // Start of every record of a batch, in order (empty for single puts).
  std::vector<CommitLogOffset> recordOffsets;

  bool ok() const { return status == PutMessageStatus::kPutOk; }
  // Stored (perhaps not yet durable or replicated): the broker answers
  // SUCCESS or a flush-timeout code, not an error.
  bool stored() const {
    return status == PutMessageStatus::kPutOk || status == PutMessageStatus::kFlushDiskTimeout;
  }
};

}  // namespace apogee::store
