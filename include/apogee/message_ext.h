#pragma once

#include <cstdint>
#include <string>

#include "apogee/message.h"

namespace apogee {

// A message as stored by a broker and delivered to consumers: the Message
// plus what the broker recorded (queue, offsets, hosts, timestamps). Filled
// by the client when it decodes pull, view and query responses. A plain
// value type like Message.
class MessageExt : public Message {
 public:
  MessageExt() = default;

  // The id users see: the UNIQ_KEY property (the producer's id) when present,
  // else the offsetMsgId (RocketMQ's MessageClientExt.getMsgId).
  std::string getMsgId() const;
  // The broker's id of the stored record: store host + commit-log offset as
  // 32 (IPv4) or 56 (IPv6) uppercase hex characters.
  const std::string& getOffsetMsgId() const noexcept { return offset_msg_id_; }
  // Sets the offsetMsgId.
  void setOffsetMsgId(std::string id) { offset_msg_id_ = std::move(id); }

  // The queue id the message was stored in.
  std::int32_t getQueueId() const noexcept { return queue_id_; }
  // Sets the queue id.
  void setQueueId(std::int32_t v) noexcept { queue_id_ = v; }
  // The logical offset in its consume queue.
  std::int64_t getQueueOffset() const noexcept { return queue_offset_; }
  // Sets the queue offset.
  void setQueueOffset(std::int64_t v) noexcept { queue_offset_ = v; }
  // The physical offset of the record in the broker's commit log.
  std::int64_t getCommitLogOffset() const noexcept { return commit_log_offset_; }
  // Sets the commit-log offset.
  void setCommitLogOffset(std::int64_t v) noexcept { commit_log_offset_ = v; }
  // When the producer created the message, ms since the epoch.
  std::int64_t getBornTimestamp() const noexcept { return born_timestamp_; }
  // Sets the born timestamp.
  void setBornTimestamp(std::int64_t v) noexcept { born_timestamp_ = v; }
  // When the broker stored it, ms since the epoch.
  std::int64_t getStoreTimestamp() const noexcept { return store_timestamp_; }
  // Sets the store timestamp.
  void setStoreTimestamp(std::int64_t v) noexcept { store_timestamp_ = v; }
  // The producer's address as the broker saw it, "ip:port".
  const std::string& getBornHost() const noexcept { return born_host_; }
  // Sets the born host.
  void setBornHost(std::string v) { born_host_ = std::move(v); }
  // The storing broker's address, "ip:port".
  const std::string& getStoreHost() const noexcept { return store_host_; }
  // Sets the store host.
  void setStoreHost(std::string v) { store_host_ = std::move(v); }
  // How many times the message has been redelivered through the retry topic.
  std::int32_t getReconsumeTimes() const noexcept { return reconsume_times_; }
  // Sets the reconsume count.
  void setReconsumeTimes(std::int32_t v) noexcept { reconsume_times_ = v; }
  // The record's sysFlag (MessageSysFlag bits: compression, transaction type,
  // IPv6 hosts). The client clears the compressed bit after inflating.
  std::int32_t getSysFlag() const noexcept { return sys_flag_; }
  // Sets the sysFlag.
  void setSysFlag(std::int32_t v) noexcept { sys_flag_ = v; }
  // CRC32 of the body as stored (possibly compressed), masked to 31 bits.
  std::int32_t getBodyCRC() const noexcept { return body_crc_; }
  // Sets the body CRC.
  void setBodyCRC(std::int32_t v) noexcept { body_crc_ = v; }
  // Size of the stored record in bytes.
  std::int32_t getStoreSize() const noexcept { return store_size_; }
  // Sets the record size.
  void setStoreSize(std::int32_t v) noexcept { store_size_ = v; }
  // Transactional messages: commit-log offset of the prepared half.
  std::int64_t getPreparedTransactionOffset() const noexcept {
    return prepared_transaction_offset_;
  }
  // Sets the prepared transaction offset.
  void setPreparedTransactionOffset(std::int64_t v) noexcept { prepared_transaction_offset_ = v; }

  // One line for logs.
  std::string toString() const;

 private:
  std::string offset_msg_id_;
  std::int32_t queue_id_ = 0;
  std::int64_t queue_offset_ = 0;
  std::int64_t commit_log_offset_ = 0;
  std::int64_t born_timestamp_ = 0;
  std::int64_t store_timestamp_ = 0;
  std::string born_host_;
  std::string store_host_;
  std::int32_t reconsume_times_ = 0;
  std::int32_t sys_flag_ = 0;
  std::int32_t body_crc_ = 0;
  std::int32_t store_size_ = 0;
  std::int64_t prepared_transaction_offset_ = 0;
};

}  // namespace apogee
