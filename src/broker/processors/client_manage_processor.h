#pragma once

#include <optional>

#include "broker/broker_context.h"
#include "remoting/transport/processor.h"

namespace apogee::broker {

// HEART_BEAT (34) and UNREGISTER_CLIENT (35) (RocketMQ's
// ClientManageProcessor): records each client's producer and consumer
// groups per connection, creates the group config and its %RETRY% topic,
// and lets the ConsumerManager notify group members of changes.
class ClientManageProcessor final : public remoting::RequestProcessor {
 public:
  explicit ClientManageProcessor(BrokerContext& broker) : broker_(broker) {}

  std::optional<remoting::RemotingCommand> processRequest(const remoting::RequestContext& ctx,
                                                          remoting::RemotingCommand& request) override;

 private:
  remoting::RemotingCommand heartBeat(const remoting::RequestContext& ctx,
                                      const remoting::RemotingCommand& request);
  remoting::RemotingCommand unregisterClient(const remoting::RequestContext& ctx,
                                             const remoting::RemotingCommand& request);

  BrokerContext& broker_;
};

}  // namespace apogee::broker
