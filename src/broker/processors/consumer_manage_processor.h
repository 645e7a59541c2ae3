#pragma once

#include <optional>

#include "broker/broker_context.h"
#include "remoting/transport/processor.h"

namespace apogee::broker {

// QUERY_CONSUMER_OFFSET (14), UPDATE_CONSUMER_OFFSET (15) and
// GET_CONSUMER_LIST_BY_GROUP (38) (RocketMQ's ConsumerManageProcessor).
// Runs on the admin executor.
class ConsumerManageProcessor final : public remoting::RequestProcessor {
 public:
  explicit ConsumerManageProcessor(BrokerContext& broker) : broker_(broker) {}

  std::optional<remoting::RemotingCommand> processRequest(const remoting::RequestContext& ctx,
                                                          remoting::RemotingCommand& request) override;

 private:
  remoting::RemotingCommand queryConsumerOffset(const remoting::RemotingCommand& request);
  remoting::RemotingCommand updateConsumerOffset(const remoting::RemotingCommand& request);
  remoting::RemotingCommand getConsumerListByGroup(const remoting::RemotingCommand& request);
  // Whether the first message of a queue is no longer in memory (Java's
  // checkInDiskByConsumeOffset(topic, queue, 0)).
  bool firstMessageInDisk(const std::string& topic, std::int32_t queueId);

  BrokerContext& broker_;
};

}  // namespace apogee::broker
