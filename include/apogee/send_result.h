#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "apogee/message_queue.h"

namespace apogee {

// How a message was stored. Every status but SEND_OK still means the broker
// accepted and stored the message; the others say a durability step did not
// finish in time (RocketMQ's SendStatus).
enum class SendStatus {
  SEND_OK,              // stored (and flushed / replicated if the broker is set up so)
  FLUSH_DISK_TIMEOUT,   // synchronous flush did not finish in time
  FLUSH_SLAVE_TIMEOUT,  // synchronous replication did not finish in time
  SLAVE_NOT_AVAILABLE,  // synchronous replication configured, but no slave
};

// "SEND_OK", ...
std::string_view sendStatusName(SendStatus status);

// The outcome of a successful send (RocketMQ's SendResult).
class SendResult {
 public:
  SendResult() = default;
  // A result with the main fields.
  SendResult(SendStatus status, std::string msgId, std::string offsetMsgId,
             MessageQueue messageQueue, std::int64_t queueOffset)
      : send_status_(status),
        msg_id_(std::move(msgId)),
        offset_msg_id_(std::move(offsetMsgId)),
        message_queue_(std::move(messageQueue)),
        queue_offset_(queueOffset) {}

  // How the message was stored.
  SendStatus getSendStatus() const noexcept { return send_status_; }
  // Sets the status.
  void setSendStatus(SendStatus s) noexcept { send_status_ = s; }
  // The client's message id (UNIQ_KEY); comma-joined for a batch.
  const std::string& getMsgId() const noexcept { return msg_id_; }
  // Sets the message id.
  void setMsgId(std::string v) { msg_id_ = std::move(v); }
  // The broker's id (store host + commit-log offset); comma-joined for a batch.
  const std::string& getOffsetMsgId() const noexcept { return offset_msg_id_; }
  // Sets the offsetMsgId.
  void setOffsetMsgId(std::string v) { offset_msg_id_ = std::move(v); }
  // The queue the message went to.
  const MessageQueue& getMessageQueue() const noexcept { return message_queue_; }
  // Sets the queue.
  void setMessageQueue(MessageQueue mq) { message_queue_ = std::move(mq); }
  // Its offset in that queue (the first one for a batch).
  std::int64_t getQueueOffset() const noexcept { return queue_offset_; }
  // Sets the queue offset.
  void setQueueOffset(std::int64_t v) noexcept { queue_offset_ = v; }
  // Transaction id (transactional sends only).
  const std::string& getTransactionId() const noexcept { return transaction_id_; }
  // Sets the transaction id.
  void setTransactionId(std::string v) { transaction_id_ = std::move(v); }
  // The broker's region (MSG_REGION), "DefaultRegion" by default.
  const std::string& getRegionId() const noexcept { return region_id_; }
  // Sets the region id.
  void setRegionId(std::string v) { region_id_ = std::move(v); }
  // Whether the broker has message tracing on (TRACE_ON).
  bool isTraceOn() const noexcept { return trace_on_; }
  // Sets the trace flag.
  void setTraceOn(bool v) noexcept { trace_on_ = v; }

  // "SendResult [sendStatus=SEND_OK, msgId=..., ...]".
  std::string toString() const;

 private:
  SendStatus send_status_ = SendStatus::SEND_OK;
  std::string msg_id_;
  std::string offset_msg_id_;
  MessageQueue message_queue_;
  std::int64_t queue_offset_ = 0;
  std::string transaction_id_;
  std::string region_id_;
  bool trace_on_ = true;
};

}  // namespace apogee
