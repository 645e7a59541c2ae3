#include "broker/processors/connection_admin_processor.h"

#include <algorithm>

#include "broker/consumer_manager.h"
#include "broker/processors/response_util.h"
#include "broker/producer_manager.h"
#include "common/logging.h"
#include "common/message/message_id.h"
#include "remoting/body/admin_bodies.h"
#include "remoting/headers/admin.h"
#include "remoting/headers/heartbeat.h"
#include "remoting/request_code.h"
#include "remoting/transport/connection.h"

namespace apogee::broker {

using remoting::RemotingCommand;
namespace rc = remoting::ResponseCode;
namespace code = remoting::RequestCode;

namespace {

// MQVersion ordinal of V3_1_8_SNAPSHOT: older clients cannot answer 307 or 309.
constexpr int kRunningInfoMinVersion = 62;

remoting::ConnectionInfo connectionOf(const ClientChannelInfo& c) {
  remoting::ConnectionInfo info;
  info.clientAddr = c.channel ? c.channel->remoteAddress() : std::string();
  info.clientId = c.clientId;
  info.language = c.language;
  info.version = c.version;
  return info;
}

}  // namespace

std::optional<RemotingCommand> ConnectionAdminProcessor::processRequest(
    const remoting::RequestContext& ctx, RemotingCommand& request) {
  switch (request.code()) {
    case code::kGetConsumerConnectionList: return getConsumerConnectionList(request);
    case code::kGetProducerConnectionList: return getProducerConnectionList(request);
    case code::kGetConsumerRunningInfo: return getConsumerRunningInfo(ctx, request);
    case code::kConsumeMessageDirectly: return consumeMessageDirectly(ctx, request);
    default:
      return requestNotSupported(request.code());
  }
}

RemotingCommand ConnectionAdminProcessor::getConsumerConnectionList(const RemotingCommand& request) {
  auto h = remoting::decodeHeader<remoting::GetConsumerConnectionListRequestHeader>(request.extFields());
  if (!h.ok()) return badHeaderResponse(h.status());
  auto info = broker_.consumers->getConsumerGroupInfo(h->consumerGroup);
  if (!info) {
    return makeResponse(rc::kConsumerNotOnline,
                        "the consumer group[" + h->consumerGroup + "] not online");
  }
  remoting::ConsumerConnection body;
  body.consumeFromWhere = info->consumeFromWhere;
  body.consumeType = info->consumeType;
  body.messageModel = info->messageModel;
  body.subscriptionTable = info->subscriptionTable;
  for (const auto& [id, c] : info->channels) body.connectionSet.push_back(connectionOf(c));
  std::sort(body.connectionSet.begin(), body.connectionSet.end(),
            [](const auto& a, const auto& b) { return a.clientId < b.clientId; });
  auto response = makeSuccess();
  response.setBody(body.toJson());
  return response;
}

RemotingCommand ConnectionAdminProcessor::getProducerConnectionList(const RemotingCommand& request) {
  auto h = remoting::decodeHeader<remoting::GetProducerConnectionListRequestHeader>(request.extFields());
  if (!h.ok()) return badHeaderResponse(h.status());
  auto channels = broker_.producers->groupChannels(h->producerGroup);
  if (!channels) {
    return makeResponse(rc::kSystemError, "the producer group[" + h->producerGroup + "] not exist");
  }
  remoting::ProducerConnection body;
  for (const auto& c : *channels) body.connectionSet.push_back(connectionOf(c));
  auto response = makeSuccess();
  response.setBody(body.toJson());
  return response;
}

std::optional<RemotingCommand> ConnectionAdminProcessor::getConsumerRunningInfo(
    const remoting::RequestContext& ctx, RemotingCommand& request) {
  auto h = remoting::decodeHeader<remoting::GetConsumerRunningInfoRequestHeader>(request.extFields());
  if (!h.ok()) return badHeaderResponse(h.status());
  return relayToConsumer(ctx, request, h->consumerGroup, h->clientId);
}

std::optional<RemotingCommand> ConnectionAdminProcessor::consumeMessageDirectly(
    const remoting::RequestContext& ctx, RemotingCommand& request) {
  auto h = remoting::decodeHeader<remoting::ConsumeMessageDirectlyResultRequestHeader>(
      request.extFields());
  if (!h.ok()) return badHeaderResponse(h.status());
  // The consumer reports this broker as the message's (Java overwrites the
  // admin's brokerName too).
  request.mutableExtFields().set("brokerName", broker_.config.brokerName);
  const std::string msg_id = h->msgId.value_or("");
  auto id = message::decodeOffsetMsgId(msg_id);
  if (!id.ok()) return makeResponse(rc::kSystemError, "bad msgId '" + msg_id + "': " + id.status().message());
  auto found = broker_.store->lookMessageByOffset(CommitLogOffset(id->commitLogOffset));
  if (!found.ok()) {
    return makeResponse(rc::kSystemError, "no message with msgId " + msg_id + " in this broker");
  }
  // One record, copied: the relay outlives this call and the segment view.
  request.setBody(std::string(found->bytes));
  return relayToConsumer(ctx, request, h->consumerGroup, h->clientId.value_or(""));
}

std::optional<RemotingCommand> ConnectionAdminProcessor::relayToConsumer(
    const remoting::RequestContext& ctx, const RemotingCommand& request, const std::string& group,
    const std::string& client_id) {
  auto client = broker_.consumers->findChannel(group, client_id);
  if (!client || !client->channel) {
    return makeResponse(rc::kSystemError,
                        "The Consumer <" + group + "> <" + client_id + "> not online");
  }
  if (client->version < kRunningInfoMinVersion) {
    return makeResponse(rc::kSystemError,
                        "The Consumer <" + client_id + "> Version <" + std::to_string(client->version) +
                            "> too low to finish, please upgrade it to V3_1_8_SNAPSHOT");
  }
  // The same header fields and body, in a new request of our own.
  const int request_code = request.code();
  auto relay = RemotingCommand::createRequest(request_code, request.extFields());
  relay.setBody(request.body());
  client->channel->invokeAsync(
      std::move(relay), relay_timeout_,
      [ctx, group, client_id, request_code](Result<RemotingCommand> answer) {
        RemotingCommand response = [&] {
          if (answer.ok()) return std::move(*answer);
          if (answer.status().code() == StatusCode::kTimeout) {
            return makeResponse(rc::kConsumeMsgTimeout, "consumer <" + group + "> <" + client_id +
                                                            "> Timeout: " + answer.status().toString());
          }
          return makeResponse(rc::kSystemError, "invoke consumer <" + group + "> <" + client_id +
                                                    "> Exception: " + answer.status().toString());
        }();
        Status s = ctx.reply(std::move(response));
        if (!s.ok()) {
          logger("broker")->debug("answering the relayed {}: {}",
                                  remoting::requestCodeName(request_code), s.toString());
        }
      });
  return std::nullopt;
}

}  // namespace apogee::broker
