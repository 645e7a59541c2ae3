#include "client/topic_publish_info.h"

#include <algorithm>
#include <charconv>
#include <random>

#include "client/client_constants.h"
#include "remoting/body/topic_config.h"

namespace apogee::client {
namespace {

std::uint32_t randomStart() {
  thread_local std::mt19937 rng{std::random_device{}()};
  return std::uniform_int_distribution<std::uint32_t>(0, 1u << 30)(rng);
}

}  // namespace

TopicPublishInfo::TopicPublishInfo(std::vector<MessageQueue> queues, bool orderTopic,
                                   remoting::TopicRouteData route)
    : queues_(std::move(queues)),
      order_topic_(orderTopic),
      route_(std::move(route)),
      index_(randomStart()) {}

const MessageQueue& TopicPublishInfo::selectOneMessageQueue() const {
  return queues_[nextIndex() % queues_.size()];
}

const MessageQueue& TopicPublishInfo::selectOneMessageQueue(std::string_view lastBrokerName) const {
  if (lastBrokerName.empty()) return selectOneMessageQueue();
  for (std::size_t i = 0; i < queues_.size(); ++i) {
    const MessageQueue& mq = queues_[nextIndex() % queues_.size()];
    if (mq.getBrokerName() != lastBrokerName) return mq;
  }
  return selectOneMessageQueue();
}

int TopicPublishInfo::getQueueIdByBroker(std::string_view brokerName) const {
  for (const auto& qd : route_.queueDatas) {
    if (qd.brokerName == brokerName) return qd.writeQueueNums;
  }
  return -1;
}

std::shared_ptr<const TopicPublishInfo> toTopicPublishInfo(const std::string& topic,
                                                           const remoting::TopicRouteData& route) {
  std::vector<MessageQueue> queues;
  if (route.orderTopicConf && !route.orderTopicConf->empty()) {
    std::string_view conf = *route.orderTopicConf;
    while (!conf.empty()) {
      const std::size_t end = std::min(conf.find(';'), conf.size());
      const std::string_view item = conf.substr(0, end);
      conf.remove_prefix(std::min(end + 1, conf.size()));
      const std::size_t colon = item.find(':');
      if (colon == std::string_view::npos) continue;
      int nums = 0;
      const std::string_view count = item.substr(colon + 1);
      std::from_chars(count.data(), count.data() + count.size(), nums);
      for (int i = 0; i < nums; ++i)
        queues.emplace_back(topic, std::string(item.substr(0, colon)), i);
    }
    return std::make_shared<const TopicPublishInfo>(std::move(queues), true, route);
  }
  std::vector<remoting::QueueData> sorted = route.queueDatas;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.brokerName < b.brokerName; });
  for (const auto& qd : sorted) {
    if (!remoting::isWriteable(qd.perm)) continue;
    auto broker = std::find_if(route.brokerDatas.begin(), route.brokerDatas.end(),
                               [&](const auto& bd) { return bd.brokerName == qd.brokerName; });
    if (broker == route.brokerDatas.end() || !broker->brokerAddrs.contains(kMasterId)) continue;
    for (int i = 0; i < qd.writeQueueNums; ++i) queues.emplace_back(topic, qd.brokerName, i);
  }
  return std::make_shared<const TopicPublishInfo>(std::move(queues), false, route);
}

std::set<MessageQueue> toTopicSubscribeInfo(const std::string& topic,
                                            const remoting::TopicRouteData& route) {
  std::set<MessageQueue> out;
  for (const auto& qd : route.queueDatas) {
    if (!remoting::isReadable(qd.perm)) continue;
    for (int i = 0; i < qd.readQueueNums; ++i) out.emplace(topic, qd.brokerName, i);
  }
  return out;
}

}  // namespace apogee::client
