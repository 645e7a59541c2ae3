#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "apogee/message_queue.h"
#include "client/topic_route_table.h"
#include "common/result.h"

// The queue lookups consumers make through their client instance (the parts
// of RocketMQ's MQAdminImpl and MQClientInstance the consumers use): broker
// addresses for a queue or a topic, queue min/max offsets, offset by time,
// the consumer ids of a group, a topic's readable queues. Each looks the
// broker up in the instance's route table and, on a miss, fetches the
// topic's route once. Blocking (one request, mqClientApiTimeout); call from
// the scheduler or an application thread, never an I/O thread.
namespace apogee::client {

class MQClientInstance;

// "The broker[B] not exist" (NotFound) when the broker has no address.
Result<std::string> findBrokerAddrForAdmin(MQClientInstance& instance, const MessageQueue& mq);
// The master of the queue's broker for offset commits and lookups (any
// address of it when the master is unknown after a route refresh).
Result<FindBrokerResult> findBrokerForOffsets(MQClientInstance& instance, const MessageQueue& mq);

Result<std::int64_t> maxOffset(MQClientInstance& instance, const MessageQueue& mq);
Result<std::int64_t> minOffset(MQClientInstance& instance, const MessageQueue& mq);
// The queue offset of the message stored nearest to `timestampMs`.
Result<std::int64_t> searchOffset(MQClientInstance& instance, const MessageQueue& mq,
                                  std::int64_t timestampMs);
Result<std::int64_t> earliestMsgStoreTime(MQClientInstance& instance, const MessageQueue& mq);

// The readable queues of `topic` from the name server ("Can not find Message
// Queue for this topic, T" when it has none).
Result<std::set<MessageQueue>> fetchSubscribeMessageQueues(MQClientInstance& instance,
                                                           const std::string& topic);

// A broker address of `topic` (a random broker's master, else any of its
// addresses), refreshing the route once on a miss; nullopt when none.
std::optional<std::string> findBrokerAddrByTopic(MQClientInstance& instance,
                                                 const std::string& topic);
// GET_CONSUMER_LIST_BY_GROUP at a broker of `topic`.
Result<std::vector<std::string>> findConsumerIdList(MQClientInstance& instance,
                                                    const std::string& topic,
                                                    const std::string& group);

}  // namespace apogee::client
