#include "client/producer/default_mq_producer_impl.h"

#include <algorithm>
#include <array>

#include "apogee/message_client_id_setter.h"
#include "apogee/namespace_util.h"
#include "client/client_constants.h"
#include "client/client_error.h"
#include "client/compression.h"
#include "client/message_codec.h"
#include "client/mq_client_instance.h"
#include "common/logging.h"
#include "common/message/sys_flag.h"
#include "remoting/request_code.h"
#include "remoting/response_code.h"

namespace apogee::client {
namespace {

namespace rc = remoting::ResponseCode;
using Clock = std::chrono::steady_clock;

// RocketMQ's ClientErrorCode values that reach users.
constexpr int kNotFoundTopicException = 10005;
// sysFlag compression type bits for zlib (rocketmq-protocol.md 4.2).
constexpr std::int32_t kCompressionZlib = 0x300;
constexpr std::size_t kGroupMaxLength = 255;
// Async sends waiting for their topic's route (RocketMQ's async sender queue).
constexpr std::size_t kAsyncSenderQueue = 50000;

// DefaultMQProducerImpl's responseRetryCodes: answers after which another
// broker may do better.
bool isRetryableCode(int code) {
  return code == rc::kTopicNotExist || code == rc::kServiceNotAvailable ||
         code == rc::kSystemError || code == rc::kNoPermission || code == rc::kNoBuyerId ||
         code == rc::kNotInCurrentUnit;
}

std::int64_t nowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t elapsedMs(Clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count();
}

bool legalName(std::string_view name) {
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '%' ||
           c == '|' || c == '_' || c == '-';
  });
}

bool blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) <= ' '; });
}

// Validators.checkTopic and isNotAllowedSendTopic.
void checkTopic(const std::string& topic) {
  if (blank(topic)) throw MQClientException("The specified topic is blank");
  if (topic.size() > kTopicMaxLength)
    throw MQClientException("The specified topic is longer than topic max length.");
  if (!legalName(topic)) {
    throw MQClientException("The specified topic[" + topic +
                            "] contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$");
  }
  if (topic == kScheduleTopic || topic == kTransHalfTopic || topic == kTransOpHalfTopic) {
    throw MQClientException("Sending message to topic[" + topic + "] is forbidden.");
  }
}

void checkBody(std::size_t size, int max) {
  if (size == 0) throw MQClientException(rc::kMessageIllegal, "the message body length is zero");
  if (size > static_cast<std::size_t>(max)) {
    throw MQClientException(rc::kMessageIllegal,
                            "the message body size over max value, MAX: " + std::to_string(max));
  }
}

std::optional<std::int32_t> takeIntProperty(Message& msg, std::string_view key) {
  if (!msg.hasProperty(key)) return std::nullopt;
  const std::string v = msg.getProperty(key);
  msg.clearProperty(key);
  try {
    return std::stoi(v);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

void deliverError(const SendExceptionCallback& cb, const MQClientException& e) {
  if (!cb) return;
  try {
    cb(e);
  } catch (...) {
    logger("client")->warn("send exception callback threw");
  }
}

void deliverError(const SendExceptionCallback& cb, const Status& status,
                  const std::string& addr = {}) {
  try {
    throwStatus(status, addr);
  } catch (const MQClientException& e) {
    deliverError(cb, e);
  }
}

void deliverResult(const SendSuccessCallback& cb, const SendResult& result) {
  if (!cb) return;
  try {
    cb(result);
  } catch (...) {
    logger("client")->warn("send success callback threw");
  }
}

}  // namespace

struct DefaultMQProducerImpl::AsyncState {
  std::shared_ptr<DefaultMQProducerImpl> self;
  Prepared prepared;
  MessageQueue mq;
  std::shared_ptr<const TopicPublishInfo> info;  // null: no other queue may be chosen
  int retries_left = 0;
  Clock::time_point deadline;
  AsyncCallbacks callbacks;
};

DefaultMQProducerImpl::~DefaultMQProducerImpl() = default;

void DefaultMQProducerImpl::start(const DefaultMQProducer& config) {
  if (started_) throw MQClientException("The producer service state not OK, maybe started once");
  const std::string& group = config.getProducerGroup();
  if (blank(group)) throw MQClientException("the specified group is blank");
  if (!legalName(group)) {
    throw MQClientException("the specified group[" + group +
                            "] contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$");
  }
  if (group.size() > kGroupMaxLength)
    throw MQClientException("the specified group is longer than group max length 255.");
  if (group == kDefaultProducerGroup) {
    throw MQClientException(
        "producerGroup can not equal DEFAULT_PRODUCER, please specify another one.");
  }
  applySettings(config);

  auto instance = MQClientManager::getInstance().getOrCreateMQClientInstance(config);
  if (Status s = instance->registerProducer(settings_.group, shared_from_this()); !s.ok()) {
    instance->shutdown();  // releases it if this producer was its only user
    throw MQClientException(s.message());
  }
  {
    std::lock_guard lock(table_mutex_);
    publish_table_.emplace(settings_.createTopicKey, std::make_shared<const TopicPublishInfo>());
  }
  if (Status s = instance->start(); !s.ok()) {
    instance->unregisterProducer(settings_.group);
    instance->shutdown();
    throw MQClientException(s.message());
  }
  instance->sendHeartbeatToAllBrokers();
  instance_ = std::move(instance);
  async_sender_ = std::make_unique<ThreadPool>("async-sender", 1, kAsyncSenderQueue);
  started_ = true;
}

void DefaultMQProducerImpl::applySettings(const DefaultMQProducer& config) {
  const std::string& group = config.getProducerGroup();
  settings_ = ProducerSettings{
      .group = config.withNamespace(group),
      .createTopicKey = config.getCreateTopicKey(),
      .defaultTopicQueueNums = config.getDefaultTopicQueueNums(),
      .sendMsgTimeout = config.getSendMsgTimeout(),
      .compressMsgBodyOverHowmuch = config.getCompressMsgBodyOverHowmuch(),
      .compressLevel = config.getCompressLevel(),
      .retryTimesWhenSendFailed = config.getRetryTimesWhenSendFailed(),
      .retryTimesWhenSendAsyncFailed = config.getRetryTimesWhenSendAsyncFailed(),
      .retryAnotherBrokerWhenNotStoreOK = config.isRetryAnotherBrokerWhenNotStoreOK(),
      .maxMessageSize = config.getMaxMessageSize(),
      .ns = config.getNamespace(),
  };
  fault_strategy_.setSendLatencyFaultEnable(config.getSendLatencyFaultEnable());
  fault_strategy_.setLatencyMax(config.getLatencyMax());
  fault_strategy_.setNotAvailableDuration(config.getNotAvailableDuration());
}

void DefaultMQProducerImpl::startInner(const DefaultMQProducer& config,
                                       std::shared_ptr<MQClientInstance> instance) {
  if (started_) return;
  applySettings(config);
  {
    std::lock_guard lock(table_mutex_);
    publish_table_.emplace(settings_.createTopicKey, std::make_shared<const TopicPublishInfo>());
  }
  instance_ = std::move(instance);
  async_sender_ = std::make_unique<ThreadPool>("async-sender", 1, kAsyncSenderQueue);
  started_ = true;
}

void DefaultMQProducerImpl::shutdownInner() {
  if (!started_.exchange(false)) return;
  async_sender_->shutdown();
  instance_.reset();
}

void DefaultMQProducerImpl::shutdown() {
  if (!started_) return;
  started_ = false;
  async_sender_->shutdown();  // queued sends run first and fail or complete
  instance_->unregisterProducer(settings_.group);
  instance_->shutdown();
  instance_.reset();
}

void DefaultMQProducerImpl::ensureRunning() const {
  if (!started_)
    throw MQClientException("The producer service state not OK, not started or already shut down");
}

std::vector<std::string> DefaultMQProducerImpl::getPublishTopicList() const {
  std::lock_guard lock(table_mutex_);
  std::vector<std::string> out;
  for (const auto& [topic, _] : publish_table_) out.push_back(topic);
  return out;
}

bool DefaultMQProducerImpl::isPublishTopicNeedUpdate(const std::string& topic) const {
  std::lock_guard lock(table_mutex_);
  auto it = publish_table_.find(topic);
  return it == publish_table_.end() || !it->second || !it->second->ok();
}

void DefaultMQProducerImpl::updateTopicPublishInfo(const std::string& topic,
                                                   std::shared_ptr<const TopicPublishInfo> info) {
  if (!info) return;
  std::lock_guard lock(table_mutex_);
  publish_table_[topic] = std::move(info);
}

std::shared_ptr<const TopicPublishInfo> DefaultMQProducerImpl::cachedPublishInfo(
    const std::string& topic) const {
  std::lock_guard lock(table_mutex_);
  auto it = publish_table_.find(topic);
  return it != publish_table_.end() && it->second && it->second->ok() ? it->second : nullptr;
}

std::shared_ptr<const TopicPublishInfo> DefaultMQProducerImpl::tryToFindTopicPublishInfo(
    const std::string& topic) {
  auto lookup = [&]() -> std::shared_ptr<const TopicPublishInfo> {
    std::lock_guard lock(table_mutex_);
    auto it = publish_table_.find(topic);
    return it == publish_table_.end() ? nullptr : it->second;
  };
  auto info = lookup();
  if (info && info->ok()) return info;
  {
    std::lock_guard lock(table_mutex_);
    publish_table_.emplace(topic, std::make_shared<const TopicPublishInfo>());
  }
  instance_->updateTopicRouteInfoFromNameServer(topic).ignoreError();  // NotFound: try TBW102 below
  info = lookup();
  if (info && info->ok()) return info;
  // No route of its own: send with the auto-create key topic's route, which
  // only exists when a broker has autoCreateTopicEnable.
  instance_->updateTopicRouteInfoFromNameServer(topic, true, settings_.defaultTopicQueueNums)
      .ignoreError();
  info = lookup();
  return info && info->ok() ? info : nullptr;
}

std::vector<MessageQueue> DefaultMQProducerImpl::fetchPublishMessageQueues(
    const std::string& topic) {
  ensureRunning();
  const std::string wire = NamespaceUtil::wrapNamespace(settings_.ns, topic);
  Status s = instance_->updateTopicRouteInfoFromNameServer(wire);
  if (!s.ok()) throwStatus(s);
  auto info = tryToFindTopicPublishInfo(wire);
  std::vector<MessageQueue> out;
  if (!info) return out;
  for (const auto& mq : info->getMessageQueueList()) {
    out.emplace_back(NamespaceUtil::withoutNamespace(mq.getTopic(), settings_.ns),
                     mq.getBrokerName(), mq.getQueueId());
  }
  return out;
}

DefaultMQProducerImpl::Prepared DefaultMQProducerImpl::prepare(Message& msg, bool copy_body) {
  checkTopic(msg.getTopic());
  checkBody(msg.getBody().size(), settings_.maxMessageSize);
  MessageClientIDSetter::setUniqID(msg);
  Prepared p;
  p.userTopic = msg.getTopic();
  p.wireTopic = NamespaceUtil::wrapNamespace(settings_.ns, msg.getTopic());
  if (!settings_.ns.empty()) msg.putProperty("INSTANCE_ID", settings_.ns);
  p.flag = msg.getFlag();
  p.msgId = msg.getProperty("UNIQ_KEY");
  if (msg.getBody().size() >= static_cast<std::size_t>(settings_.compressMsgBodyOverHowmuch)) {
    p.body =
        std::make_shared<const std::string>(zlibCompress(msg.getBody(), settings_.compressLevel));
    p.sysFlag |= message::sys_flag::kCompressed | kCompressionZlib;
  } else if (copy_body) {
    p.body = std::make_shared<const std::string>(msg.getBody());
  } else {
    p.body = std::make_shared<const std::string>(std::move(msg.mutableBody()));
  }
  if (msg.getProperty("TRAN_MSG") == "true")
    p.sysFlag |= message::sys_flag::kTransactionPreparedType;
  p.properties = encodeProperties(msg);
  if (NamespaceUtil::isRetryTopic(p.wireTopic)) {
    p.reconsumeTimes = takeIntProperty(msg, "RECONSUME_TIME");
    p.maxReconsumeTimes = takeIntProperty(msg, "MAX_RECONSUME_TIMES");
  }
  return p;
}

DefaultMQProducerImpl::Prepared DefaultMQProducerImpl::prepareBatch(std::vector<Message>& msgs) {
  if (msgs.empty()) throw MQClientException("the batch is empty");
  const Message& first = msgs.front();
  for (const Message& m : msgs) {
    if (m.getDelayTimeLevel() > 0)
      throw MQClientException("TimeDelayLevel is not supported for batching");
    if (m.getTopic().starts_with(kRetryGroupTopicPrefix)) {
      throw MQClientException("Retry Group is not supported for batching");
    }
    if (m.getTopic() != first.getTopic()) {
      throw MQClientException("The topic of the messages in one batch should be the same");
    }
    if (m.isWaitStoreMsgOK() != first.isWaitStoreMsgOK()) {
      throw MQClientException("The waitStoreMsgOK of the messages in one batch should the same");
    }
  }
  Prepared p;
  p.userTopic = first.getTopic();
  p.wireTopic = NamespaceUtil::wrapNamespace(settings_.ns, first.getTopic());
  p.batch = true;
  std::string body;
  for (Message& m : msgs) {
    checkTopic(m.getTopic());
    checkBody(m.getBody().size(), settings_.maxMessageSize);
    MessageClientIDSetter::setUniqID(m);
    if (!p.msgId.empty()) p.msgId += ',';
    p.msgId += m.getProperty("UNIQ_KEY");
    appendBatchRecord(m, body);
  }
  checkBody(body.size(), settings_.maxMessageSize);
  p.body = std::make_shared<const std::string>(std::move(body));
  Message header_props;
  header_props.setWaitStoreMsgOK(first.isWaitStoreMsgOK());
  if (!settings_.ns.empty()) header_props.putProperty("INSTANCE_ID", settings_.ns);
  p.properties = encodeProperties(header_props);
  return p;
}

std::string DefaultMQProducerImpl::brokerAddrOf(const MessageQueue& mq) {
  std::string addr = instance_->findBrokerAddressInPublish(mq.getBrokerName());
  if (addr.empty()) {
    tryToFindTopicPublishInfo(mq.getTopic());
    addr = instance_->findBrokerAddressInPublish(mq.getBrokerName());
  }
  return addr;
}

SendRequest DefaultMQProducerImpl::buildRequest(const Prepared& p, const MessageQueue& mq,
                                                const std::string& addr) const {
  SendRequest r;
  r.brokerAddr = addr;
  r.brokerName = mq.getBrokerName();
  r.requestCode =
      p.batch ? remoting::RequestCode::kSendBatchMessage : remoting::RequestCode::kSendMessageV2;
  auto& h = r.header;
  h.a = settings_.group;
  h.b = p.wireTopic;
  h.c = settings_.createTopicKey;
  h.d = settings_.defaultTopicQueueNums;
  h.e = mq.getQueueId();
  h.f = p.sysFlag;
  h.g = nowMillis();
  h.h = p.flag;
  h.i = p.properties;
  h.j = p.reconsumeTimes.value_or(0);
  h.k = false;
  h.l = p.maxReconsumeTimes;
  h.m = p.batch;
  h.n = mq.getBrokerName();
  // The body is shared by every attempt; the transport keeps it alive until written.
  r.body = remoting::Payload({std::string_view(*p.body)}, p.body);
  r.msgId = p.msgId;
  return r;
}

std::optional<SendResult> DefaultMQProducerImpl::send(Message& msg, Mode mode,
                                                      std::chrono::milliseconds timeout,
                                                      AsyncCallbacks callbacks) {
  ensureRunning();
  return sendWithRetries(prepare(msg, mode != Mode::kAsync), mode, timeout, std::move(callbacks));
}

std::optional<SendResult> DefaultMQProducerImpl::sendWithRetries(Prepared p, Mode mode,
                                                                 std::chrono::milliseconds timeout,
                                                                 AsyncCallbacks callbacks) {
  const auto begin_first = Clock::now();
  if (mode == Mode::kAsync && !cachedPublishInfo(p.wireTopic)) {
    // The route must come from a name server first: do that on the async
    // sender thread, not the caller's, which an async send must not block.
    const auto deadline = begin_first + timeout;
    auto on_exception = callbacks.onException;
    Executor::Task task = [self = shared_from_this(), p = std::move(p), deadline,
                           callbacks = std::move(callbacks)]() mutable {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) {
        deliverError(callbacks.onException,
                     RemotingException("DEFAULT ASYNC send call timeout", true));
        return;
      }
      auto exception_cb = callbacks.onException;
      try {
        self->sendWithRetries(std::move(p), Mode::kAsyncRouteKnown, left, std::move(callbacks));
      } catch (const MQClientException& e) {
        deliverError(exception_cb, e);
      }
    };
    if (!async_sender_ || !async_sender_->tryExecute(task)) {
      deliverError(on_exception, MQClientException("the producer is shut down"));
    }
    return std::nullopt;
  }
  if (mode == Mode::kAsyncRouteKnown) mode = Mode::kAsync;
  auto info = tryToFindTopicPublishInfo(p.wireTopic);
  if (!info) {
    throw MQClientException(kNotFoundTopicException, "No route info of this topic: " + p.userTopic);
  }
  if (mode != Mode::kSync) {
    const MessageQueue mq = fault_strategy_.selectOneMessageQueue(*info, {});
    return sendToQueue(std::move(p), mq, mode, timeout, std::move(callbacks), info,
                       mode == Mode::kAsync ? settings_.retryTimesWhenSendAsyncFailed : 0);
  }
  const int times_total = 1 + std::max(0, settings_.retryTimesWhenSendFailed);
  std::vector<std::string> brokers_sent;
  std::optional<SendResult> result;
  Status last_error;
  std::string last_addr;
  std::string last_broker;
  int times = 0;
  for (; times < times_total; ++times) {
    const MessageQueue mq = fault_strategy_.selectOneMessageQueue(*info, last_broker);
    last_broker = mq.getBrokerName();
    brokers_sent.push_back(last_broker);
    const auto begin = Clock::now();
    const auto cost = begin - begin_first;
    if (cost > timeout) throw RemotingException("sendDefaultImpl call timeout", true);
    const std::string addr = brokerAddrOf(mq);
    if (addr.empty()) {
      last_error = Status::NotFound("The broker[" + mq.getBrokerName() + "] not exist");
      fault_strategy_.updateFaultItem(mq.getBrokerName(), elapsedMs(begin), true);
      continue;
    }
    last_addr = addr;
    auto sent = instance_->getMQClientAPIImpl().sendMessageSync(
        buildRequest(p, mq, addr),
        std::chrono::duration_cast<std::chrono::milliseconds>(timeout - cost));
    if (sent.ok()) {
      fault_strategy_.updateFaultItem(mq.getBrokerName(), elapsedMs(begin), false);
      result = std::move(sent).value();
      result->setMessageQueue(
          MessageQueue(p.userTopic, mq.getBrokerName(), result->getMessageQueue().getQueueId()));
      if (result->getSendStatus() != SendStatus::SEND_OK &&
          settings_.retryAnotherBrokerWhenNotStoreOK)
        continue;
      return result;
    }
    fault_strategy_.updateFaultItem(mq.getBrokerName(), elapsedMs(begin), true);
    last_error = sent.status();
    if (auto code = responseCodeOf(last_error); code && !isRetryableCode(*code)) {
      if (result) return result;
      throwStatus(last_error, addr);
    }
  }
  if (result) return result;
  std::string sent_list = "[";
  for (std::size_t i = 0; i < brokers_sent.size(); ++i)
    sent_list += (i ? ", " : "") + brokers_sent[i];
  sent_list += "]";
  const std::string info_text = "Send [" + std::to_string(times) + "] times, still failed, cost [" +
                                std::to_string(elapsedMs(begin_first)) +
                                "]ms, Topic: " + p.userTopic + ", BrokersSent: " + sent_list +
                                ": " + last_error.message();
  if (auto code = responseCodeOf(last_error)) throw MQBrokerException(*code, info_text, last_addr);
  if (last_error.code() == StatusCode::kTimeout) throw RemotingException(info_text, true);
  if (last_error.code() == StatusCode::kUnavailable) throw RemotingException(info_text);
  throw MQClientException(info_text);
}

std::optional<SendResult> DefaultMQProducerImpl::sendToQueue(
    Prepared p, const MessageQueue& mq, Mode mode, std::chrono::milliseconds timeout,
    AsyncCallbacks callbacks, std::shared_ptr<const TopicPublishInfo> info, int async_retries) {
  if (mode == Mode::kAsync) {
    auto state = std::make_shared<AsyncState>();
    state->self = shared_from_this();
    state->prepared = std::move(p);
    state->mq = mq;
    state->info = std::move(info);
    state->retries_left = async_retries;
    state->deadline = Clock::now() + timeout;
    state->callbacks = std::move(callbacks);
    sendAsyncAttempt(std::move(state));
    return std::nullopt;
  }
  const auto begin = Clock::now();
  const std::string addr = brokerAddrOf(mq);
  if (addr.empty()) throw MQClientException("The broker[" + mq.getBrokerName() + "] not exist");
  if (mode == Mode::kOneway) {
    Status s =
        instance_->getMQClientAPIImpl().sendMessageOneway(buildRequest(p, mq, addr), timeout);
    fault_strategy_.updateFaultItem(mq.getBrokerName(), elapsedMs(begin), !s.ok());
    if (!s.ok()) throwStatus(s, addr);
    return std::nullopt;
  }
  auto sent = instance_->getMQClientAPIImpl().sendMessageSync(buildRequest(p, mq, addr), timeout);
  fault_strategy_.updateFaultItem(mq.getBrokerName(), elapsedMs(begin), !sent.ok());
  if (!sent.ok()) throwStatus(sent.status(), addr);
  SendResult result = std::move(sent).value();
  result.setMessageQueue(
      MessageQueue(p.userTopic, mq.getBrokerName(), result.getMessageQueue().getQueueId()));
  return result;
}

void DefaultMQProducerImpl::sendAsyncAttempt(std::shared_ptr<AsyncState> state) {
  const auto remaining =
      std::chrono::duration_cast<std::chrono::milliseconds>(state->deadline - Clock::now());
  if (remaining.count() <= 0) {
    deliverError(state->callbacks.onException,
                 RemotingException("sendKernelImpl call timeout", true));
    return;
  }
  const std::string addr = brokerAddrOf(state->mq);
  if (addr.empty()) {
    deliverError(state->callbacks.onException,
                 MQClientException("The broker[" + state->mq.getBrokerName() + "] not exist"));
    return;
  }
  const auto begin = Clock::now();
  SendRequest request = buildRequest(state->prepared, state->mq, addr);
  instance_->getMQClientAPIImpl().sendMessageAsync(
      std::move(request), remaining, [state, addr, begin](Result<SendResult> sent) {
        DefaultMQProducerImpl& self = *state->self;
        const std::string& broker = state->mq.getBrokerName();
        if (sent.ok()) {
          self.fault_strategy_.updateFaultItem(broker, elapsedMs(begin), false);
          SendResult result = std::move(sent).value();
          result.setMessageQueue(MessageQueue(state->prepared.userTopic, broker,
                                              result.getMessageQueue().getQueueId()));
          deliverResult(state->callbacks.onSuccess, result);
          return;
        }
        self.fault_strategy_.updateFaultItem(broker, elapsedMs(begin), true);
        // Like RocketMQ, only failures to get an answer are retried; an
        // error answer from the broker goes to the caller.
        const bool transport_error = !responseCodeOf(sent.status()).has_value();
        if (transport_error && state->retries_left > 0 && state->info && self.started_ &&
            Clock::now() < state->deadline) {
          --state->retries_left;
          state->mq = self.fault_strategy_.selectOneMessageQueue(*state->info, broker);
          self.sendAsyncAttempt(state);
          return;
        }
        deliverError(state->callbacks.onException, sent.status(), addr);
      });
}

std::optional<SendResult> DefaultMQProducerImpl::send(Message& msg, const MessageQueue& mq,
                                                      Mode mode, std::chrono::milliseconds timeout,
                                                      AsyncCallbacks callbacks) {
  ensureRunning();
  if (msg.getTopic() != mq.getTopic())
    throw MQClientException("message's topic not equal mq's topic");
  Prepared p = prepare(msg, mode != Mode::kAsync);
  const MessageQueue wire_mq(p.wireTopic, mq.getBrokerName(), mq.getQueueId());
  return sendToQueue(std::move(p), wire_mq, mode, timeout, std::move(callbacks), nullptr, 0);
}

std::optional<SendResult> DefaultMQProducerImpl::send(Message& msg,
                                                      const MessageQueueSelector& selector,
                                                      const std::any& arg, Mode mode,
                                                      std::chrono::milliseconds timeout,
                                                      AsyncCallbacks callbacks) {
  ensureRunning();
  const auto begin = Clock::now();
  Prepared p = prepare(msg, mode != Mode::kAsync);
  auto info = tryToFindTopicPublishInfo(p.wireTopic);
  if (!info)
    throw MQClientException(kNotFoundTopicException,
                            "No route info for this topic, " + p.userTopic);
  std::vector<MessageQueue> queues;
  queues.reserve(info->getMessageQueueList().size());
  for (const auto& q : info->getMessageQueueList())
    queues.emplace_back(p.userTopic, q.getBrokerName(), q.getQueueId());
  const MessageQueue chosen = selector(queues, msg, arg);
  if (std::find(queues.begin(), queues.end(), chosen) == queues.end()) {
    throw MQClientException("select message queue returned a queue not in the list: " +
                            chosen.toString());
  }
  const auto cost = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - begin);
  if (cost >= timeout) throw RemotingException("sendSelectImpl call timeout", true);
  const MessageQueue wire_mq(p.wireTopic, chosen.getBrokerName(), chosen.getQueueId());
  return sendToQueue(std::move(p), wire_mq, mode, timeout - cost, std::move(callbacks), nullptr, 0);
}

std::optional<SendResult> DefaultMQProducerImpl::sendBatch(std::vector<Message>& msgs,
                                                           const MessageQueue* mq, Mode mode,
                                                           std::chrono::milliseconds timeout,
                                                           AsyncCallbacks callbacks) {
  ensureRunning();
  Prepared p = prepareBatch(msgs);
  if (mq == nullptr) return sendWithRetries(std::move(p), mode, timeout, std::move(callbacks));
  if (p.userTopic != mq->getTopic())
    throw MQClientException("message's topic not equal mq's topic");
  const MessageQueue wire_mq(p.wireTopic, mq->getBrokerName(), mq->getQueueId());
  return sendToQueue(std::move(p), wire_mq, mode, timeout, std::move(callbacks), nullptr, 0);
}

}  // namespace apogee::client
