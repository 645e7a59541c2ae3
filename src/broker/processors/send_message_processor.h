#pragma once

#include <optional>
#include <variant>

#include "broker/broker_context.h"
#include "remoting/body/topic_config.h"
#include "remoting/headers/send.h"
#include "remoting/transport/processor.h"
#include "store/put_message.h"

namespace apogee::broker {

// SEND_MESSAGE (10), SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE (320)
// (RocketMQ's SendMessageProcessor): checks the topic (creating it from the
// default topic when allowed), routes retry sends past their limit to the
// dead-letter topic, moves delayed messages to the schedule topic, stores,
// and answers with the offsetMsgId, queue and offset.
//
// Runs on the send executor; holds no lock of its own (the managers and the
// store lock internally).
class SendMessageProcessor final : public remoting::RequestProcessor {
 public:
  explicit SendMessageProcessor(BrokerContext& broker) : broker_(broker) {}

  std::optional<remoting::RemotingCommand> processRequest(const remoting::RequestContext& ctx,
                                                          remoting::RemotingCommand& request) override;

 private:
  using CheckResult = std::variant<remoting::TopicConfig, remoting::RemotingCommand>;

  remoting::RemotingCommand sendMessage(const remoting::RequestContext& ctx,
                                        const remoting::RemotingCommand& request,
                                        const remoting::SendMessageRequestHeader& header);
  remoting::RemotingCommand sendBatchMessage(const remoting::RequestContext& ctx,
                                             const remoting::RemotingCommand& request,
                                             const remoting::SendMessageRequestHeader& header);
  // Broker and topic checks common to both (Java's msgCheck).
  CheckResult msgCheck(const remoting::RequestContext& ctx,
                       const remoting::SendMessageRequestHeader& header);
  // The answer for a put result (Java's handlePutMessageResult).
  remoting::RemotingCommand putResultResponse(const store::PutMessageResult& result,
                                              std::int32_t queueId, std::string msg_id);

  BrokerContext& broker_;
};

}  // namespace apogee::broker
