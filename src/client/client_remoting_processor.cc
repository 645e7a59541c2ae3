#include "client/client_remoting_processor.h"

#include "client/message_codec.h"
#include "remoting/body/offset_bodies.h"
#include "remoting/headers/heartbeat.h"
#include "remoting/request_code.h"
#include "remoting/response_code.h"

namespace apogee::client {
namespace {

namespace rc = remoting::ResponseCode;
namespace req = remoting::RequestCode;
using remoting::RemotingCommand;

RemotingCommand systemError(std::string remark) {
  return RemotingCommand::createResponse(rc::kSystemError, std::move(remark));
}

std::optional<std::map<MessageQueue, std::int64_t>> decodeResetBody(
    const RemotingCommand& request) {
  const std::string body = request.body().flatten();
  std::map<MessageQueue, std::int64_t> out;
  if (auto map_form = remoting::ResetOffsetBody::fromJson(body); map_form.ok()) {
    for (const auto& [mq, offset] : map_form->offsetTable) {
      out.emplace(MessageQueue(mq.topic, mq.brokerName, mq.queueId), offset);
    }
    return out;
  }
  if (auto list_form = remoting::ResetOffsetBodyForC::fromJson(body); list_form.ok()) {
    for (const auto& e : list_form->offsetTable) {
      out.emplace(MessageQueue(e.topic, e.brokerName, e.queueId), e.offset);
    }
    return out;
  }
  return std::nullopt;
}

}  // namespace

std::shared_ptr<ClientRemotingProcessor> ClientRemotingProcessor::install(
    remoting::RemotingClient& client) {
  auto processor = std::make_shared<ClientRemotingProcessor>();
  for (int code : {req::kCheckTransactionState, req::kNotifyConsumerIdsChanged,
                   req::kResetConsumerClientOffset, req::kGetConsumerStatusFromClient,
                   req::kGetConsumerRunningInfo, req::kConsumeMessageDirectly}) {
    client.registerProcessor(code, processor);
  }
  return processor;
}

void ClientRemotingProcessor::setHooks(BrokerRequestHooks hooks) {
  std::lock_guard lock(mutex_);
  hooks_ = std::move(hooks);
}

BrokerRequestHooks ClientRemotingProcessor::hooks() const {
  std::lock_guard lock(mutex_);
  return hooks_;
}

std::optional<RemotingCommand> ClientRemotingProcessor::processRequest(
    const remoting::RequestContext&, RemotingCommand& request) {
  const BrokerRequestHooks h = hooks();
  switch (request.code()) {
    case req::kNotifyConsumerIdsChanged: {
      auto header = remoting::decodeHeader<remoting::NotifyConsumerIdsChangedRequestHeader>(
          request.extFields());
      if (header.ok() && h.onConsumerIdsChanged) h.onConsumerIdsChanged(header->consumerGroup);
      return std::nullopt;  // oneway
    }
    case req::kResetConsumerClientOffset: {
      auto header = remoting::decodeHeader<remoting::ResetOffsetRequestHeader>(request.extFields());
      if (!header.ok() || !h.resetOffset) return std::nullopt;
      if (auto offsets = decodeResetBody(request))
        h.resetOffset(header->topic, header->group, *offsets);
      return std::nullopt;  // oneway
    }
    case req::kGetConsumerRunningInfo: {
      auto header = remoting::decodeHeader<remoting::GetConsumerRunningInfoRequestHeader>(
          request.extFields());
      if (!header.ok()) return systemError(header.status().message());
      std::optional<std::string> info;
      if (h.consumerRunningInfo)
        info = h.consumerRunningInfo(header->consumerGroup, header->jstackEnable);
      if (!info)
        return systemError("The Consumer Group <" + header->consumerGroup +
                           "> not exist in this consumer");
      RemotingCommand response = RemotingCommand::createResponse(rc::kSuccess);
      response.setBody(std::move(*info));
      return response;
    }
    case req::kGetConsumerStatusFromClient:
      return systemError("GET_CONSUMER_STATUS_FROM_CLIENT is not supported yet");
    case req::kConsumeMessageDirectly: {
      auto header = remoting::decodeHeader<remoting::ConsumeMessageDirectlyResultRequestHeader>(
          request.extFields());
      if (!header.ok()) return systemError(header.status().message());
      auto msgs = decodeMessages(request.body().flatten(), true);
      if (!msgs.ok()) return systemError("bad message: " + msgs.status().message());
      if (msgs->size() != 1) return systemError("the body must hold one message");
      std::optional<std::string> result;
      if (h.consumeMessageDirectly) {
        result = h.consumeMessageDirectly(header->consumerGroup, msgs->front(),
                                          header->brokerName.value_or(""));
      }
      if (!result)
        return systemError("The Consumer Group <" + header->consumerGroup +
                           "> not exist in this consumer");
      RemotingCommand response = RemotingCommand::createResponse(rc::kSuccess);
      response.setBody(std::move(*result));
      return response;
    }
    case req::kCheckTransactionState:
      return std::nullopt;  // oneway; transactional producers are not implemented yet
    default:
      return systemError("request code " + std::to_string(request.code()) + " not supported");
  }
}

}  // namespace apogee::client
