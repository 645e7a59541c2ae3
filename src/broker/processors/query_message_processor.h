#pragma once

#include <optional>

#include "broker/broker_context.h"
#include "remoting/transport/processor.h"

namespace apogee::broker {

// VIEW_MESSAGE_BY_ID (33) and QUERY_MESSAGE (12) (RocketMQ's
// QueryMessageProcessor): one message by commit-log offset, or the messages
// of a topic indexed under a key. Bodies are views into the store's segments.
class QueryMessageProcessor final : public remoting::RequestProcessor {
 public:
  explicit QueryMessageProcessor(BrokerContext& broker) : broker_(broker) {}

  std::optional<remoting::RemotingCommand> processRequest(const remoting::RequestContext& ctx,
                                                          remoting::RemotingCommand& request) override;

 private:
  remoting::RemotingCommand viewMessageById(const remoting::RemotingCommand& request);
  remoting::RemotingCommand queryMessage(const remoting::RemotingCommand& request);

  BrokerContext& broker_;
};

}  // namespace apogee::broker
