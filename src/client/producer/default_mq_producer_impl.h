#pragma once

#include <any>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "apogee/default_mq_producer.h"
#include "client/client_inner.h"
#include "client/mq_client_api.h"
#include "client/producer/mq_fault_strategy.h"
#include "client/topic_publish_info.h"
#include "common/result.h"
#include "common/thread_pool.h"

namespace apogee::client {

class MQClientInstance;

// The producer's settings, copied from DefaultMQProducer at start().
struct ProducerSettings {
  std::string group;
  std::string createTopicKey;
  int defaultTopicQueueNums = 4;
  std::chrono::milliseconds sendMsgTimeout{3000};
  int compressMsgBodyOverHowmuch = 4096;
  int compressLevel = 5;
  int retryTimesWhenSendFailed = 2;
  int retryTimesWhenSendAsyncFailed = 2;
  bool retryAnotherBrokerWhenNotStoreOK = false;
  int maxMessageSize = 4 * 1024 * 1024;
  std::string ns;  // the client's namespace
};

// The producer's engine (RocketMQ's DefaultMQProducerImpl): validation,
// route lookup, queue selection with the fault strategy, the request
// encoding, retries. DefaultMQProducer forwards to it; the client instance
// sees it as an MQProducerInner.
//
// Thread safety: every send method may run concurrently; start/shutdown from
// the owner. table_mutex_ guards the publish table and is never held across
// I/O or while calling the instance.
class DefaultMQProducerImpl final : public MQProducerInner,
                                    public std::enable_shared_from_this<DefaultMQProducerImpl> {
 public:
  DefaultMQProducerImpl() = default;
  ~DefaultMQProducerImpl() override;

  // Throws MQClientException.
  void start(const DefaultMQProducer& config);
  void shutdown();
  // RocketMQ's start(false), for the client instance's own producer
  // (CLIENT_INNER_PRODUCER): `instance` is neither looked up, registered
  // with nor started (it pushes routes to this producer itself), and
  // shutdownInner() only stops this producer.
  void startInner(const DefaultMQProducer& config, std::shared_ptr<MQClientInstance> instance);
  void shutdownInner();

  // kAsyncRouteKnown: internal, an async send already on the async sender thread.
  enum class Mode { kSync, kAsync, kOneway, kAsyncRouteKnown };
  struct AsyncCallbacks {
    SendSuccessCallback onSuccess;
    SendExceptionCallback onException;
  };

  // Round-robin send with retries. Sync: returns the result or throws.
  // Async: the callbacks get the outcome; the return value is empty.
  std::optional<SendResult> send(Message& msg, Mode mode, std::chrono::milliseconds timeout,
                                 AsyncCallbacks callbacks = {});
  // To one queue, no retries.
  std::optional<SendResult> send(Message& msg, const MessageQueue& mq, Mode mode,
                                 std::chrono::milliseconds timeout, AsyncCallbacks callbacks = {});
  // To the queue the selector picks, no retries.
  std::optional<SendResult> send(Message& msg, const MessageQueueSelector& selector,
                                 const std::any& arg, Mode mode, std::chrono::milliseconds timeout,
                                 AsyncCallbacks callbacks = {});
  // A batch; `mq` empty for round robin with retries.
  std::optional<SendResult> sendBatch(std::vector<Message>& msgs, const MessageQueue* mq, Mode mode,
                                      std::chrono::milliseconds timeout,
                                      AsyncCallbacks callbacks = {});

  std::vector<MessageQueue> fetchPublishMessageQueues(const std::string& topic);
  const ProducerSettings& settings() const { return settings_; }
  MQFaultStrategy& faultStrategy() { return fault_strategy_; }

  // MQProducerInner
  std::vector<std::string> getPublishTopicList() const override;
  bool isPublishTopicNeedUpdate(const std::string& topic) const override;
  void updateTopicPublishInfo(const std::string& topic,
                              std::shared_ptr<const TopicPublishInfo> info) override;

 private:
  // One message (or batch) ready to go: encoded once, sent by every attempt.
  struct Prepared {
    std::string wireTopic;  // with namespace
    std::string userTopic;  // as the caller named it
    std::shared_ptr<const std::string> body;
    std::int32_t sysFlag = 0;
    std::int32_t flag = 0;
    std::string properties;
    std::string msgId;  // UNIQ_KEY, comma-joined for a batch
    bool batch = false;
    std::optional<std::int32_t> reconsumeTimes;
    std::optional<std::int32_t> maxReconsumeTimes;
  };
  struct AsyncState;

  void applySettings(const DefaultMQProducer& config);
  void ensureRunning() const;
  // The usable publish info of `topic` if cached; never asks a name server.
  std::shared_ptr<const TopicPublishInfo> cachedPublishInfo(const std::string& topic) const;
  std::shared_ptr<const TopicPublishInfo> tryToFindTopicPublishInfo(const std::string& topic);
  // Validates and encodes. Throws MQClientException for an invalid message.
  Prepared prepare(Message& msg, bool copy_body);
  Prepared prepareBatch(std::vector<Message>& msgs);
  SendRequest buildRequest(const Prepared& p, const MessageQueue& mq,
                           const std::string& addr) const;
  std::string brokerAddrOf(const MessageQueue& mq);

  std::optional<SendResult> sendWithRetries(Prepared p, Mode mode,
                                            std::chrono::milliseconds timeout,
                                            AsyncCallbacks callbacks);
  std::optional<SendResult> sendToQueue(Prepared p, const MessageQueue& mq, Mode mode,
                                        std::chrono::milliseconds timeout, AsyncCallbacks callbacks,
                                        std::shared_ptr<const TopicPublishInfo> info,
                                        int async_retries);
  void sendAsyncAttempt(std::shared_ptr<AsyncState> state);

  ProducerSettings settings_;
  MQFaultStrategy fault_strategy_;
  std::shared_ptr<MQClientInstance> instance_;
  // Runs async sends whose route must first be fetched (set at start()).
  std::unique_ptr<ThreadPool> async_sender_;
  std::atomic<bool> started_{false};

  mutable std::mutex table_mutex_;
  std::unordered_map<std::string, std::shared_ptr<const TopicPublishInfo>>
      publish_table_;  // guarded
};

}  // namespace apogee::client
