#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "apogee/message_ext.h"
#include "apogee/message_queue.h"

// The listener types of DefaultMQPushConsumer (RocketMQ's
// MessageListenerConcurrently / MessageListenerOrderly and their context and
// status types), with RocketMQ's names.
namespace apogee {

// What a concurrently consuming listener reports for its batch.
enum class ConsumeConcurrentlyStatus {
  CONSUME_SUCCESS,  // consumed (up to the context's ackIndex)
  RECONSUME_LATER,  // failed: deliver again later through the group's %RETRY% topic
};

// Passed with each batch to a concurrently consuming listener.
class ConsumeConcurrentlyContext {
 public:
  explicit ConsumeConcurrentlyContext(MessageQueue mq) : message_queue_(std::move(mq)) {}

  // The queue the batch came from.
  const MessageQueue& getMessageQueue() const noexcept { return message_queue_; }
  // The delay level asked of the broker for failed messages: 0 (default)
  // lets the broker decide (3 + reconsumeTimes), -1 sends them straight to
  // the dead-letter queue, n > 0 uses level n.
  int getDelayLevelWhenNextConsume() const noexcept { return delay_level_when_next_consume_; }
  // Sets the delay level for failed messages.
  void setDelayLevelWhenNextConsume(int level) noexcept { delay_level_when_next_consume_ = level; }
  // With CONSUME_SUCCESS, messages [0, ackIndex] are consumed and the rest
  // failed; the default (max int) acknowledges the whole batch.
  int getAckIndex() const noexcept { return ack_index_; }
  // Sets the ack index.
  void setAckIndex(int index) noexcept { ack_index_ = index; }

 private:
  MessageQueue message_queue_;
  int delay_level_when_next_consume_ = 0;
  int ack_index_ = INT32_MAX;
};

// A concurrently consuming listener: called on the consumer's thread pool
// with batches of at most consumeMessageBatchMaxSize messages. A batch
// counts as failed when the listener throws.
using MessageListenerConcurrently = std::function<ConsumeConcurrentlyStatus(
    const std::vector<MessageExt>& msgs, ConsumeConcurrentlyContext& context)>;

// What an orderly consuming listener reports for its batch.
enum class ConsumeOrderlyStatus {
  SUCCESS,   // consumed (committed with autoCommit, else only passed)
  ROLLBACK,  // autoCommit off: put the uncommitted batches back, consume them again later
  COMMIT,    // autoCommit off: commit what was consumed
  // Failed: the queue stops for the suspend time, then the same batch comes
  // again (reconsumeTimes + 1); after maxReconsumeTimes, the dead-letter queue.
  SUSPEND_CURRENT_QUEUE_A_MOMENT,
};

// Passed with each batch to an orderly consuming listener.
class ConsumeOrderlyContext {
 public:
  explicit ConsumeOrderlyContext(MessageQueue mq) : message_queue_(std::move(mq)) {}
  // The queue the batch came from.
  const MessageQueue& getMessageQueue() const noexcept { return message_queue_; }
  // Whether offsets are committed automatically (true).
  bool isAutoCommit() const noexcept { return auto_commit_; }
  // Sets auto commit.
  void setAutoCommit(bool v) noexcept { auto_commit_ = v; }
  // How long to suspend the queue after SUSPEND_CURRENT_QUEUE_A_MOMENT
  // (-1: the consumer's suspendCurrentQueueTimeMillis; 10..30000 ms).
  std::int64_t getSuspendCurrentQueueTimeMillis() const noexcept { return suspend_millis_; }
  // Sets the suspend time.
  void setSuspendCurrentQueueTimeMillis(std::int64_t v) noexcept { suspend_millis_ = v; }

 private:
  MessageQueue message_queue_;
  bool auto_commit_ = true;
  std::int64_t suspend_millis_ = -1;
};

// An orderly consuming listener: called on the consumer's thread pool, one
// batch (at most consumeMessageBatchMaxSize messages, in queue order) of a
// queue at a time. A listener that throws counts as SUSPEND_CURRENT_QUEUE_A_MOMENT.
using MessageListenerOrderly = std::function<ConsumeOrderlyStatus(
    const std::vector<MessageExt>& msgs, ConsumeOrderlyContext& context)>;

}  // namespace apogee
