#pragma once

#include <optional>

#include "broker/broker_context.h"
#include "remoting/transport/processor.h"

namespace apogee::broker {

// The read-only progress queries of the admin tools (part of RocketMQ's
// AdminBrokerProcessor):
//   GET_TOPIC_STATS_INFO (202): min/max offset and last store time per queue;
//   GET_CONSUME_STATS (208): a group's committed offset against the queue's
//     max offset, for one topic or every topic it has offsets for;
//   QUERY_TOPIC_CONSUME_BY_WHO (300): groups that subscribe to a topic or
//     have offsets for it.
// Stateless; reads the store and the managers.
class ConsumeStatsProcessor final : public remoting::RequestProcessor {
 public:
  explicit ConsumeStatsProcessor(BrokerContext& broker) : broker_(broker) {}

  std::optional<remoting::RemotingCommand> processRequest(const remoting::RequestContext& ctx,
                                                          remoting::RemotingCommand& request) override;

 private:
  remoting::RemotingCommand getTopicStatsInfo(const remoting::RemotingCommand& request);
  remoting::RemotingCommand getConsumeStats(const remoting::RemotingCommand& request);
  remoting::RemotingCommand queryTopicConsumeByWho(const remoting::RemotingCommand& request);

  BrokerContext& broker_;
};

}  // namespace apogee::broker
