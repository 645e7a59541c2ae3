#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "apogee/message_queue.h"

namespace apogee {

// Where readOffset looks (RocketMQ's ReadOffsetType).
enum class ReadOffsetType {
  READ_FROM_MEMORY,         // the in-memory table only
  READ_FROM_STORE,          // the broker (clustering) or the local file (broadcasting)
  MEMORY_FIRST_THEN_STORE,  // memory, and the store when memory has none
};

// A consumer group's consumed offsets per queue (RocketMQ's OffsetStore).
// The consumer keeps an in-memory table that it updates as messages are
// consumed and persists periodically (persistConsumerOffsetInterval, 5 s)
// and at shutdown. Clustering consumers store at the broker
// (RemoteBrokerOffsetStore), broadcasting consumers in a local file
// (LocalFileOffsetStore); an application can plug in its own with the
// consumers' setOffsetStore.
//
// An offset is the next message to consume (last consumed + 1).
// Implementations must be thread-safe: the client's scheduler thread
// persists while the application and pull threads update.
class OffsetStore {
 public:
  virtual ~OffsetStore() = default;

  // Loads what the store keeps (the local file); called once at start.
  virtual void load() = 0;
  // Sets the memory offset of `mq`. With `increaseOnly` a smaller value than
  // the current one is ignored.
  virtual void updateOffset(const MessageQueue& mq, std::int64_t offset, bool increaseOnly) = 0;
  // The offset of `mq`: -1 when none is known, -2 when the store could not
  // be read (the broker did not answer). A value read from the store is also
  // put in memory.
  virtual std::int64_t readOffset(const MessageQueue& mq, ReadOffsetType type) = 0;
  // Persists the memory offsets of `mqs`. Memory offsets of other queues are
  // dropped (RemoteBrokerOffsetStore) as RocketMQ does.
  virtual void persistAll(const std::set<MessageQueue>& mqs) = 0;
  // Persists the memory offset of one queue.
  virtual void persist(const MessageQueue& mq) = 0;
  // Forgets the memory offset of `mq` (the queue went to another consumer).
  virtual void removeOffset(const MessageQueue& mq) = 0;
  // The memory offsets of `topic`'s queues (of every queue when `topic` is
  // empty).
  virtual std::map<MessageQueue, std::int64_t> cloneOffsetTable(const std::string& topic) = 0;
  // Sends `offset` of `mq` to the broker now (oneway or waiting for the
  // answer); does nothing for stores that are not at a broker. Throws
  // MQClientException on failure when not oneway.
  virtual void updateConsumeOffsetToBroker(const MessageQueue& mq, std::int64_t offset,
                                           bool isOneway) = 0;
};

}  // namespace apogee
