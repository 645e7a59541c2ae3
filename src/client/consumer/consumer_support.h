#pragma once

#include <memory>
#include <string>

#include "apogee/client_config.h"
#include "apogee/consumer_types.h"
#include "apogee/offset_store.h"
#include "apogee/pull_result.h"
#include "common/result.h"
#include "remoting/body/heartbeat.h"

// Pieces every consumer's start/shutdown and public API share.
namespace apogee::client {

class MQClientInstance;
class MQConsumerInner;

// RocketMQ's Validators.checkGroup plus the DEFAULT_CONSUMER rule; throws
// MQClientException.
void checkConsumerGroup(const std::string& group);

// The user's store, else a LocalFileOffsetStore (broadcasting, under
// `localDir`) or a RemoteBrokerOffsetStore (clustering).
std::shared_ptr<OffsetStore> makeOffsetStore(std::shared_ptr<OffsetStore> custom,
                                             MessageModel model, MQClientInstance& instance,
                                             const std::string& group, const std::string& localDir);

// Gets the instance for `config`, registers `consumer` under `group` and
// starts the instance. Throws MQClientException (releasing the instance).
std::shared_ptr<MQClientInstance> registerAndStart(const ClientConfig& config,
                                                   const std::string& group,
                                                   std::shared_ptr<MQConsumerInner> consumer);

// A subscribe() call's SubscriptionData for `wireTopic`; throws
// MQClientException for a bad topic or expression.
remoting::SubscriptionData buildSubscriptionOrThrow(const std::string& wireTopic,
                                                    const std::string& subExpression);
// After subscribing while running: fetch the topic's route, tell the brokers
// (heartbeat) and rebalance at once.
void applyNewSubscription(MQClientInstance& instance, const std::string& wireTopic);

// The value of `r`, or the public exception for its status.
template <typename T>
T valueOrThrow(Result<T> r);

// "The consumer not running, please start it first." style failure.
[[noreturn]] void throwNotRunning(const char* what);

// Strips the namespace from the topics of pulled messages.
void resetTopic(PullResult& result, const ClientConfig& config);

}  // namespace apogee::client

#include "client/client_error.h"

template <typename T>
T apogee::client::valueOrThrow(Result<T> r) {
  if (!r.ok()) throwStatus(r.status());
  return std::move(r).value();
}
