#include "broker/processors/connection_admin_processor.h"

#include <algorithm>

#include "broker/consumer_manager.h"
#include "broker/processors/response_util.h"
#include "broker/producer_manager.h"
#include "common/logging.h"
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

// MQVersion ordinal of V3_1_8_SNAPSHOT: older clients cannot answer 307.
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
  auto client = broker_.consumers->findChannel(h->consumerGroup, h->clientId);
  if (!client || !client->channel) {
    return makeResponse(rc::kSystemError,
                        "The Consumer <" + h->consumerGroup + "> <" + h->clientId + "> not online");
  }
  if (client->version < kRunningInfoMinVersion) {
    return makeResponse(rc::kSystemError,
                        "The Consumer <" + h->clientId + "> Version <" + std::to_string(client->version) +
                            "> too low to finish, please upgrade it to V3_1_8_SNAPSHOT");
  }
  // The same header fields and body, in a new request of our own.
  auto relay = RemotingCommand::createRequest(code::kGetConsumerRunningInfo, request.extFields());
  relay.setBody(request.body());
  const std::string group = h->consumerGroup;
  const std::string client_id = h->clientId;
  client->channel->invokeAsync(
      std::move(relay), relay_timeout_,
      [ctx, group, client_id](Result<RemotingCommand> answer) {
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
        if (!s.ok()) logger("broker")->debug("answering GET_CONSUMER_RUNNING_INFO: {}", s.toString());
      });
  return std::nullopt;
}

}  // namespace apogee::broker
