#include "client/consumer/mq_admin.h"

#include <random>

#include "client/client_constants.h"
#include "client/mq_client_instance.h"
#include "client/topic_publish_info.h"

namespace apogee::client {
namespace {

Status brokerNotExist(const MessageQueue& mq) {
  return Status::NotFound("The broker[" + mq.getBrokerName() + "] not exist");
}

std::size_t randomIndex(std::size_t n) {
  thread_local std::minstd_rand rng{std::random_device{}()};
  return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
}

}  // namespace

Result<std::string> findBrokerAddrForAdmin(MQClientInstance& instance, const MessageQueue& mq) {
  std::string addr = instance.findBrokerAddressInPublish(mq.getBrokerName());
  if (addr.empty()) {
    (void)instance.updateTopicRouteInfoFromNameServer(mq.getTopic());
    addr = instance.findBrokerAddressInPublish(mq.getBrokerName());
  }
  if (addr.empty()) return brokerNotExist(mq);
  return addr;
}

Result<FindBrokerResult> findBrokerForOffsets(MQClientInstance& instance, const MessageQueue& mq) {
  auto found = instance.findBrokerAddressInSubscribe(mq.getBrokerName(), kMasterId, true);
  if (!found) {
    (void)instance.updateTopicRouteInfoFromNameServer(mq.getTopic());
    found = instance.findBrokerAddressInSubscribe(mq.getBrokerName(), kMasterId, false);
  }
  if (!found) return brokerNotExist(mq);
  return *found;
}

Result<std::int64_t> maxOffset(MQClientInstance& instance, const MessageQueue& mq) {
  auto addr = findBrokerAddrForAdmin(instance, mq);
  if (!addr.ok()) return addr.status();
  return instance.getMQClientAPIImpl().getMaxOffset(*addr, mq.getTopic(), mq.getQueueId(),
                                                    instance.getConfig().getMqClientApiTimeout());
}

Result<std::int64_t> minOffset(MQClientInstance& instance, const MessageQueue& mq) {
  auto addr = findBrokerAddrForAdmin(instance, mq);
  if (!addr.ok()) return addr.status();
  return instance.getMQClientAPIImpl().getMinOffset(*addr, mq.getTopic(), mq.getQueueId(),
                                                    instance.getConfig().getMqClientApiTimeout());
}

Result<std::int64_t> searchOffset(MQClientInstance& instance, const MessageQueue& mq,
                                  std::int64_t timestampMs) {
  auto addr = findBrokerAddrForAdmin(instance, mq);
  if (!addr.ok()) return addr.status();
  return instance.getMQClientAPIImpl().searchOffset(*addr, mq.getTopic(), mq.getQueueId(),
                                                    timestampMs,
                                                    instance.getConfig().getMqClientApiTimeout());
}

Result<std::int64_t> earliestMsgStoreTime(MQClientInstance& instance, const MessageQueue& mq) {
  auto addr = findBrokerAddrForAdmin(instance, mq);
  if (!addr.ok()) return addr.status();
  return instance.getMQClientAPIImpl().getEarliestMsgStoretime(
      *addr, mq.getTopic(), mq.getQueueId(), instance.getConfig().getMqClientApiTimeout());
}

Result<std::set<MessageQueue>> fetchSubscribeMessageQueues(MQClientInstance& instance,
                                                           const std::string& topic) {
  auto route = instance.getMQClientAPIImpl().getTopicRouteInfoFromNameServer(
      topic, instance.getConfig().getMqClientApiTimeout());
  if (route.ok()) {
    auto queues = toTopicSubscribeInfo(topic, *route);
    if (!queues.empty()) return queues;
  }
  return Status::NotFound("Can not find Message Queue for this topic, " + topic +
                          (route.ok() ? " Namesrv return empty" : ": " + route.status().message()));
}

std::optional<std::string> findBrokerAddrByTopic(MQClientInstance& instance,
                                                 const std::string& topic) {
  auto pick = [&]() -> std::optional<std::string> {
    auto route = instance.routeTable().route(topic);
    if (!route || route->brokerDatas.empty()) return std::nullopt;
    const auto& broker = route->brokerDatas[randomIndex(route->brokerDatas.size())];
    if (broker.brokerAddrs.empty()) return std::nullopt;
    auto master = broker.brokerAddrs.find(kMasterId);
    if (master != broker.brokerAddrs.end()) return master->second;
    auto it = broker.brokerAddrs.begin();
    std::advance(it, static_cast<long>(randomIndex(broker.brokerAddrs.size())));
    return it->second;
  };
  auto addr = pick();
  if (!addr) {
    (void)instance.updateTopicRouteInfoFromNameServer(topic);
    addr = pick();
  }
  return addr;
}

Result<std::vector<std::string>> findConsumerIdList(MQClientInstance& instance,
                                                    const std::string& topic,
                                                    const std::string& group) {
  auto addr = findBrokerAddrByTopic(instance, topic);
  if (!addr) return Status::NotFound("no broker address for topic " + topic);
  return instance.getMQClientAPIImpl().getConsumerIdListByGroup(
      *addr, group, instance.getConfig().getMqClientApiTimeout());
}

}  // namespace apogee::client
