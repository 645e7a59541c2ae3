#include "broker/processors/topic_admin_processor.h"

#include "broker/consumer_offset_manager.h"
#include "broker/processors/response_util.h"
#include "broker/topic_config_manager.h"
#include "broker/topic_validator.h"
#include "common/logging.h"
#include "remoting/headers/topic.h"
#include "remoting/request_code.h"
#include "remoting/response_code.h"

namespace apogee::broker {

using remoting::RemotingCommand;
namespace rc = remoting::ResponseCode;
namespace code = remoting::RequestCode;

std::optional<RemotingCommand> TopicAdminProcessor::processRequest(const remoting::RequestContext&,
                                                                   RemotingCommand& request) {
  switch (request.code()) {
    case code::kUpdateAndCreateTopic: return updateAndCreateTopic(request);
    case code::kDeleteTopicInBroker: return deleteTopic(request);
    case code::kGetAllTopicConfig: return getAllTopicConfig();
    default:
      return makeResponse(rc::kRequestCodeNotSupported,
                          " request type " + std::to_string(request.code()) + " not supported");
  }
}

RemotingCommand TopicAdminProcessor::updateAndCreateTopic(const RemotingCommand& request) {
  auto h = remoting::decodeHeader<remoting::CreateTopicRequestHeader>(request.extFields());
  if (!h.ok()) return badHeaderResponse(h.status());
  if (h->topic == broker_.config.brokerClusterName) {
    return makeResponse(rc::kSystemError,
                        "the topic[" + h->topic + "] is conflict with system reserved words.");
  }
  if (auto bad = validateTopicName(h->topic)) return makeResponse(rc::kSystemError, *bad);
  if (h->readQueueNums < 0 || h->writeQueueNums < 0 || h->perm < 0 || h->perm > 0xF) {
    return makeResponse(rc::kSystemError, "invalid queue numbers or perm for topic " + h->topic);
  }
  remoting::TopicConfig tc;
  tc.topicName = h->topic;
  tc.readQueueNums = h->readQueueNums;
  tc.writeQueueNums = h->writeQueueNums;
  tc.perm = h->perm;
  tc.order = h->order;
  tc.topicSysFlag = h->topicSysFlag.value_or(0);
  if (!remoting::fromJavaName(h->topicFilterType, tc.topicFilterType)) {
    tc.topicFilterType = remoting::TopicFilterType::SINGLE_TAG;
  }
  Status s = broker_.topics->updateTopicConfig(tc);
  if (!s.ok()) return makeResponse(rc::kSystemError, "persisting topic config: " + s.message());
  return makeSuccess();
}

RemotingCommand TopicAdminProcessor::deleteTopic(const RemotingCommand& request) {
  auto h = remoting::decodeHeader<remoting::DeleteTopicRequestHeader>(request.extFields());
  if (!h.ok()) return badHeaderResponse(h.status());
  broker_.topics->deleteTopicConfig(h->topic);
  broker_.offsets->cleanOffsetByTopic(h->topic);
  // As RocketMQ's cleanUnusedTopic: the queues go with the config.
  if (Status s = broker_.store->deleteTopic(h->topic); !s.ok()) {
    return makeResponse(rc::kSystemError, "deleting the queues of " + h->topic + ": " + s.message());
  }
  return makeSuccess();
}

RemotingCommand TopicAdminProcessor::getAllTopicConfig() {
  auto response = makeSuccess();
  response.setBody(broker_.topics->snapshot().toJson());
  return response;
}

}  // namespace apogee::broker
