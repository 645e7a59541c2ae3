#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "broker/broker_context.h"
#include "remoting/transport/processor.h"

namespace apogee::broker {

// Who is connected, and asking them (part of RocketMQ's AdminBrokerProcessor):
//   GET_CONSUMER_CONNECTION_LIST (203): a consumer group's connections and
//     subscriptions, CONSUMER_NOT_ONLINE (206) when it has none;
//   GET_PRODUCER_CONNECTION_LIST (204): a producer group's connections;
//   GET_CONSUMER_RUNNING_INFO (307): relayed to the consumer connection with
//     that client id; its answer (code, remark, header, body) goes back to
//     the admin as it is. The relay is asynchronous: no thread waits for the
//     consumer. SYSTEM_ERROR when the client is not connected or the
//     connection fails, CONSUME_MSG_TIMEOUT (207) when it does not answer
//     within `relayTimeout` (Java: 10 s).
//   CONSUME_MESSAGE_DIRECTLY (309, mqadmin consumeMessage): the message named
//     by msgId (an offsetMsgId) is read from the store and relayed as the
//     body, with brokerName set to this broker's, the same way as 307;
//     SYSTEM_ERROR when the msgId is not ours or not a message.
class ConnectionAdminProcessor final : public remoting::RequestProcessor {
 public:
  explicit ConnectionAdminProcessor(BrokerContext& broker,
                                    std::chrono::milliseconds relayTimeout = std::chrono::seconds(10))
      : broker_(broker), relay_timeout_(relayTimeout) {}

  std::optional<remoting::RemotingCommand> processRequest(const remoting::RequestContext& ctx,
                                                          remoting::RemotingCommand& request) override;

 private:
  remoting::RemotingCommand getConsumerConnectionList(const remoting::RemotingCommand& request);
  remoting::RemotingCommand getProducerConnectionList(const remoting::RemotingCommand& request);
  std::optional<remoting::RemotingCommand> getConsumerRunningInfo(const remoting::RequestContext& ctx,
                                                                  remoting::RemotingCommand& request);
  std::optional<remoting::RemotingCommand> consumeMessageDirectly(const remoting::RequestContext& ctx,
                                                                  remoting::RemotingCommand& request);
  // Sends `request` (code, header, body) to the client `client_id` of
  // `group` and answers `ctx` with the client's response when it comes.
  std::optional<remoting::RemotingCommand> relayToConsumer(const remoting::RequestContext& ctx,
                                                           const remoting::RemotingCommand& request,
                                                           const std::string& group,
                                                           const std::string& client_id);

  BrokerContext& broker_;
  const std::chrono::milliseconds relay_timeout_;
};

}  // namespace apogee::broker
