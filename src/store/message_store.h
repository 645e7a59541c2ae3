#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "common/offsets.h"
#include "common/result.h"
#include "store/get_message_result.h"
#include "store/message_bytes.h"
#include "store/message_filter.h"
#include "store/put_message.h"
#include "store/store_stats.h"

namespace apogee::store {

// A message has reached a consume queue (RocketMQ's
// MessageArrivingListener.arriving). Views are valid during the call only.
struct ArrivalNotice {
  std::string_view topic;
  QueueId queueId{0};
  QueueOffset queueOffset{0};  // offset of the new message
  QueueOffset maxOffset{0};    // queueOffset + 1: the queue's new max offset
  int64_t tagsCode = 0;
  int64_t storeTimestamp = 0;
  std::string_view properties;
};

// Called on the store's dispatch (reput) thread for every message that gets
// a consume-queue entry, right after the entry is readable. It must be cheap
// and must not block (wake a waiter, enqueue work); it must not call
// putMessage.
using ArrivalListener = std::function<void(const ArrivalNotice&)>;

// How getOffsetInQueueByTime resolves a time between two messages.
enum class BoundaryType {
  kNearest,  // 4.9.x: the offset whose store time is closest (earlier one on ties)
  kLower,    // 5.x LOWER: first offset stored at or after the time (max offset if none)
  kUpper,    // 5.x UPPER: last offset stored at or before the time (min offset if none)
};

// Messages found by key (QUERY_MESSAGE).
struct QueryMessageResult {
  std::vector<MessageBytes> messages;  // newest first
  int64_t indexLastUpdateTimestamp = 0;
  int64_t indexLastUpdatePhyoffset = 0;
  int64_t bufferTotalSize = 0;
};

// What the broker needs from a message store (RocketMQ's MessageStore).
// Implementations are thread-safe: any method from any thread once start()
// returned OK, until shutdown().
class MessageStore {
 public:
  virtual ~MessageStore() = default;

  // Opens the files, recovers after a crash if needed, starts the services.
  virtual Status start() = 0;
  // Flushes everything and closes cleanly. Calls in progress must have
  // returned; later calls fail or return nothing.
  virtual void shutdown() = 0;

  // Appends a message. Returns when it is stored (async flush) or durable
  // (sync flush); the result says which offsets it got.
  virtual PutMessageResult putMessage(const PutMessageRequest& request) = 0;
  virtual PutMessageResult putMessages(const PutBatchRequest& request) = 0;

  // Up to `maxMsgNums` messages of one queue from `offset`, filtered by tag
  // code (`filter` may be null), within the store's byte and count limits.
  // Unavailable when the store is not running.
  virtual Result<GetMessageResult> getMessage(std::string_view group, std::string_view topic,
                                              QueueId queueId, QueueOffset offset,
                                              int32_t maxMsgNums, const MessageFilter* filter) = 0;

  // The record at a commit-log offset (VIEW_MESSAGE_BY_ID, send-back).
  virtual Result<MessageBytes> lookMessageByOffset(CommitLogOffset offset) = 0;

  // Messages of `topic` whose UNIQ_KEY or one of whose KEYS is `key`, stored
  // within [begin, end] (ms), at most min(maxNum, maxMsgsNumBatch).
  virtual Result<QueryMessageResult> queryMessage(std::string_view topic, std::string_view key,
                                                  int32_t maxNum, int64_t begin, int64_t end) = 0;

  // First valid and next-to-write offsets of a queue (0 and 0 if unknown).
  virtual QueueOffset getMinOffsetInQueue(std::string_view topic, QueueId queueId) = 0;
  virtual QueueOffset getMaxOffsetInQueue(std::string_view topic, QueueId queueId) = 0;
  // Commit-log offset of the message at a queue offset.
  virtual Result<CommitLogOffset> getCommitLogOffsetInQueue(std::string_view topic, QueueId queueId,
                                                            QueueOffset offset) = 0;
  // Binary search by store time (SEARCH_OFFSET_BY_TIMESTAMP).
  virtual QueueOffset getOffsetInQueueByTime(std::string_view topic, QueueId queueId,
                                             int64_t timestamp,
                                             BoundaryType boundary = BoundaryType::kNearest) = 0;
  // Store time of the first message of a queue, or of the store; -1 if none.
  virtual int64_t getEarliestMessageTime(std::string_view topic, QueueId queueId) = 0;
  virtual int64_t getEarliestMessageTime() = 0;
  virtual int64_t getMessageStoreTimeStamp(std::string_view topic, QueueId queueId,
                                           QueueOffset offset) = 0;

  virtual CommitLogOffset getMinPhyOffset() = 0;
  virtual CommitLogOffset getMaxPhyOffset() = 0;

  // Put and get counters and rates (GET_BROKER_RUNTIME_INFO).
  virtual const StoreStats& stats() const = 0;

  // Topic deletion (DELETE_TOPIC_IN_BROKER): drops the topic's consume
  // queues, their files and its queue offsets, so a topic created again
  // starts at offset 0. Its records stay in the commit log until retention
  // removes their segments, as in RocketMQ.
  virtual Status deleteTopic(std::string_view topic) = 0;

  // Register before start(); listeners run on the dispatch thread.
  virtual void addArrivalListener(ArrivalListener listener) = 0;
};

}  // namespace apogee::store
