#include "client/consumer/consumer_support.h"

#include <algorithm>

#include "apogee/mq_client_exception.h"
#include "client/client_constants.h"
#include "client/consumer/local_file_offset_store.h"
#include "client/consumer/remote_broker_offset_store.h"
#include "client/mq_client_instance.h"

namespace apogee::client {

void checkConsumerGroup(const std::string& group) {
  const bool blank = std::all_of(group.begin(), group.end(),
                                 [](char c) { return static_cast<unsigned char>(c) <= ' '; });
  if (blank) throw MQClientException("consumerGroup is null");
  const bool legal = std::all_of(group.begin(), group.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '%' ||
           c == '|' || c == '_' || c == '-';
  });
  if (!legal) {
    throw MQClientException("the specified group[" + group +
                            "] contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$");
  }
  if (group.size() > 255)
    throw MQClientException("the specified group is longer than group max length 255.");
  if (group == kDefaultConsumerGroup) {
    throw MQClientException(
        "consumerGroup can not equal DEFAULT_CONSUMER, please specify another one.");
  }
}

std::shared_ptr<OffsetStore> makeOffsetStore(std::shared_ptr<OffsetStore> custom,
                                             MessageModel model, MQClientInstance& instance,
                                             const std::string& group,
                                             const std::string& localDir) {
  if (custom) return custom;
  if (model == MessageModel::BROADCASTING) {
    return std::make_shared<LocalFileOffsetStore>(localDir, instance.getClientId(), group);
  }
  return std::make_shared<RemoteBrokerOffsetStore>(instance, group);
}

std::shared_ptr<MQClientInstance> registerAndStart(const ClientConfig& config,
                                                   const std::string& group,
                                                   std::shared_ptr<MQConsumerInner> consumer) {
  auto instance = MQClientManager::getInstance().getOrCreateMQClientInstance(config);
  if (Status s = instance->registerConsumer(group, std::move(consumer)); !s.ok()) {
    instance->shutdown();
    throw MQClientException(s.message());
  }
  if (Status s = instance->start(); !s.ok()) {
    instance->unregisterConsumer(group);
    instance->shutdown();
    throw MQClientException(s.message());
  }
  return instance;
}

remoting::SubscriptionData buildSubscriptionOrThrow(const std::string& wireTopic,
                                                    const std::string& subExpression) {
  if (wireTopic.empty()) throw MQClientException("Topic can not be null or empty.");
  auto sub = remoting::buildSubscriptionData(wireTopic, subExpression);
  if (!sub.ok()) throw MQClientException("subscribe exception: " + sub.status().message());
  return std::move(sub).value();
}

void applyNewSubscription(MQClientInstance& instance, const std::string& wireTopic) {
  (void)instance.updateTopicRouteInfoFromNameServer(wireTopic);
  instance.sendHeartbeatToAllBrokers();
  instance.rebalanceImmediately();
}

void throwNotRunning(const char* what) {
  throw MQClientException(std::string("The consumer service state not OK, ") + what);
}

void resetTopic(PullResult& result, const ClientConfig& config) {
  if (config.getNamespace().empty()) return;
  for (auto& msg : result.mutableMsgFoundList())
    msg.setTopic(config.withoutNamespace(msg.getTopic()));
}

}  // namespace apogee::client
