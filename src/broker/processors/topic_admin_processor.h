#pragma once

#include <optional>

#include "broker/broker_context.h"
#include "remoting/transport/processor.h"

namespace apogee::broker {

// UPDATE_AND_CREATE_TOPIC (17), DELETE_TOPIC_IN_BROKER (215) and
// GET_ALL_TOPIC_CONFIG (21) (part of RocketMQ's AdminBrokerProcessor).
// Topic changes bump the DataVersion and trigger a registration with the
// name servers (through the TopicConfigManager's change listener).
class TopicAdminProcessor final : public remoting::RequestProcessor {
 public:
  explicit TopicAdminProcessor(BrokerContext& broker) : broker_(broker) {}

  std::optional<remoting::RemotingCommand> processRequest(const remoting::RequestContext& ctx,
                                                          remoting::RemotingCommand& request) override;

 private:
  remoting::RemotingCommand updateAndCreateTopic(const remoting::RemotingCommand& request);
  remoting::RemotingCommand deleteTopic(const remoting::RemotingCommand& request);
  remoting::RemotingCommand getAllTopicConfig();

  BrokerContext& broker_;
};

}  // namespace apogee::broker
