#include "namesrv/route_processor.h"

#include <string>
#include <utility>

#include "namesrv/processor_support.h"
#include "remoting/headers/route.h"

namespace apogee::namesrv {

using remoting::RemotingCommand;
using remoting::ResponseCode::kSuccess;

namespace {

RemotingCommand withBody(std::string body) {
  RemotingCommand response = makeResponse(kSuccess);
  response.setBody(std::move(body));
  return response;
}

}  // namespace

std::optional<RemotingCommand> RouteProcessor::processRequest(const remoting::RequestContext&,
                                                              RemotingCommand& request) {
  switch (request.code()) {
    case remoting::RequestCode::kGetRouteInfoByTopic:
      return getRouteInfoByTopic(request);
    case remoting::RequestCode::kGetBrokerClusterInfo:
      return withBody(routes_.getAllClusterInfo().toJson());
    case remoting::RequestCode::kGetAllTopicListFromNameserver:
      return withBody(routes_.getAllTopicList().toJson());
    case remoting::RequestCode::kDeleteTopicInNamesrv:
      return deleteTopic(request);
    case remoting::RequestCode::kGetTopicsByCluster:
      return getTopicsByCluster(request);
    default:
      return makeResponse(remoting::ResponseCode::kRequestCodeNotSupported,
                          " request type " + std::to_string(request.code()) + " not supported");
  }
}

RemotingCommand RouteProcessor::getRouteInfoByTopic(const RemotingCommand& request) {
  remoting::GetRouteInfoRequestHeader header;
  if (auto error = decodeRequestHeader(request, header)) return std::move(*error);

  auto route = routes_.pickupTopicRouteData(header.topic);
  if (!route) {
    std::string remark = "No topic route info in name server for the topic: " + header.topic;
    remark.append(kApplyTopicFaqSuffix);
    return makeResponse(remoting::ResponseCode::kTopicNotExist, std::move(remark));
  }
  if (order_message_enable_) {
    route->orderTopicConf = kv_.getKVConfig(kNamespaceOrderTopicConfig, header.topic);
  }
  const bool standard =
      remoting::useStandardRouteJson(request.version(), header.acceptStandardJsonOnly);
  return withBody(route->toJson(standard));
}

RemotingCommand RouteProcessor::deleteTopic(const RemotingCommand& request) {
  remoting::DeleteTopicFromNamesrvRequestHeader header;
  if (auto error = decodeRequestHeader(request, header)) return std::move(*error);
  if (header.clusterName && !header.clusterName->empty()) {
    routes_.deleteTopic(header.topic, *header.clusterName);
  } else {
    routes_.deleteTopic(header.topic);
  }
  return makeResponse(kSuccess);
}

RemotingCommand RouteProcessor::getTopicsByCluster(const RemotingCommand& request) {
  remoting::GetTopicsByClusterRequestHeader header;
  if (auto error = decodeRequestHeader(request, header)) return std::move(*error);
  return withBody(routes_.getTopicsByCluster(header.cluster).toJson());
}

}  // namespace apogee::namesrv
