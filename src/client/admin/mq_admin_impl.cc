#include "client/admin/mq_admin_impl.h"

#include <algorithm>

#include "apogee/message_client_id_setter.h"
#include "apogee/mq_client_exception.h"
#include "client/client_constants.h"
#include "client/client_error.h"
#include "client/message_codec.h"
#include "remoting/body/offset_bodies.h"
#include "remoting/headers/admin.h"
#include "remoting/headers/heartbeat.h"
#include "remoting/headers/route.h"
#include "remoting/headers/topic.h"
#include "remoting/request_code.h"
#include "remoting/response_code.h"

namespace apogee::client {
namespace {

namespace rc = remoting::ResponseCode;
namespace req = remoting::RequestCode;
using remoting::RemotingCommand;

ClientConfig adminConfig(const std::string& namesrvAddr) {
  ClientConfig config;
  config.setNamesrvAddr(namesrvAddr);
  config.setLanguage("JAVA");
  config.setClientCallbackExecutorThreads(1);
  return config;
}

Status errorAnswer(const RemotingCommand& response) {
  return remoteError(response.code(), response.remark().value_or(""));
}

// The answer's body decoded with `T::fromJson`, or the error answer.
template <typename T>
Result<T> bodyOf(const Result<RemotingCommand>& response) {
  if (!response.ok()) return response.status();
  if (response->code() != rc::kSuccess) return errorAnswer(*response);
  return T::fromJson(response->body().flatten());
}

Status statusOf(const Result<RemotingCommand>& response) {
  if (!response.ok()) return response.status();
  if (response->code() != rc::kSuccess) return errorAnswer(*response);
  return Status::OK();
}

}  // namespace

MQAdminImpl::MQAdminImpl(const std::string& namesrvAddr, std::chrono::milliseconds timeout)
    : timeout_(timeout), api_(std::make_unique<MQClientAPIImpl>(adminConfig(namesrvAddr))) {}

MQAdminImpl::~MQAdminImpl() { shutdown(); }

Status MQAdminImpl::start() { return api_->start(); }

void MQAdminImpl::shutdown() { api_->shutdown(); }

Result<RemotingCommand> MQAdminImpl::call(const std::string& addr, int code,
                                          remoting::ExtFields fields, std::string body) {
  RemotingCommand request = RemotingCommand::createRequest(code, std::move(fields));
  if (!body.empty()) request.setBody(std::move(body));
  return api_->invokeSync(addr, std::move(request), timeout_);
}

Result<RemotingCommand> MQAdminImpl::callNameServer(int code, remoting::ExtFields fields) {
  const auto addrs = api_->getNameServerAddressList();
  if (addrs.empty()) return Status::InvalidArgument("no name server address set");
  Status last;
  for (const auto& addr : addrs) {
    auto response = call(addr, code, fields);
    if (response.ok()) return response;
    last = response.status();
  }
  return last;
}

Result<remoting::ClusterInfo> MQAdminImpl::examineBrokerClusterInfo() {
  return bodyOf<remoting::ClusterInfo>(callNameServer(req::kGetBrokerClusterInfo, {}));
}

Result<std::vector<BrokerAddr>> MQAdminImpl::masterBrokers() {
  auto info = examineBrokerClusterInfo();
  if (!info.ok()) return info.status();
  std::vector<BrokerAddr> out;
  for (const auto& [name, data] : info->brokerAddrTable) {
    auto it = data.brokerAddrs.find(0);
    if (it == data.brokerAddrs.end()) continue;
    out.push_back({data.cluster, name, 0, it->second});
  }
  return out;
}

Result<std::vector<std::string>> MQAdminImpl::fetchAllTopicList() {
  auto list = bodyOf<remoting::TopicList>(callNameServer(req::kGetAllTopicListFromNameserver, {}));
  if (!list.ok()) return list.status();
  std::vector<std::string> topics = std::move(list->topicList);
  std::sort(topics.begin(), topics.end());
  return topics;
}

Result<remoting::TopicRouteData> MQAdminImpl::examineTopicRouteInfo(const std::string& topic) {
  return api_->getTopicRouteInfoFromNameServer(topic, timeout_);
}

Status MQAdminImpl::deleteTopicInNameServer(const std::string& topic) {
  remoting::DeleteTopicFromNamesrvRequestHeader header{.topic = topic, .clusterName = {}};
  for (const auto& addr : api_->getNameServerAddressList()) {
    APOGEE_RETURN_IF_ERROR(
        statusOf(call(addr, req::kDeleteTopicInNamesrv, remoting::toExtFields(header))));
  }
  return Status::OK();
}

Status MQAdminImpl::createAndUpdateTopicConfig(const std::string& brokerAddr,
                                               const remoting::TopicConfig& config) {
  remoting::CreateTopicRequestHeader header;
  header.topic = config.topicName;
  header.defaultTopic = "TBW102";
  header.readQueueNums = config.readQueueNums;
  header.writeQueueNums = config.writeQueueNums;
  header.perm = config.perm;
  header.topicFilterType = std::string(remoting::javaName(config.topicFilterType));
  header.topicSysFlag = config.topicSysFlag;
  header.order = config.order;
  return statusOf(call(brokerAddr, req::kUpdateAndCreateTopic, remoting::toExtFields(header)));
}

Status MQAdminImpl::deleteTopicInBroker(const std::string& brokerAddr, const std::string& topic) {
  remoting::DeleteTopicRequestHeader header{.topic = topic};
  return statusOf(call(brokerAddr, req::kDeleteTopicInBroker, remoting::toExtFields(header)));
}

std::string MQAdminImpl::masterAddr(const remoting::TopicRouteData& route,
                                    const std::string& brokerName) {
  for (const auto& bd : route.brokerDatas) {
    if (bd.brokerName != brokerName) continue;
    auto it = bd.brokerAddrs.find(0);
    return it == bd.brokerAddrs.end() ? std::string() : it->second;
  }
  return {};
}

Result<remoting::TopicStatsTable> MQAdminImpl::examineTopicStats(const std::string& topic) {
  auto route = examineTopicRouteInfo(topic);
  if (!route.ok()) return route.status();
  remoting::TopicStatsTable merged;
  remoting::GetTopicStatsInfoRequestHeader header{.topic = topic};
  for (const auto& bd : route->brokerDatas) {
    auto it = bd.brokerAddrs.find(0);
    if (it == bd.brokerAddrs.end()) continue;
    auto stats = bodyOf<remoting::TopicStatsTable>(
        call(it->second, req::kGetTopicStatsInfo, remoting::toExtFields(header)));
    if (!stats.ok()) return stats.status();
    merged.offsetTable.merge(stats->offsetTable);
  }
  return merged;
}

Result<std::set<std::string>> MQAdminImpl::queryTopicConsumeByWho(const std::string& topic) {
  auto route = examineTopicRouteInfo(topic);
  if (!route.ok()) return route.status();
  std::set<std::string> groups;
  remoting::QueryTopicConsumeByWhoRequestHeader header{.topic = topic};
  for (const auto& bd : route->brokerDatas) {
    auto it = bd.brokerAddrs.find(0);
    if (it == bd.brokerAddrs.end()) continue;
    auto list = bodyOf<remoting::GroupList>(
        call(it->second, req::kQueryTopicConsumeByWho, remoting::toExtFields(header)));
    if (!list.ok()) return list.status();
    groups.insert(list->groupList.begin(), list->groupList.end());
  }
  return groups;
}

Result<std::map<std::string, std::string>> MQAdminImpl::fetchBrokerRuntimeStats(
    const std::string& brokerAddr) {
  auto table = bodyOf<remoting::KVTable>(call(brokerAddr, req::kGetBrokerRuntimeInfo, {}));
  if (!table.ok()) return table.status();
  return std::move(table->table);
}

Result<remoting::ConsumerConnection> MQAdminImpl::examineConsumerConnectionInfo(
    const std::string& group) {
  auto masters = masterBrokers();
  if (!masters.ok()) return masters.status();
  remoting::GetConsumerConnectionListRequestHeader header{.consumerGroup = group};
  std::optional<remoting::ConsumerConnection> merged;
  Status last = remoteError(rc::kConsumerNotOnline, "the consumer group[" + group + "] not online");
  for (const auto& broker : *masters) {
    auto cc = bodyOf<remoting::ConsumerConnection>(
        call(broker.addr, req::kGetConsumerConnectionList, remoting::toExtFields(header)));
    if (!cc.ok()) {
      // Not online on this broker is normal; any other error is the answer.
      if (responseCodeOf(cc.status()) != rc::kConsumerNotOnline) return cc.status();
      continue;
    }
    if (!merged) {
      merged = std::move(*cc);
      continue;
    }
    for (auto& c : cc->connectionSet) {
      bool seen = std::any_of(merged->connectionSet.begin(), merged->connectionSet.end(),
                              [&](const auto& m) { return m.clientId == c.clientId; });
      if (!seen) merged->connectionSet.push_back(std::move(c));
    }
  }
  if (!merged) return last;
  return std::move(*merged);
}

Result<remoting::ConsumeStats> MQAdminImpl::examineConsumeStats(
    const std::string& group, const std::optional<std::string>& topic) {
  auto masters = masterBrokers();
  if (!masters.ok()) return masters.status();
  remoting::GetConsumeStatsRequestHeader header{
      .consumerGroup = group, .topic = topic, .topicList = std::nullopt};
  remoting::ConsumeStats merged;
  for (const auto& broker : *masters) {
    auto stats = bodyOf<remoting::ConsumeStats>(
        call(broker.addr, req::kGetConsumeStats, remoting::toExtFields(header)));
    if (!stats.ok()) {
      // A broker that does not serve the topic says so; the others may.
      if (topic && responseCodeOf(stats.status()) == rc::kTopicNotExist) continue;
      return stats.status();
    }
    merged.consumeTps += stats->consumeTps;
    merged.offsetTable.merge(stats->offsetTable);
  }
  return merged;
}

Result<remoting::ConsumerRunningInfo> MQAdminImpl::getConsumerRunningInfo(
    const std::string& group, const std::string& clientId, bool jstack) {
  auto route = examineTopicRouteInfo(std::string(kRetryGroupTopicPrefix) + group);
  if (!route.ok()) return route.status();
  for (const auto& bd : route->brokerDatas) {
    if (bd.brokerAddrs.empty()) continue;
    // The master when there is one, else a slave (BrokerData.selectBrokerAddr).
    auto it = bd.brokerAddrs.find(0);
    const std::string& addr = it != bd.brokerAddrs.end() ? it->second : bd.brokerAddrs.begin()->second;
    remoting::GetConsumerRunningInfoRequestHeader header{
        .consumerGroup = group, .clientId = clientId, .jstackEnable = jstack};
    return bodyOf<remoting::ConsumerRunningInfo>(api_->invokeSync(
        addr,
        RemotingCommand::createRequest(req::kGetConsumerRunningInfo, remoting::toExtFields(header)),
        timeout_ * 3));
  }
  return Status::NotFound("no broker serves the retry topic of group " + group);
}

Status MQAdminImpl::createAndUpdateSubscriptionGroupConfig(
    const std::string& brokerAddr, const remoting::SubscriptionGroupConfig& config) {
  return statusOf(call(brokerAddr, req::kUpdateAndCreateSubscriptionGroup, {}, config.toJson()));
}

Status MQAdminImpl::deleteSubscriptionGroup(const std::string& brokerAddr, const std::string& group,
                                            bool removeOffset) {
  remoting::DeleteSubscriptionGroupRequestHeader header{
      .groupName = group, .removeOffset = removeOffset, .cleanOffset = removeOffset};
  return statusOf(call(brokerAddr, req::kDeleteSubscriptionGroup, remoting::toExtFields(header)));
}

Result<remoting::SubscriptionGroupWrapper> MQAdminImpl::getAllSubscriptionGroup(
    const std::string& brokerAddr) {
  return bodyOf<remoting::SubscriptionGroupWrapper>(
      call(brokerAddr, req::kGetAllSubscriptionGroupConfig, {}));
}

Result<QueueOffsetTable> MQAdminImpl::resetOffsetByTimestamp(const std::string& topic,
                                                             const std::string& group,
                                                             std::int64_t timestamp, bool force) {
  auto route = examineTopicRouteInfo(topic);
  if (!route.ok()) return route.status();
  QueueOffsetTable result;
  for (const auto& bd : route->brokerDatas) {
    auto it = bd.brokerAddrs.find(0);
    if (it == bd.brokerAddrs.end()) continue;
    const std::string& addr = it->second;
    remoting::ResetOffsetRequestHeader header;
    header.topic = topic;
    header.group = group;
    header.timestamp = timestamp;
    header.isForce = force;
    auto body = bodyOf<remoting::ResetOffsetBody>(
        call(addr, req::kInvokeBrokerToResetOffset, remoting::toExtFields(header)));
    if (body.ok()) {
      result.merge(body->offsetTable);
      continue;
    }
    if (responseCodeOf(body.status()) != rc::kConsumerNotOnline) return body.status();
    // No online consumer: commit the offsets ourselves (mqadmin's old way).
    auto stats = examineConsumeStats(group, topic);
    if (!stats.ok()) return stats.status();
    for (const auto& [mq, progress] : stats->offsetTable) {
      if (mq.brokerName != bd.brokerName) continue;
      auto offset = timestamp < 0
                        ? api_->getMaxOffset(addr, topic, mq.queueId, timeout_)
                        : api_->searchOffset(addr, topic, mq.queueId, timestamp, timeout_);
      if (!offset.ok()) return offset.status();
      if (!force && *offset >= progress.consumerOffset) {
        result[mq] = progress.consumerOffset;
        continue;
      }
      remoting::UpdateConsumerOffsetRequestHeader update;
      update.consumerGroup = group;
      update.topic = topic;
      update.queueId = mq.queueId;
      update.commitOffset = *offset;
      APOGEE_RETURN_IF_ERROR(api_->updateConsumerOffset(addr, update, timeout_));
      result[mq] = *offset;
    }
  }
  return result;
}

Result<MessageExt> MQAdminImpl::viewMessage(const std::string& offsetMsgId) {
  MessageId id;
  try {
    id = decodeMessageId(offsetMsgId);
  } catch (const MQClientException& e) {
    return Status::InvalidArgument("not a message id (offsetMsgId): " + offsetMsgId);
  }
  return api_->viewMessage(id.address, id.offset, timeout_);
}

Result<std::vector<MessageExt>> MQAdminImpl::queryMessage(const std::string& topic,
                                                          const std::string& key,
                                                          std::int32_t maxNum, std::int64_t begin,
                                                          std::int64_t end) {
  auto route = examineTopicRouteInfo(topic);
  if (!route.ok()) return route.status();
  std::vector<MessageExt> out;
  remoting::QueryMessageRequestHeader header{
      .topic = topic, .key = key, .maxNum = maxNum, .beginTimestamp = begin, .endTimestamp = end};
  for (const auto& bd : route->brokerDatas) {
    auto it = bd.brokerAddrs.find(0);
    if (it == bd.brokerAddrs.end()) continue;
    auto response = call(it->second, req::kQueryMessage, remoting::toExtFields(header));
    if (!response.ok()) return response.status();
    if (response->code() == rc::kQueryNotFound) continue;
    if (response->code() != rc::kSuccess) return errorAnswer(*response);
    auto messages = decodeMessages(response->body().flatten(), true);
    if (!messages.ok()) return messages.status();
    for (auto& m : *messages) {
      // The index holds hashes: keep only exact key matches, as Java does.
      const std::string keys = m.getKeys();
      bool match = false;
      std::size_t start = 0;
      while (start <= keys.size()) {
        std::size_t sp = keys.find(' ', start);
        if (sp == std::string::npos) sp = keys.size();
        if (keys.compare(start, sp - start, key) == 0 && sp - start == key.size()) match = true;
        start = sp + 1;
      }
      if (match || m.getMsgId() == key) out.push_back(std::move(m));
    }
  }
  return out;
}

Result<PullResultExt> MQAdminImpl::pull(const std::string& brokerAddr, const std::string& topic,
                                        std::int32_t queueId, std::int64_t offset,
                                        std::int32_t maxNums) {
  remoting::PullMessageRequestHeader header;
  header.consumerGroup = std::string(kToolsConsumerGroup);
  header.topic = topic;
  header.queueId = queueId;
  header.queueOffset = offset;
  header.maxMsgNums = maxNums;
  header.sysFlag = remoting::PullSysFlag::kSubscription;  // no suspend, no commit
  header.subscription = "*";
  header.expressionType = "TAG";
  return api_->pullMessageSync(brokerAddr, header, timeout_);
}

}  // namespace apogee::client
