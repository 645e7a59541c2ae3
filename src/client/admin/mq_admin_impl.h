#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "apogee/message_ext.h"
#include "client/mq_client_api.h"
#include "common/result.h"
#include "remoting/body/admin_bodies.h"
#include "remoting/body/consumer_running_info.h"
#include "remoting/body/route.h"
#include "remoting/body/subscription_group.h"
#include "remoting/body/topic_config.h"

// The administration calls of RocketMQ's DefaultMQAdminExt (what mqadmin
// uses), over a bare MQClientAPIImpl: no MQClientInstance, no scheduler
// threads, no heartbeats, so a one-shot command costs one connection per
// server it asks and nothing else.
namespace apogee::client {

// A merged answer of several brokers, keyed by queue.
using QueueOffsetTable = std::map<remoting::MessageQueueKey, std::int64_t>;

// One master broker as the cluster info names it.
struct BrokerAddr {
  std::string cluster;
  std::string brokerName;
  std::int64_t brokerId = 0;
  std::string addr;
};

// Errors are Status values: transport errors as the transport words them
// ("connect to 127.0.0.1:9876 failed: Connection refused"), error answers
// through remoteError() with the ResponseCode (responseCodeOf()).
//
// Thread-safe after start() (the API object is). Requests go out with
// language JAVA, as mqadmin's do: a broker answering a reset (222) then sends
// consumers the map-form ResetOffsetBody that Java consumers read.
class MQAdminImpl {
 public:
  // `namesrvAddr`: "host:port[;host:port...]".
  explicit MQAdminImpl(const std::string& namesrvAddr,
                       std::chrono::milliseconds timeout = std::chrono::seconds(5));
  ~MQAdminImpl();
  MQAdminImpl(const MQAdminImpl&) = delete;
  MQAdminImpl& operator=(const MQAdminImpl&) = delete;

  Status start();
  void shutdown();
  MQClientAPIImpl& api() { return *api_; }

  // ---- name server ---------------------------------------------------------
  // GET_BROKER_CLUSTER_INFO (106) from the first name server that answers.
  Result<remoting::ClusterInfo> examineBrokerClusterInfo();
  // The master (brokerId 0) of every broker in the cluster info, sorted by name.
  Result<std::vector<BrokerAddr>> masterBrokers();
  // GET_ALL_TOPIC_LIST_FROM_NAMESERVER (206).
  Result<std::vector<std::string>> fetchAllTopicList();
  // GET_ROUTEINFO_BY_TOPIC (105); NotFound (TOPIC_NOT_EXIST) for an unknown topic.
  Result<remoting::TopicRouteData> examineTopicRouteInfo(const std::string& topic);
  // DELETE_TOPIC_IN_NAMESRV (216) on every name server.
  Status deleteTopicInNameServer(const std::string& topic);

  // ---- topics --------------------------------------------------------------
  // UPDATE_AND_CREATE_TOPIC (17) on one broker.
  Status createAndUpdateTopicConfig(const std::string& brokerAddr,
                                    const remoting::TopicConfig& config);
  // DELETE_TOPIC_IN_BROKER (215) on one broker.
  Status deleteTopicInBroker(const std::string& brokerAddr, const std::string& topic);
  // GET_TOPIC_STATS_INFO (202) of every master in the topic's route, merged.
  Result<remoting::TopicStatsTable> examineTopicStats(const std::string& topic);
  // QUERY_TOPIC_CONSUME_BY_WHO (300) on every master of the route: the groups.
  Result<std::set<std::string>> queryTopicConsumeByWho(const std::string& topic);

  // ---- brokers -------------------------------------------------------------
  // GET_BROKER_RUNTIME_INFO (28).
  Result<std::map<std::string, std::string>> fetchBrokerRuntimeStats(const std::string& brokerAddr);

  // ---- consumer groups -----------------------------------------------------
  // GET_CONSUMER_CONNECTION_LIST (203) on every master, merged (connections
  // of all brokers; subscriptions and model from the first that answers).
  // CONSUMER_NOT_ONLINE when no broker knows a live client of the group.
  Result<remoting::ConsumerConnection> examineConsumerConnectionInfo(const std::string& group);
  // GET_CONSUME_STATS (208) on every master, merged; `topic` limits it.
  Result<remoting::ConsumeStats> examineConsumeStats(const std::string& group,
                                                     const std::optional<std::string>& topic = {});
  // GET_CONSUMER_RUNNING_INFO (307) of one client, relayed by a broker of
  // the group's %RETRY% topic (every consumer heartbeats to all of them), as
  // DefaultMQAdminExt.getConsumerRunningInfo does, with three times the
  // timeout since the broker waits for the client in between. `jstack` asks
  // for the client's thread stacks.
  Result<remoting::ConsumerRunningInfo> getConsumerRunningInfo(const std::string& group,
                                                               const std::string& clientId,
                                                               bool jstack = false);
  // UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (200).
  Status createAndUpdateSubscriptionGroupConfig(const std::string& brokerAddr,
                                                const remoting::SubscriptionGroupConfig& config);
  // DELETE_SUBSCRIPTIONGROUP (207); `removeOffset` also drops its offsets.
  Status deleteSubscriptionGroup(const std::string& brokerAddr, const std::string& group,
                                 bool removeOffset);
  // GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201).
  Result<remoting::SubscriptionGroupWrapper> getAllSubscriptionGroup(const std::string& brokerAddr);

  // Moves `group`'s offsets of `topic` to the first message stored at or
  // after `timestamp` (ms; -1 = the end) on every master of the route, as
  // mqadmin resetOffsetByTime does: INVOKE_BROKER_TO_RESET_OFFSET (222), so
  // online consumers take the new offsets; when the group has no online
  // client (CONSUMER_NOT_ONLINE) the offsets are committed directly
  // (UPDATE_CONSUMER_OFFSET), RocketMQ's "old" fallback. Returns the new
  // offsets.
  Result<QueueOffsetTable> resetOffsetByTimestamp(const std::string& topic,
                                                  const std::string& group, std::int64_t timestamp,
                                                  bool force);

  // ---- messages ------------------------------------------------------------
  // VIEW_MESSAGE_BY_ID (33) at the broker and commit-log offset the
  // offsetMsgId encodes. InvalidArgument when `offsetMsgId` is not one.
  Result<MessageExt> viewMessage(const std::string& offsetMsgId);
  // QUERY_MESSAGE (12) on every master of the topic's route; at most
  // `maxNum` per broker, stored in [begin, end] ms.
  Result<std::vector<MessageExt>> queryMessage(const std::string& topic, const std::string& key,
                                               std::int32_t maxNum, std::int64_t begin,
                                               std::int64_t end);
  // One PULL_MESSAGE (11) without suspension, as the tools consumer group.
  Result<PullResultExt> pull(const std::string& brokerAddr, const std::string& topic,
                             std::int32_t queueId, std::int64_t offset, std::int32_t maxNums);

  // The master address of `brokerName` in a route, or empty.
  static std::string masterAddr(const remoting::TopicRouteData& route,
                                const std::string& brokerName);

 private:
  Result<remoting::RemotingCommand> call(const std::string& addr, int code,
                                         remoting::ExtFields fields, std::string body = {});
  // A call to the name servers in turn until one answers.
  Result<remoting::RemotingCommand> callNameServer(int code, remoting::ExtFields fields);

  std::chrono::milliseconds timeout_;
  std::unique_ptr<MQClientAPIImpl> api_;
};

// The consumer group the admin's pulls use (RocketMQ's MixAll.TOOLS_CONSUMER_GROUP).
inline constexpr std::string_view kToolsConsumerGroup = "TOOLS_CONSUMER";

}  // namespace apogee::client
