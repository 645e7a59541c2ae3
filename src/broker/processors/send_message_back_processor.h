#pragma once

#include <optional>

#include "broker/broker_context.h"
#include "remoting/transport/processor.h"

namespace apogee::broker {

// CONSUMER_SEND_MSG_BACK (36): a consumer could not process a message. The
// broker looks the original up by its commit-log offset and stores a copy in
// %RETRY%<group> with delay level 3 + reconsumeTimes (or the level asked
// for), or in %DLQ%<group> once reconsumeTimes reaches the group's maximum
// or the client asks for it (delayLevel < 0) (rocketmq-protocol.md 5.7).
class SendMessageBackProcessor final : public remoting::RequestProcessor {
 public:
  explicit SendMessageBackProcessor(BrokerContext& broker) : broker_(broker) {}

  std::optional<remoting::RemotingCommand> processRequest(const remoting::RequestContext& ctx,
                                                          remoting::RemotingCommand& request) override;

 private:
  BrokerContext& broker_;
};

}  // namespace apogee::broker
