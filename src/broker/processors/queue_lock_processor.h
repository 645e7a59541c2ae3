#pragma once

#include <optional>

#include "broker/broker_context.h"
#include "remoting/transport/processor.h"

namespace apogee::broker {

// LOCK_BATCH_MQ (41) and UNLOCK_BATCH_MQ (42): orderly consumers' queue
// locks (part of RocketMQ's AdminBrokerProcessor, RebalanceLockManager).
class QueueLockProcessor final : public remoting::RequestProcessor {
 public:
  explicit QueueLockProcessor(BrokerContext& broker) : broker_(broker) {}

  std::optional<remoting::RemotingCommand> processRequest(const remoting::RequestContext& ctx,
                                                          remoting::RemotingCommand& request) override;

 private:
  BrokerContext& broker_;
};

}  // namespace apogee::broker
