#pragma once

#include <array>
#include <optional>

#include "namesrv/kv_config_manager.h"
#include "namesrv/route_info_manager.h"
#include "remoting/request_code.h"
#include "remoting/transport/processor.h"

namespace apogee::namesrv {

// Java's remark suffix FAQUrl.suggestTodo(FAQUrl.APPLY_TOPIC_URL), as the
// 4.9.8 name server sends it.
inline constexpr std::string_view kApplyTopicFaqSuffix =
    "\nSee http://rocketmq.apache.org/docs/faq/ for further details.";

// The requests clients and admin tools send about routes and topics
// (rocketmq-protocol.md 3.1):
//   GET_ROUTEINFO_BY_TOPIC (105)              TopicRouteData, standard JSON for
//                                             request version >= 401 or
//                                             acceptStandardJsonOnly; else
//                                             TOPIC_NOT_EXIST
//   GET_BROKER_CLUSTER_INFO (106)             ClusterInfo
//   GET_ALL_TOPIC_LIST_FROM_NAMESERVER (206)  TopicList
//   DELETE_TOPIC_IN_NAMESRV (216)             all or one cluster's queue data
//   GET_TOPICS_BY_CLUSTER (224)               TopicList
// Runs on the server's processor pool, many requests at once.
class RouteProcessor final : public remoting::RequestProcessor {
 public:
  static constexpr std::array kRequestCodes{
      remoting::RequestCode::kGetRouteInfoByTopic, remoting::RequestCode::kGetBrokerClusterInfo,
      remoting::RequestCode::kGetAllTopicListFromNameserver,
      remoting::RequestCode::kDeleteTopicInNamesrv, remoting::RequestCode::kGetTopicsByCluster};

  // `order_message_enable` (NamesrvConfig.orderMessageEnable): fill a route's
  // orderTopicConf from the ORDER_TOPIC_CONFIG namespace. Both managers must
  // outlive the processor.
  RouteProcessor(RouteInfoManager& routes, const KVConfigManager& kv, bool order_message_enable)
      : routes_(routes), kv_(kv), order_message_enable_(order_message_enable) {}

  std::optional<remoting::RemotingCommand> processRequest(const remoting::RequestContext& ctx,
                                                          remoting::RemotingCommand& request) override;

 private:
  remoting::RemotingCommand getRouteInfoByTopic(const remoting::RemotingCommand& request);
  remoting::RemotingCommand deleteTopic(const remoting::RemotingCommand& request);
  remoting::RemotingCommand getTopicsByCluster(const remoting::RemotingCommand& request);

  RouteInfoManager& routes_;
  const KVConfigManager& kv_;
  const bool order_message_enable_;
};

}  // namespace apogee::namesrv
