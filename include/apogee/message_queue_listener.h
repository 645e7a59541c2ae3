#pragma once

#include <functional>
#include <set>
#include <string>

#include "apogee/message_queue.h"

namespace apogee {

// Told when a rebalance changed the queues this consumer holds of `topic`
// (RocketMQ's MessageQueueListener): `mqAll` are all the topic's queues,
// `mqDivided` those now assigned to this consumer. Runs on the client's
// scheduler thread; must not block for long.
using MessageQueueListener =
    std::function<void(const std::string& topic, const std::set<MessageQueue>& mqAll,
                       const std::set<MessageQueue>& mqDivided)>;

}  // namespace apogee
