#pragma once

#include <optional>

#include "broker/broker_context.h"
#include "remoting/transport/processor.h"

namespace apogee::broker {

// INVOKE_BROKER_TO_RESET_OFFSET (222), admin -> broker (RocketMQ's
// Broker2Client.resetOffset).
//
// For each write queue of the topic the broker finds the offset of
// `timestamp` (the queue's max offset for -1) and takes it when `isForce` is
// set or when it is below the group's committed offset; otherwise the
// committed offset stays. Every queue needs a committed offset, else
// SYSTEM_ERROR "THe consumer group <g> not exist" (Java's spelling). With at
// least one consumer of the group online, the broker commits the new offsets
// (a 4.9.8 broker leaves that to the consumers), sends each consumer a
// oneway RESET_CONSUMER_CLIENT_OFFSET (220) carrying them (ResetOffsetBody,
// or ResetOffsetBodyForC when the admin request came from a CPP client, as
// Java does) and answers SUCCESS with the same ResetOffsetBody. With none
// online: CONSUMER_NOT_ONLINE (206), nothing changed; mqadmin then falls
// back to committing offsets itself.
class ResetOffsetProcessor final : public remoting::RequestProcessor {
 public:
  explicit ResetOffsetProcessor(BrokerContext& broker) : broker_(broker) {}

  std::optional<remoting::RemotingCommand> processRequest(const remoting::RequestContext& ctx,
                                                          remoting::RemotingCommand& request) override;

 private:
  BrokerContext& broker_;
};

}  // namespace apogee::broker
