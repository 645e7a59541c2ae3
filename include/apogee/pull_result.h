#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "apogee/message_ext.h"

namespace apogee {

// What a pull found (RocketMQ's PullStatus).
enum class PullStatus {
  FOUND,           // messages were returned
  NO_NEW_MSG,      // the queue has nothing at or after the requested offset
  NO_MATCHED_MSG,  // messages exist, but none matched the subscription
  OFFSET_ILLEGAL,  // the requested offset is out of the queue's range
};

// "FOUND", ...
std::string_view pullStatusName(PullStatus status);

// The outcome of one pull from one queue (RocketMQ's PullResult). Messages
// are already decoded, decompressed and filtered by tag.
class PullResult {
 public:
  PullResult() = default;
  // A result with every field.
  PullResult(PullStatus status, std::int64_t nextBeginOffset, std::int64_t minOffset,
             std::int64_t maxOffset, std::vector<MessageExt> msgFoundList = {})
      : pull_status_(status),
        next_begin_offset_(nextBeginOffset),
        min_offset_(minOffset),
        max_offset_(maxOffset),
        msg_found_list_(std::move(msgFoundList)) {}

  // What the pull found.
  PullStatus getPullStatus() const noexcept { return pull_status_; }
  // Sets the status.
  void setPullStatus(PullStatus s) noexcept { pull_status_ = s; }
  // The offset to pull from next.
  std::int64_t getNextBeginOffset() const noexcept { return next_begin_offset_; }
  // Sets the next offset.
  void setNextBeginOffset(std::int64_t v) noexcept { next_begin_offset_ = v; }
  // The queue's smallest offset at the time of the pull.
  std::int64_t getMinOffset() const noexcept { return min_offset_; }
  // Sets the minimum offset.
  void setMinOffset(std::int64_t v) noexcept { min_offset_ = v; }
  // The queue's max offset (the next offset to be written).
  std::int64_t getMaxOffset() const noexcept { return max_offset_; }
  // Sets the maximum offset.
  void setMaxOffset(std::int64_t v) noexcept { max_offset_ = v; }
  // The messages (FOUND only), in queue order.
  const std::vector<MessageExt>& getMsgFoundList() const noexcept { return msg_found_list_; }
  // Mutable access to the messages (to move them out).
  std::vector<MessageExt>& mutableMsgFoundList() noexcept { return msg_found_list_; }
  // Replaces the messages.
  void setMsgFoundList(std::vector<MessageExt> v) { msg_found_list_ = std::move(v); }

  // "PullResult [pullStatus=FOUND, nextBeginOffset=..., ...]".
  std::string toString() const;

 private:
  PullStatus pull_status_ = PullStatus::NO_NEW_MSG;
  std::int64_t next_begin_offset_ = 0;
  std::int64_t min_offset_ = 0;
  std::int64_t max_offset_ = 0;
  std::vector<MessageExt> msg_found_list_;
};

}  // namespace apogee
