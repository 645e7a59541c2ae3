#pragma once

#include <any>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "apogee/client_config.h"
#include "apogee/message.h"
#include "apogee/message_queue.h"
#include "apogee/mq_client_exception.h"
#include "apogee/send_result.h"

namespace apogee {

namespace client {
class DefaultMQProducerImpl;
}

// Picks the queue for one message from the topic's writable queues, for
// ordered sends: messages that must stay in order go to the same queue
// (RocketMQ's MessageQueueSelector). `arg` is what the caller passed to send().
// Must return one of `queues`.
using MessageQueueSelector = std::function<MessageQueue(const std::vector<MessageQueue>& queues,
                                                        const Message& msg, const std::any& arg)>;

// Called once with the result of a successful asynchronous send.
using SendSuccessCallback = std::function<void(const SendResult& result)>;
// Called once when an asynchronous send failed for good (after retries).
using SendExceptionCallback = std::function<void(const MQClientException& error)>;

// A producer (RocketMQ's DefaultMQProducer): sends messages to the brokers
// that serve their topic, choosing a queue round robin, retrying on another
// broker when a send fails, and compressing large bodies.
//
//   DefaultMQProducer producer("MyGroup");
//   producer.setNamesrvAddr("127.0.0.1:9876");
//   producer.start();
//   Message msg("TopicTest", "TagA", "hello");
//   SendResult r = producer.send(msg);
//
// Delivery: a send that returns (or calls the success callback) was stored
// by the broker; SendStatus says whether flushing or replication finished in
// time. A send that throws may still have been stored (a timeout after the
// broker stored it); retries can then store the message twice. Messages are
// at-least-once; to deduplicate, use the message id (UNIQ_KEY).
//
// Threads: send methods are thread-safe and may be called concurrently after
// start(). Callbacks run on the client's callback threads, never on I/O
// threads; they should not block for long and must not call shutdown() (it
// waits for those threads). Settings must be made before start(). The
// destructor calls shutdown().
class DefaultMQProducer : public ClientConfig {
 public:
  // A producer of group `producerGroup` ("DEFAULT_PRODUCER" by default).
  explicit DefaultMQProducer(std::string producerGroup = "DEFAULT_PRODUCER");
  // Shuts down.
  ~DefaultMQProducer() override;
  DefaultMQProducer(const DefaultMQProducer&) = delete;
  DefaultMQProducer& operator=(const DefaultMQProducer&) = delete;

  // Connects to the client instance of this producer's client id, registers
  // the group and starts the periodic tasks. Throws MQClientException when
  // the group is already used in this process's instance, the group name is
  // invalid, or the producer was already started.
  void start();
  // Unregisters the group from the brokers and releases the client instance
  // when no other producer or consumer uses it. Idempotent.
  void shutdown();

  // ---- sending ------------------------------------------------------------
  // Sends `msg` and waits for the broker. Sets the message's UNIQ_KEY (its
  // msgId) if absent. Throws MQClientException (or MQBrokerException /
  // RemotingException) when every attempt failed or the message is invalid:
  // an unknown topic gives "No route info of this topic: <topic>", a body
  // over getMaxMessageSize() MESSAGE_ILLEGAL (13).
  SendResult send(Message& msg);
  // As send(msg), with a timeout for this call.
  SendResult send(Message& msg, std::chrono::milliseconds timeout);
  // Sends without waiting: exactly one of the callbacks runs later, on a
  // client thread. Invalid messages are reported to `onException` on the
  // calling thread. When the topic's route is not cached yet, the lookup runs
  // on the producer's async sender thread, so this call never waits for the
  // network.
  void send(Message msg, SendSuccessCallback onSuccess, SendExceptionCallback onException);
  // As above, with a timeout.
  void send(Message msg, SendSuccessCallback onSuccess, SendExceptionCallback onException,
            std::chrono::milliseconds timeout);
  // Sends without any answer from the broker (no retries, no result).
  void sendOneway(Message& msg);

  // Sends to the given queue (no retries). `msg.getTopic()` must equal the
  // queue's topic.
  SendResult send(Message& msg, const MessageQueue& mq);
  // Asynchronously to the given queue.
  void send(Message msg, const MessageQueue& mq, SendSuccessCallback onSuccess,
            SendExceptionCallback onException);
  // Oneway to the given queue.
  void sendOneway(Message& msg, const MessageQueue& mq);

  // Sends to the queue `selector` picks from the topic's queues (orderly
  // messages: same key, same queue). No retries, as in RocketMQ.
  SendResult send(Message& msg, const MessageQueueSelector& selector, const std::any& arg);
  // Asynchronously to the selected queue.
  void send(Message msg, const MessageQueueSelector& selector, const std::any& arg,
            SendSuccessCallback onSuccess, SendExceptionCallback onException);
  // Oneway to the selected queue.
  void sendOneway(Message& msg, const MessageQueueSelector& selector, const std::any& arg);

  // Sends the messages as one batch (one request, one queue). They must have
  // the same topic and waitStoreMsgOK, no delay level and no retry topic.
  // msgId and offsetMsgId of the result are comma-joined, one per message.
  SendResult send(std::vector<Message>& msgs);
  // A batch to the given queue.
  SendResult send(std::vector<Message>& msgs, const MessageQueue& mq);
  // A batch, asynchronously.
  void send(std::vector<Message> msgs, SendSuccessCallback onSuccess,
            SendExceptionCallback onException);

  // The topic's writable queues (fetching the route if needed).
  std::vector<MessageQueue> fetchPublishMessageQueues(const std::string& topic);

  // ---- settings -----------------------------------------------------------
  // The producer group.
  const std::string& getProducerGroup() const noexcept { return producer_group_; }
  // Sets the producer group (before start()).
  void setProducerGroup(std::string group) { producer_group_ = std::move(group); }
  // Topic whose route is used for topics the broker will auto-create ("TBW102").
  const std::string& getCreateTopicKey() const noexcept { return create_topic_key_; }
  // Sets the auto-create key topic.
  void setCreateTopicKey(std::string topic) { create_topic_key_ = std::move(topic); }
  // Queues per broker of an auto-created topic (4).
  int getDefaultTopicQueueNums() const noexcept { return default_topic_queue_nums_; }
  // Sets the queue count of auto-created topics.
  void setDefaultTopicQueueNums(int n) noexcept { default_topic_queue_nums_ = n; }
  // Timeout of one send call, retries included (3 s).
  std::chrono::milliseconds getSendMsgTimeout() const noexcept { return send_msg_timeout_; }
  // Sets the send timeout.
  void setSendMsgTimeout(std::chrono::milliseconds t) noexcept { send_msg_timeout_ = t; }
  // Bodies of at least this many bytes are zlib-compressed (4096).
  int getCompressMsgBodyOverHowmuch() const noexcept { return compress_msg_body_over_howmuch_; }
  // Sets the compression threshold.
  void setCompressMsgBodyOverHowmuch(int bytes) noexcept {
    compress_msg_body_over_howmuch_ = bytes;
  }
  // zlib level for compressed bodies (5).
  int getCompressLevel() const noexcept { return compress_level_; }
  // Sets the zlib level (0-9).
  void setCompressLevel(int level) noexcept { compress_level_ = level; }
  // Extra attempts of a synchronous send after a failure (2).
  int getRetryTimesWhenSendFailed() const noexcept { return retry_times_when_send_failed_; }
  // Sets the synchronous retry count.
  void setRetryTimesWhenSendFailed(int n) noexcept { retry_times_when_send_failed_ = n; }
  // Extra attempts of an asynchronous send after a transport failure (2).
  int getRetryTimesWhenSendAsyncFailed() const noexcept {
    return retry_times_when_send_async_failed_;
  }
  // Sets the asynchronous retry count.
  void setRetryTimesWhenSendAsyncFailed(int n) noexcept { retry_times_when_send_async_failed_ = n; }
  // Whether a stored-but-not-OK status (FLUSH_DISK_TIMEOUT, ...) is retried
  // on another broker (false).
  bool isRetryAnotherBrokerWhenNotStoreOK() const noexcept {
    return retry_another_broker_when_not_store_ok_;
  }
  // Sets whether not-OK statuses are retried.
  void setRetryAnotherBrokerWhenNotStoreOK(bool v) noexcept {
    retry_another_broker_when_not_store_ok_ = v;
  }
  // Largest body accepted, checked before sending (4 MiB).
  int getMaxMessageSize() const noexcept { return max_message_size_; }
  // Sets the body size limit.
  void setMaxMessageSize(int bytes) noexcept { max_message_size_ = bytes; }
  // Whether brokers that were slow or failed are avoided for a while (false).
  bool getSendLatencyFaultEnable() const noexcept { return send_latency_fault_enable_; }
  // Enables or disables latency fault avoidance.
  void setSendLatencyFaultEnable(bool v) noexcept { send_latency_fault_enable_ = v; }
  // Latency thresholds in ms: {50, 100, 550, 1000, 2000, 3000, 15000}.
  const std::vector<std::int64_t>& getLatencyMax() const noexcept { return latency_max_; }
  // Sets the latency thresholds (same length as the durations).
  void setLatencyMax(std::vector<std::int64_t> v) { latency_max_ = std::move(v); }
  // How long (ms) a broker is avoided after a send that took at least the
  // matching latency: {0, 0, 30000, 60000, 120000, 180000, 600000}.
  const std::vector<std::int64_t>& getNotAvailableDuration() const noexcept {
    return not_available_duration_;
  }
  // Sets the avoidance durations.
  void setNotAvailableDuration(std::vector<std::int64_t> v) {
    not_available_duration_ = std::move(v);
  }

 private:
  std::string producer_group_;
  std::string create_topic_key_ = "TBW102";
  int default_topic_queue_nums_ = 4;
  std::chrono::milliseconds send_msg_timeout_{3000};
  int compress_msg_body_over_howmuch_ = 4096;
  int compress_level_ = 5;
  int retry_times_when_send_failed_ = 2;
  int retry_times_when_send_async_failed_ = 2;
  bool retry_another_broker_when_not_store_ok_ = false;
  int max_message_size_ = 4 * 1024 * 1024;
  bool send_latency_fault_enable_ = false;
  std::vector<std::int64_t> latency_max_{50, 100, 550, 1000, 2000, 3000, 15000};
  std::vector<std::int64_t> not_available_duration_{0, 0, 30000, 60000, 120000, 180000, 600000};
  std::shared_ptr<client::DefaultMQProducerImpl> impl_;
};

}  // namespace apogee
