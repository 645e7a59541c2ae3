#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "apogee/message_queue.h"
#include "remoting/body/route.h"

namespace apogee::client {

// Where a producer can send one topic's messages (RocketMQ's
// TopicPublishInfo): the writable queues of the brokers that have a master,
// in route order. Immutable once built except for the round-robin index;
// shared between threads through shared_ptr<const TopicPublishInfo>.
class TopicPublishInfo {
 public:
  TopicPublishInfo() = default;
  TopicPublishInfo(std::vector<MessageQueue> queues, bool orderTopic,
                   remoting::TopicRouteData route);

  // At least one queue to send to.
  bool ok() const noexcept { return !queues_.empty(); }
  bool isOrderTopic() const noexcept { return order_topic_; }
  const std::vector<MessageQueue>& getMessageQueueList() const noexcept { return queues_; }
  const remoting::TopicRouteData& getTopicRouteData() const noexcept { return route_; }

  // The next queue round robin (the index starts at a random value, as
  // RocketMQ's ThreadLocalIndex does). Requires ok().
  const MessageQueue& selectOneMessageQueue() const;
  // The next queue round robin that is not on `lastBrokerName`, if there is
  // one; else the next queue. An empty name means no preference.
  const MessageQueue& selectOneMessageQueue(std::string_view lastBrokerName) const;
  // Writable queue count of `brokerName` in the route, -1 when absent.
  int getQueueIdByBroker(std::string_view brokerName) const;
  // Advances the round-robin index and returns it (fault strategy).
  std::uint32_t nextIndex() const { return index_.fetch_add(1, std::memory_order_relaxed) + 1; }

 private:
  std::vector<MessageQueue> queues_;
  bool order_topic_ = false;
  remoting::TopicRouteData route_;
  mutable std::atomic<std::uint32_t> index_;
};

// RocketMQ's topicRouteData2TopicPublishInfo. With orderTopicConf
// ("brokerA:4;brokerB:4") the queues are exactly those, in that order, and
// the topic is ordered. Otherwise, for the queue data sorted by broker name,
// every writable one whose broker has a master (id 0) address contributes
// queues 0..writeQueueNums-1.
std::shared_ptr<const TopicPublishInfo> toTopicPublishInfo(const std::string& topic,
                                                           const remoting::TopicRouteData& route);

// RocketMQ's topicRouteData2TopicSubscribeInfo: queues 0..readQueueNums-1 of
// every readable queue data.
std::set<MessageQueue> toTopicSubscribeInfo(const std::string& topic,
                                            const remoting::TopicRouteData& route);

}  // namespace apogee::client
