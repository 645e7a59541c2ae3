#include "client/mq_client_api.h"

#include "client/client_error.h"
#include "client/message_codec.h"
#include "remoting/headers/admin.h"
#include "remoting/headers/heartbeat.h"
#include "remoting/headers/route.h"
#include "remoting/request_code.h"
#include "remoting/response_code.h"

namespace apogee::client {
namespace {

namespace rc = remoting::ResponseCode;
namespace req = remoting::RequestCode;
using remoting::RemotingCommand;

std::string remarkOf(const RemotingCommand& response) { return response.remark().value_or(""); }

Status errorAnswer(const RemotingCommand& response) {
  return remoteError(response.code(), remarkOf(response));
}

remoting::ClientConfig transportConfig(const ClientConfig& config) {
  remoting::ClientConfig out;
  out.connect_timeout = config.getMqClientApiTimeout();
  out.io_threads = 1;
  out.connection.request_serialize_type = config.getSerializeType() == SerializeType::JSON
                                              ? remoting::SerializeType::kJson
                                              : remoting::SerializeType::kRocketMQ;
  out.executors.callback_threads =
      static_cast<std::size_t>(std::max(1, config.getClientCallbackExecutorThreads()));
  return out;
}

std::vector<std::string> splitAddrs(const std::string& addrs) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= addrs.size()) {
    std::size_t end = addrs.find(';', start);
    if (end == std::string::npos) end = addrs.size();
    std::string part = addrs.substr(start, end - start);
    while (!part.empty() && part.front() == ' ') part.erase(part.begin());
    while (!part.empty() && part.back() == ' ') part.pop_back();
    if (!part.empty()) out.push_back(std::move(part));
    start = end + 1;
  }
  return out;
}

template <typename H>
Result<H> decodeResponseHeader(const RemotingCommand& response) {
  return remoting::decodeHeader<H>(response.extFields());
}

MessageQueue toMessageQueue(const remoting::MessageQueueKey& key) {
  return MessageQueue(key.topic, key.brokerName, key.queueId);
}

}  // namespace

Result<SendResult> processSendResponse(const std::string& brokerName, const std::string& topic,
                                       const std::string& msgId, const RemotingCommand& response) {
  SendStatus status;
  switch (response.code()) {
    case rc::kSuccess:
      status = SendStatus::SEND_OK;
      break;
    case rc::kFlushDiskTimeout:
      status = SendStatus::FLUSH_DISK_TIMEOUT;
      break;
    case rc::kFlushSlaveTimeout:
      status = SendStatus::FLUSH_SLAVE_TIMEOUT;
      break;
    case rc::kSlaveNotAvailable:
      status = SendStatus::SLAVE_NOT_AVAILABLE;
      break;
    default:
      return errorAnswer(response);
  }
  auto header = decodeResponseHeader<remoting::SendMessageResponseHeader>(response);
  if (!header.ok()) return header.status();
  SendResult result(status, msgId, std::move(header->msgId),
                    MessageQueue(topic, brokerName, header->queueId), header->queueOffset);
  if (header->transactionId) result.setTransactionId(std::move(*header->transactionId));
  if (auto region = response.extField(remoting::kMsgRegionField))
    result.setRegionId(std::string(*region));
  if (auto trace = response.extField(remoting::kTraceOnField)) result.setTraceOn(*trace != "false");
  return result;
}

Result<PullResultExt> processPullResponse(const RemotingCommand& response) {
  PullStatus status;
  switch (response.code()) {
    case rc::kSuccess:
      status = PullStatus::FOUND;
      break;
    case rc::kPullNotFound:
      status = PullStatus::NO_NEW_MSG;
      break;
    case rc::kPullRetryImmediately:
      status = PullStatus::NO_MATCHED_MSG;
      break;
    case rc::kPullOffsetMoved:
      status = PullStatus::OFFSET_ILLEGAL;
      break;
    default:
      return errorAnswer(response);
  }
  auto header = decodeResponseHeader<remoting::PullMessageResponseHeader>(response);
  if (!header.ok()) return header.status();
  PullResultExt out;
  out.result = PullResult(status, header->nextBeginOffset, header->minOffset, header->maxOffset);
  out.suggestWhichBrokerId = header->suggestWhichBrokerId;
  if (status == PullStatus::FOUND && !response.body().empty()) {
    const remoting::Payload& body = response.body();
    auto messages = body.contiguous() ? decodeMessages(body.view(), true)
                                      : decodeMessages(body.flatten(), true);
    if (!messages.ok()) return messages.status();
    out.result.setMsgFoundList(std::move(messages).value());
  }
  return out;
}

MQClientAPIImpl::MQClientAPIImpl(const ClientConfig& config)
    : remoting_(std::make_unique<remoting::RemotingClient>(transportConfig(config))),
      language_(
          remoting::languageFromName(config.getLanguage()).value_or(remoting::LanguageCode::CPP)) {
  updateNameServerAddressList(config.getNamesrvAddr());
}

MQClientAPIImpl::~MQClientAPIImpl() { shutdown(); }

Status MQClientAPIImpl::start() { return remoting_->start(); }

void MQClientAPIImpl::shutdown() { remoting_->shutdown(); }

void MQClientAPIImpl::updateNameServerAddressList(const std::string& addrs) {
  std::lock_guard lock(namesrv_mutex_);
  namesrv_addrs_ = splitAddrs(addrs);
}

std::vector<std::string> MQClientAPIImpl::getNameServerAddressList() const {
  std::lock_guard lock(namesrv_mutex_);
  return namesrv_addrs_;
}

RemotingCommand MQClientAPIImpl::makeRequest(int code, remoting::ExtFields fields) const {
  RemotingCommand request = RemotingCommand::createRequest(code, std::move(fields));
  request.setLanguage(language_);
  return request;
}

Result<RemotingCommand> MQClientAPIImpl::invokeSync(const std::string& addr,
                                                    RemotingCommand request,
                                                    std::chrono::milliseconds timeout) {
  request.setLanguage(language_);
  return remoting_->invokeSync(addr, std::move(request), timeout);
}

Result<remoting::TopicRouteData> MQClientAPIImpl::getTopicRouteInfoFromNameServer(
    const std::string& topic, std::chrono::milliseconds timeout) {
  const std::vector<std::string> addrs = getNameServerAddressList();
  if (addrs.empty()) return Status::InvalidArgument("no name server address set (namesrvAddr)");
  remoting::GetRouteInfoRequestHeader header{.topic = topic,
                                             .acceptStandardJsonOnly = std::nullopt};
  const std::size_t start = namesrv_index_.load(std::memory_order_relaxed);
  Status last_error;
  for (std::size_t i = 0; i < addrs.size(); ++i) {
    const std::size_t index = (start + i) % addrs.size();
    auto response = remoting_->invokeSync(
        addrs[index], makeRequest(req::kGetRouteInfoByTopic, remoting::toExtFields(header)),
        timeout);
    if (!response.ok()) {
      last_error = response.status();  // unreachable or slow: try the next one
      continue;
    }
    namesrv_index_.store(index, std::memory_order_relaxed);
    if (response->code() == rc::kTopicNotExist) {
      return remoteError(rc::kTopicNotExist,
                         "No topic route info in name server for the topic: " + topic);
    }
    if (response->code() != rc::kSuccess) return errorAnswer(*response);
    return remoting::TopicRouteData::fromJson(response->body().flatten());
  }
  return last_error;
}

Result<SendResult> MQClientAPIImpl::sendMessageSync(SendRequest request,
                                                    std::chrono::milliseconds timeout) {
  RemotingCommand cmd = makeRequest(request.requestCode, remoting::toExtFields(request.header));
  cmd.setBody(std::move(request.body));
  auto response = remoting_->invokeSync(request.brokerAddr, std::move(cmd), timeout);
  if (!response.ok()) return response.status();
  return processSendResponse(request.brokerName, request.header.b, request.msgId, *response);
}

void MQClientAPIImpl::sendMessageAsync(SendRequest request, std::chrono::milliseconds timeout,
                                       SendCallback callback) {
  RemotingCommand cmd = makeRequest(request.requestCode, remoting::toExtFields(request.header));
  cmd.setBody(std::move(request.body));
  remoting_->invokeAsync(request.brokerAddr, std::move(cmd), timeout,
                         [broker = std::move(request.brokerName),
                          topic = std::move(request.header.b), msg_id = std::move(request.msgId),
                          cb = std::move(callback)](Result<RemotingCommand> response) {
                           if (!response.ok()) {
                             cb(response.status());
                             return;
                           }
                           cb(processSendResponse(broker, topic, msg_id, *response));
                         });
}

Status MQClientAPIImpl::sendMessageOneway(SendRequest request, std::chrono::milliseconds timeout) {
  RemotingCommand cmd = makeRequest(request.requestCode, remoting::toExtFields(request.header));
  cmd.setBody(std::move(request.body));
  return remoting_->invokeOneway(request.brokerAddr, std::move(cmd), timeout);
}

Result<PullResultExt> MQClientAPIImpl::pullMessageSync(
    const std::string& addr, const remoting::PullMessageRequestHeader& header,
    std::chrono::milliseconds timeout) {
  auto response = remoting_->invokeSync(
      addr, makeRequest(req::kPullMessage, remoting::toExtFields(header)), timeout);
  if (!response.ok()) return response.status();
  return processPullResponse(*response);
}

void MQClientAPIImpl::pullMessageAsync(const std::string& addr,
                                       const remoting::PullMessageRequestHeader& header,
                                       std::chrono::milliseconds timeout, PullCallback callback) {
  remoting_->invokeAsync(addr, makeRequest(req::kPullMessage, remoting::toExtFields(header)),
                         timeout, [cb = std::move(callback)](Result<RemotingCommand> response) {
                           if (!response.ok()) {
                             cb(response.status());
                             return;
                           }
                           cb(processPullResponse(*response));
                         });
}

template <typename ResponseHeader>
Result<std::int64_t> MQClientAPIImpl::offsetCall(const std::string& addr, int code,
                                                 remoting::ExtFields fields,
                                                 std::int64_t ResponseHeader::*field,
                                                 std::chrono::milliseconds timeout) {
  auto response = remoting_->invokeSync(addr, makeRequest(code, std::move(fields)), timeout);
  if (!response.ok()) return response.status();
  if (response->code() != rc::kSuccess) return errorAnswer(*response);
  auto header = decodeResponseHeader<ResponseHeader>(*response);
  if (!header.ok()) return header.status();
  return (*header).*field;
}

Result<std::int64_t> MQClientAPIImpl::queryConsumerOffset(
    const std::string& addr, const remoting::QueryConsumerOffsetRequestHeader& header,
    std::chrono::milliseconds timeout) {
  return offsetCall(addr, req::kQueryConsumerOffset, remoting::toExtFields(header),
                    &remoting::QueryConsumerOffsetResponseHeader::offset, timeout);
}

Status MQClientAPIImpl::updateConsumerOffset(
    const std::string& addr, const remoting::UpdateConsumerOffsetRequestHeader& header,
    std::chrono::milliseconds timeout) {
  auto response = remoting_->invokeSync(
      addr, makeRequest(req::kUpdateConsumerOffset, remoting::toExtFields(header)), timeout);
  if (!response.ok()) return response.status();
  return response->code() == rc::kSuccess ? Status::OK() : errorAnswer(*response);
}

Status MQClientAPIImpl::updateConsumerOffsetOneway(
    const std::string& addr, const remoting::UpdateConsumerOffsetRequestHeader& header,
    std::chrono::milliseconds timeout) {
  return remoting_->invokeOneway(
      addr, makeRequest(req::kUpdateConsumerOffset, remoting::toExtFields(header)), timeout);
}

Result<std::int64_t> MQClientAPIImpl::getMaxOffset(const std::string& addr,
                                                   const std::string& topic, std::int32_t queueId,
                                                   std::chrono::milliseconds timeout) {
  remoting::GetMaxOffsetRequestHeader header{
      .topic = topic, .queueId = queueId, .committed = std::nullopt};
  return offsetCall(addr, req::kGetMaxOffset, remoting::toExtFields(header),
                    &remoting::GetMaxOffsetResponseHeader::offset, timeout);
}

Result<std::int64_t> MQClientAPIImpl::getMinOffset(const std::string& addr,
                                                   const std::string& topic, std::int32_t queueId,
                                                   std::chrono::milliseconds timeout) {
  remoting::GetMinOffsetRequestHeader header{.topic = topic, .queueId = queueId};
  return offsetCall(addr, req::kGetMinOffset, remoting::toExtFields(header),
                    &remoting::GetMinOffsetResponseHeader::offset, timeout);
}

Result<std::int64_t> MQClientAPIImpl::searchOffset(const std::string& addr,
                                                   const std::string& topic, std::int32_t queueId,
                                                   std::int64_t timestamp,
                                                   std::chrono::milliseconds timeout) {
  remoting::SearchOffsetRequestHeader header{
      .topic = topic, .queueId = queueId, .timestamp = timestamp, .boundaryType = std::nullopt};
  return offsetCall(addr, req::kSearchOffsetByTimestamp, remoting::toExtFields(header),
                    &remoting::SearchOffsetResponseHeader::offset, timeout);
}

Result<std::int64_t> MQClientAPIImpl::getEarliestMsgStoretime(const std::string& addr,
                                                              const std::string& topic,
                                                              std::int32_t queueId,
                                                              std::chrono::milliseconds timeout) {
  remoting::GetEarliestMsgStoretimeRequestHeader header{.topic = topic, .queueId = queueId};
  return offsetCall(addr, req::kGetEarliestMsgStoretime, remoting::toExtFields(header),
                    &remoting::GetEarliestMsgStoretimeResponseHeader::timestamp, timeout);
}

Result<std::vector<std::string>> MQClientAPIImpl::getConsumerIdListByGroup(
    const std::string& addr, const std::string& group, std::chrono::milliseconds timeout) {
  remoting::GetConsumerListByGroupRequestHeader header{.consumerGroup = group};
  auto response = remoting_->invokeSync(
      addr, makeRequest(req::kGetConsumerListByGroup, remoting::toExtFields(header)), timeout);
  if (!response.ok()) return response.status();
  if (response->code() != rc::kSuccess) return errorAnswer(*response);
  auto list = remoting::ConsumerIdList::fromJson(response->body().flatten());
  if (!list.ok()) return list.status();
  return std::move(list->consumerIdList);
}

Result<int> MQClientAPIImpl::sendHeartbeat(const std::string& addr,
                                           const remoting::HeartbeatData& data,
                                           std::chrono::milliseconds timeout) {
  RemotingCommand request = makeRequest(req::kHeartBeat, {});
  request.setBody(data.toJson());
  auto response = remoting_->invokeSync(addr, std::move(request), timeout);
  if (!response.ok()) return response.status();
  if (response->code() != rc::kSuccess) return errorAnswer(*response);
  return response->version();
}

Status MQClientAPIImpl::unregisterClient(const std::string& addr, const std::string& clientId,
                                         const std::string& producerGroup,
                                         const std::string& consumerGroup,
                                         std::chrono::milliseconds timeout) {
  remoting::UnregisterClientRequestHeader header;
  header.clientID = clientId;
  if (!producerGroup.empty()) header.producerGroup = producerGroup;
  if (!consumerGroup.empty()) header.consumerGroup = consumerGroup;
  auto response = remoting_->invokeSync(
      addr, makeRequest(req::kUnregisterClient, remoting::toExtFields(header)), timeout);
  if (!response.ok()) return response.status();
  return response->code() == rc::kSuccess ? Status::OK() : errorAnswer(*response);
}

Status MQClientAPIImpl::consumerSendMessageBack(const std::string& addr, const MessageExt& msg,
                                                const std::string& group, std::int32_t delayLevel,
                                                std::int32_t maxReconsumeTimes,
                                                std::chrono::milliseconds timeout) {
  remoting::ConsumerSendMsgBackRequestHeader header;
  header.offset = msg.getCommitLogOffset();
  header.group = group;
  header.delayLevel = delayLevel;
  header.originMsgId = msg.getMsgId();
  header.originTopic = msg.getTopic();
  header.maxReconsumeTimes = maxReconsumeTimes;
  auto response = remoting_->invokeSync(
      addr, makeRequest(req::kConsumerSendMsgBack, remoting::toExtFields(header)), timeout);
  if (!response.ok()) return response.status();
  return response->code() == rc::kSuccess ? Status::OK() : errorAnswer(*response);
}

Result<std::set<MessageQueue>> MQClientAPIImpl::lockBatchMQ(
    const std::string& addr, const remoting::LockBatchRequestBody& body,
    std::chrono::milliseconds timeout) {
  RemotingCommand request = makeRequest(req::kLockBatchMq, {});
  request.setBody(body.toJson());
  auto response = remoting_->invokeSync(addr, std::move(request), timeout);
  if (!response.ok()) return response.status();
  if (response->code() != rc::kSuccess) return errorAnswer(*response);
  auto locked = remoting::LockBatchResponseBody::fromJson(response->body().flatten());
  if (!locked.ok()) return locked.status();
  std::set<MessageQueue> out;
  for (const auto& key : locked->lockOKMQSet) out.insert(toMessageQueue(key));
  return out;
}

Status MQClientAPIImpl::unlockBatchMQ(const std::string& addr,
                                      const remoting::LockBatchRequestBody& body,
                                      std::chrono::milliseconds timeout, bool oneway) {
  RemotingCommand request = makeRequest(req::kUnlockBatchMq, {});
  request.setBody(body.toJson());
  if (oneway) return remoting_->invokeOneway(addr, std::move(request), timeout);
  auto response = remoting_->invokeSync(addr, std::move(request), timeout);
  if (!response.ok()) return response.status();
  return response->code() == rc::kSuccess ? Status::OK() : errorAnswer(*response);
}

Result<MessageExt> MQClientAPIImpl::viewMessage(const std::string& addr, std::int64_t phyoffset,
                                                std::chrono::milliseconds timeout) {
  remoting::ViewMessageRequestHeader header{.topic = std::nullopt, .offset = phyoffset};
  auto response = remoting_->invokeSync(
      addr, makeRequest(req::kViewMessageById, remoting::toExtFields(header)), timeout);
  if (!response.ok()) return response.status();
  if (response->code() != rc::kSuccess) return errorAnswer(*response);
  auto messages = decodeMessages(response->body().flatten(), true);
  if (!messages.ok()) return messages.status();
  if (messages->empty())
    return Status::NotFound("no message at offset " + std::to_string(phyoffset));
  return std::move(messages->front());
}

}  // namespace apogee::client
