#include "broker/processors/reset_offset_processor.h"

#include <fmt/format.h>

#include "broker/consumer_manager.h"
#include "broker/consumer_offset_manager.h"
#include "broker/processors/response_util.h"
#include "broker/topic_config_manager.h"
#include "common/logging.h"
#include "remoting/body/offset_bodies.h"
#include "remoting/headers/heartbeat.h"
#include "remoting/request_code.h"
#include "remoting/transport/connection.h"

namespace apogee::broker {

using remoting::RemotingCommand;
namespace rc = remoting::ResponseCode;
namespace code = remoting::RequestCode;

namespace {

// MQVersion ordinal of V3_0_7_SNAPSHOT: older clients cannot take a reset.
constexpr int kResetMinVersion = 28;

}  // namespace

std::optional<RemotingCommand> ResetOffsetProcessor::processRequest(const remoting::RequestContext&,
                                                                    RemotingCommand& request) {
  auto h = remoting::decodeHeader<remoting::ResetOffsetRequestHeader>(request.extFields());
  if (!h.ok()) return badHeaderResponse(h.status());
  const bool for_cpp = request.language() == remoting::LanguageCode::CPP;
  auto log = logger("broker");

  auto tc = broker_.topics->selectTopicConfig(h->topic);
  if (!tc) {
    return makeResponse(rc::kSystemError,
                        "[reset-offset] reset offset failed, no topic in this broker. topic=" + h->topic);
  }

  remoting::ResetOffsetBody body;
  for (std::int32_t i = 0; i < tc->writeQueueNums; ++i) {
    const std::int64_t committed = broker_.offsets->queryOffset(h->group, h->topic, i);
    if (committed == -1) {
      return makeResponse(rc::kSystemError, "THe consumer group <" + h->group + "> not exist");
    }
    const QueueId q(i);
    std::int64_t target = h->timestamp == -1
                              ? broker_.store->getMaxOffsetInQueue(h->topic, q).value()
                              : broker_.store->getOffsetInQueueByTime(h->topic, q, h->timestamp).value();
    if (target < 0) target = 0;
    body.offsetTable.emplace(remoting::MessageQueueKey{h->topic, broker_.config.brokerName, i},
                             h->isForce || target < committed ? target : committed);
  }

  auto group = broker_.consumers->getConsumerGroupInfo(h->group);
  if (!group || group->channels.empty()) {
    return makeResponse(rc::kConsumerNotOnline,
                        fmt::format("Consumer not online, so can not reset offset, Group: {} Topic: {} "
                                    "Timestamp: {}",
                                    h->group, h->topic, h->timestamp));
  }
  for (const auto& [id, c] : group->channels) {
    if (c.version < kResetMinVersion) {
      return makeResponse(rc::kSystemError,
                          "the client does not support this feature. version=" + std::to_string(c.version));
    }
  }

  for (const auto& [mq, offset] : body.offsetTable) {
    broker_.offsets->commitOffset(h->group, h->topic, mq.queueId, offset);
  }

  // Java's request to the consumers carries topic, group and timestamp only;
  // isForce goes out as false.
  remoting::ResetOffsetRequestHeader notice;
  notice.topic = h->topic;
  notice.group = h->group;
  notice.timestamp = h->timestamp;
  std::string notice_body;
  if (for_cpp) {
    remoting::ResetOffsetBodyForC c;
    for (const auto& [mq, offset] : body.offsetTable) {
      c.offsetTable.push_back({mq.brokerName, offset, mq.queueId, mq.topic});
    }
    notice_body = c.toJson();
  } else {
    notice_body = body.toJson();
  }
  for (const auto& [id, c] : group->channels) {
    auto req = RemotingCommand::createRequest(code::kResetConsumerClientOffset,
                                              remoting::toExtFields(notice));
    req.markOneway();
    req.setBody(notice_body);
    Status s = c.channel->invokeOneway(std::move(req));
    if (s.ok()) {
      log->info("[reset-offset] reset offset sent. topic={}, group={}, clientId={}", h->topic, h->group,
                c.clientId);
    } else {
      log->error("[reset-offset] reset offset to {} failed: {}", c.clientId, s.toString());
    }
  }

  // createResponseCommand(null) leaves this remark on Java's success answer.
  auto response = makeResponse(rc::kSuccess, "not set any response code");
  response.setBody(body.toJson());
  return response;
}

}  // namespace apogee::broker
