#pragma once

#include <string>

#include "broker/broker_config.h"
#include "common/message/host_address.h"
#include "store/delay_levels.h"
#include "store/message_store.h"

namespace apogee::broker {

class TopicConfigManager;
class SubscriptionGroupManager;
class ConsumerOffsetManager;
class ConsumerManager;
class ProducerManager;
class RebalanceLockManager;
class PullRequestHoldService;

// What the processors share: the configuration, the store and the managers.
// Owned by BrokerController, which builds it once the store is running and
// keeps every member alive until the processors are gone.
struct BrokerContext {
  BrokerConfig config;
  store::MessageStore* store = nullptr;
  TopicConfigManager* topics = nullptr;
  SubscriptionGroupManager* groups = nullptr;
  ConsumerOffsetManager* offsets = nullptr;
  ConsumerManager* consumers = nullptr;
  ProducerManager* producers = nullptr;
  RebalanceLockManager* locks = nullptr;
  PullRequestHoldService* hold = nullptr;
  // brokerIP1 and the bound port: the store host of every record, and the
  // address in registrations and offsetMsgIds.
  message::HostAddress storeHost;
  std::string brokerAddr;
  store::DelayLevels delayLevels;
};

}  // namespace apogee::broker
