#include "broker/processors/consume_stats_processor.h"

#include <algorithm>
#include <cctype>

#include "broker/consumer_manager.h"
#include "broker/consumer_offset_manager.h"
#include "broker/processors/response_util.h"
#include "broker/topic_config_manager.h"
#include "common/logging.h"
#include "remoting/body/admin_bodies.h"
#include "remoting/body/java_compat.h"
#include "remoting/body/topic_config.h"
#include "remoting/headers/admin.h"
#include "remoting/headers/topic.h"
#include "remoting/request_code.h"

namespace apogee::broker {

using remoting::RemotingCommand;
namespace rc = remoting::ResponseCode;
namespace code = remoting::RequestCode;

namespace {

bool isBlank(const std::optional<std::string>& s) {
  return !s || std::all_of(s->begin(), s->end(), [](unsigned char c) { return std::isspace(c); });
}

}  // namespace

std::optional<RemotingCommand> ConsumeStatsProcessor::processRequest(const remoting::RequestContext&,
                                                                     RemotingCommand& request) {
  switch (request.code()) {
    case code::kGetTopicStatsInfo: return getTopicStatsInfo(request);
    case code::kGetConsumeStats: return getConsumeStats(request);
    case code::kQueryTopicConsumeByWho: return queryTopicConsumeByWho(request);
    default:
      return requestNotSupported(request.code());
  }
}

RemotingCommand ConsumeStatsProcessor::getTopicStatsInfo(const RemotingCommand& request) {
  auto h = remoting::decodeHeader<remoting::GetTopicStatsInfoRequestHeader>(request.extFields());
  if (!h.ok()) return badHeaderResponse(h.status());
  auto tc = broker_.topics->selectTopicConfig(h->topic);
  if (!tc) return makeResponse(rc::kTopicNotExist, "topic[" + h->topic + "] not exist");

  remoting::TopicStatsTable table;
  // Java walks the write queues here (and the read queues in GET_CONSUME_STATS).
  for (std::int32_t i = 0; i < tc->writeQueueNums; ++i) {
    const QueueId q(i);
    remoting::TopicOffset o;
    o.minOffset = std::max<std::int64_t>(0, broker_.store->getMinOffsetInQueue(h->topic, q).value());
    o.maxOffset = std::max<std::int64_t>(0, broker_.store->getMaxOffsetInQueue(h->topic, q).value());
    if (o.maxOffset > 0) {
      o.lastUpdateTimestamp =
          broker_.store->getMessageStoreTimeStamp(h->topic, q, QueueOffset(o.maxOffset - 1));
    }
    table.offsetTable.emplace(remoting::MessageQueueKey{h->topic, broker_.config.brokerName, i}, o);
  }
  auto response = makeSuccess();
  response.setBody(table.toJson());
  return response;
}

RemotingCommand ConsumeStatsProcessor::getConsumeStats(const RemotingCommand& request) {
  auto h = remoting::decodeHeader<remoting::GetConsumeStatsRequestHeader>(request.extFields());
  if (!h.ok()) return badHeaderResponse(h.status());
  const std::string& group = h->consumerGroup;

  // RocketMQ 4.9.8: without a topic, the topics the group has offsets for
  // (not its subscriptions).
  std::vector<std::string> topics;
  if (isBlank(h->topic)) {
    topics = broker_.offsets->whichTopicByConsumer(group);
  } else {
    topics.push_back(*h->topic);
  }
  const auto online = broker_.consumers->getConsumerGroupInfo(group);

  remoting::ConsumeStats stats;
  for (const auto& topic : topics) {
    auto tc = broker_.topics->selectTopicConfig(topic);
    if (!tc) {
      logger("broker")->warn("consumeStats: topic config of {} does not exist", topic);
      continue;
    }
    // An online group that does not subscribe to the topic (any more) is
    // not reported on it.
    if (online && !online->subscriptionTable.empty() && !online->subscriptionTable.contains(topic)) {
      logger("broker")->warn("consumeStats: group {} does not subscribe to {}", group, topic);
      continue;
    }
    for (std::int32_t i = 0; i < tc->readQueueNums; ++i) {
      const QueueId q(i);
      remoting::OffsetWrapper w;
      w.brokerOffset = std::max<std::int64_t>(0, broker_.store->getMaxOffsetInQueue(topic, q).value());
      w.consumerOffset = std::max<std::int64_t>(0, broker_.offsets->queryOffset(group, topic, i));
      if (w.consumerOffset > 0) {
        const std::int64_t ts =
            broker_.store->getMessageStoreTimeStamp(topic, q, QueueOffset(w.consumerOffset - 1));
        if (ts > 0) w.lastTimestamp = ts;
      }
      stats.offsetTable.emplace(remoting::MessageQueueKey{topic, broker_.config.brokerName, i}, w);
    }
  }
  // consumeTps stays 0: the broker keeps no per-group get rates yet.
  auto response = makeSuccess();
  response.setBody(stats.toJson());
  return response;
}

RemotingCommand ConsumeStatsProcessor::queryTopicConsumeByWho(const RemotingCommand& request) {
  auto h = remoting::decodeHeader<remoting::QueryTopicConsumeByWhoRequestHeader>(request.extFields());
  if (!h.ok()) return badHeaderResponse(h.status());
  std::vector<std::string> groups = broker_.consumers->queryTopicConsumeByWho(h->topic);
  for (auto& g : broker_.offsets->whichGroupByTopic(h->topic)) groups.push_back(std::move(g));
  remoting::GroupList list;
  list.groupList = remoting::javaHashSetOrder(std::move(groups));  // Java: a HashSet
  auto response = makeSuccess();
  response.setBody(list.toJson());
  return response;
}

}  // namespace apogee::broker
