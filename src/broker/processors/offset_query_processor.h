#pragma once

#include <optional>

#include "broker/broker_context.h"
#include "remoting/transport/processor.h"

namespace apogee::broker {

// Queue offset lookups: SEARCH_OFFSET_BY_TIMESTAMP (29), GET_MAX_OFFSET (30),
// GET_MIN_OFFSET (31), GET_EARLIEST_MSG_STORETIME (32) (part of RocketMQ's
// AdminBrokerProcessor). Answers straight from the store.
class OffsetQueryProcessor final : public remoting::RequestProcessor {
 public:
  explicit OffsetQueryProcessor(BrokerContext& broker) : broker_(broker) {}

  std::optional<remoting::RemotingCommand> processRequest(const remoting::RequestContext& ctx,
                                                          remoting::RemotingCommand& request) override;

 private:
  BrokerContext& broker_;
};

}  // namespace apogee::broker
