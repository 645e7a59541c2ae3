#pragma once

#include <optional>

#include "broker/broker_context.h"
#include "remoting/transport/processor.h"

namespace apogee::broker {

// UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (200), GET_ALL_SUBSCRIPTIONGROUP_CONFIG
// (201) and DELETE_SUBSCRIPTIONGROUP (207) (part of RocketMQ's
// AdminBrokerProcessor). Every change bumps the table's DataVersion and is
// written to config/subscriptionGroup.json before the answer.
class SubscriptionGroupAdminProcessor final : public remoting::RequestProcessor {
 public:
  explicit SubscriptionGroupAdminProcessor(BrokerContext& broker) : broker_(broker) {}

  std::optional<remoting::RemotingCommand> processRequest(const remoting::RequestContext& ctx,
                                                          remoting::RemotingCommand& request) override;

 private:
  remoting::RemotingCommand updateAndCreate(const remoting::RemotingCommand& request);
  remoting::RemotingCommand getAll();
  remoting::RemotingCommand remove(const remoting::RemotingCommand& request);

  BrokerContext& broker_;
};

}  // namespace apogee::broker
