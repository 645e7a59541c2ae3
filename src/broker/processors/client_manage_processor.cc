#include "broker/processors/client_manage_processor.h"

#include "broker/consumer_manager.h"
#include "broker/processors/response_util.h"
#include "broker/producer_manager.h"
#include "broker/subscription_group_manager.h"
#include "broker/topic_config_manager.h"
#include "broker/topic_validator.h"
#include "remoting/body/heartbeat.h"
#include "remoting/headers/heartbeat.h"
#include "remoting/request_code.h"
#include "remoting/response_code.h"

namespace apogee::broker {

using remoting::RemotingCommand;
namespace rc = remoting::ResponseCode;

std::optional<RemotingCommand> ClientManageProcessor::processRequest(
    const remoting::RequestContext& ctx, RemotingCommand& request) {
  if (request.code() == remoting::RequestCode::kUnregisterClient) {
    return unregisterClient(ctx, request);
  }
  return heartBeat(ctx, request);
}

RemotingCommand ClientManageProcessor::heartBeat(const remoting::RequestContext& ctx,
                                                 const RemotingCommand& request) {
  const std::string body = request.body().flatten();
  auto data = remoting::HeartbeatData::fromJson(body);
  if (!data.ok()) {
    return makeResponse(rc::kSystemError, "bad heartbeat body: " + data.status().message());
  }
  if (!ctx.channel()) return makeResponse(rc::kSystemError, "no connection");
  ClientChannelInfo client;
  client.channel = ctx.channel();
  client.clientId = data->clientID;
  client.language = request.language();
  client.version = request.version();
  client.lastUpdateTimestamp = steadyMillis();

  for (const auto& consumer : data->consumerDataSet) {
    bool notify = broker_.config.notifyConsumerIdsChangedEnable;
    if (auto group = broker_.groups->findSubscriptionGroupConfig(consumer.groupName)) {
      notify = notify && group->notifyConsumerIdsChangedEnable;
      broker_.topics->createTopicInSendMessageBackMethod(
          retryTopic(consumer.groupName), group->retryQueueNums,
          remoting::kPermRead | remoting::kPermWrite, 0);
    }
    broker_.consumers->registerConsumer(consumer.groupName, client, consumer, notify);
  }
  for (const auto& producer : data->producerDataSet) {
    broker_.producers->registerProducer(producer.groupName, client);
  }
  return makeSuccess();
}

RemotingCommand ClientManageProcessor::unregisterClient(const remoting::RequestContext& ctx,
                                                        const RemotingCommand& request) {
  auto h = remoting::decodeHeader<remoting::UnregisterClientRequestHeader>(request.extFields());
  if (!h.ok()) return badHeaderResponse(h.status());
  if (!ctx.channel()) return makeResponse(rc::kSystemError, "no connection");
  if (h->producerGroup) broker_.producers->unregisterProducer(*h->producerGroup, ctx.channel());
  if (h->consumerGroup) {
    bool notify = broker_.config.notifyConsumerIdsChangedEnable;
    if (auto group = broker_.groups->selectConfig(*h->consumerGroup)) {
      notify = notify && group->notifyConsumerIdsChangedEnable;
    }
    broker_.consumers->unregisterConsumer(*h->consumerGroup, ctx.channel(), notify);
  }
  auto response = makeSuccess();
  return response;
}

}  // namespace apogee::broker
