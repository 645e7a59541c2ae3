#include "broker/processors/pull_message_processor.h"

#include <algorithm>

#include "broker/client_channel_info.h"
#include "broker/consumer_manager.h"
#include "broker/consumer_offset_manager.h"
#include "broker/processors/response_util.h"
#include "broker/pull_request_hold_service.h"
#include "broker/subscription_group_manager.h"
#include "broker/topic_config_manager.h"
#include "common/logging.h"
#include "remoting/body/heartbeat.h"
#include "remoting/response_code.h"
#include "remoting/transport/connection.h"
#include "store/message_filter.h"

namespace apogee::broker {

using remoting::RemotingCommand;
namespace rc = remoting::ResponseCode;
using store::GetMessageStatus;

PullOutcome mapGetMessageResult(const store::GetMessageResult& result, std::int64_t request_offset) {
  PullOutcome out;
  out.nextBeginOffset = result.nextBeginOffset.value();
  switch (result.status) {
    case GetMessageStatus::kFound: out.code = rc::kSuccess; break;
    case GetMessageStatus::kMessageWasRemoving:
    case GetMessageStatus::kNoMatchedMessage: out.code = rc::kPullRetryImmediately; break;
    case GetMessageStatus::kNoMatchedLogicQueue:
    case GetMessageStatus::kNoMessageInQueue:
      out.code = request_offset != 0 ? rc::kPullOffsetMoved : rc::kPullNotFound;
      out.nextBeginOffset = 0;
      break;
    case GetMessageStatus::kOffsetFoundNull:
    case GetMessageStatus::kOffsetOverflowOne: out.code = rc::kPullNotFound; break;
    case GetMessageStatus::kOffsetOverflowBadly:
    case GetMessageStatus::kOffsetTooSmall: out.code = rc::kPullOffsetMoved; break;
  }
  return out;
}

std::optional<RemotingCommand> PullMessageProcessor::process(const remoting::RequestContext& ctx,
                                                             const RemotingCommand& request,
                                                             bool allow_suspend) {
  auto decoded = remoting::decodeHeader<remoting::PullMessageRequestHeader>(request.extFields());
  if (!decoded.ok()) return badHeaderResponse(decoded.status());
  const auto& h = *decoded;
  const auto& cfg = broker_.config;

  if (!remoting::isReadable(cfg.brokerPermission)) {
    return makeResponse(rc::kNoPermission,
                        "the broker[" + cfg.brokerIP1 + "] pulling message is forbidden");
  }
  auto group = broker_.groups->findSubscriptionGroupConfig(h.consumerGroup);
  if (!group) {
    return makeResponse(rc::kSubscriptionGroupNotExist,
                        "subscription group [" + h.consumerGroup + "] does not exist");
  }
  if (!group->consumeEnable) {
    return makeResponse(rc::kNoPermission, "subscription group no permission, " + h.consumerGroup);
  }
  const bool has_suspend = remoting::PullSysFlag::hasSuspend(h.sysFlag);
  const bool has_commit = remoting::PullSysFlag::hasCommitOffset(h.sysFlag);
  const bool has_subscription = remoting::PullSysFlag::hasSubscription(h.sysFlag);

  auto tc = broker_.topics->selectTopicConfig(h.topic);
  if (!tc) {
    return makeResponse(rc::kTopicNotExist, "topic[" + h.topic + "] not exist, apply first please!");
  }
  if (!remoting::isReadable(tc->perm)) {
    return makeResponse(rc::kNoPermission, "the topic[" + h.topic + "] pulling message is forbidden");
  }
  if (h.queueId < 0 || h.queueId >= tc->readQueueNums) {
    return makeResponse(rc::kSystemError,
                        "queueId[" + std::to_string(h.queueId) + "] is illegal, topic:[" + h.topic +
                            "] topicConfig.readQueueNums:[" + std::to_string(tc->readQueueNums) +
                            "] consumer:[" + (ctx.channel() ? ctx.channel()->remoteAddress() : "") +
                            "]");
  }

  // The subscription: from the header, or the one registered by heartbeat.
  std::string expression;
  std::string expression_type{remoting::kExpressionTypeTag};
  if (has_subscription) {
    expression = h.subscription.value_or("*");
    expression_type = h.expressionType.value_or(std::string(remoting::kExpressionTypeTag));
    auto built = remoting::buildSubscriptionData(h.topic, expression, expression_type, h.subVersion);
    if (!built.ok()) {
      return makeResponse(rc::kSubscriptionParseFailed,
                          "parse the consumer's subscription failed: " + built.status().message());
    }
  } else {
    auto info = broker_.consumers->getConsumerGroupInfo(h.consumerGroup);
    if (!info) return makeResponse(rc::kSubscriptionNotExist, "the consumer's group info not exist");
    if (!group->consumeBroadcastEnable &&
        info->messageModel == remoting::MessageModel::BROADCASTING) {
      return makeResponse(rc::kNoPermission,
                          "the consumer group[" + h.consumerGroup +
                              "] can not consume by broadcast way");
    }
    auto it = info->subscriptionTable.find(h.topic);
    if (it == info->subscriptionTable.end()) {
      return makeResponse(rc::kSubscriptionNotExist, "the consumer's subscription not exist");
    }
    if (it->second.subVersion < h.subVersion) {
      return makeResponse(rc::kSubscriptionNotLatest, "the consumer's subscription not latest");
    }
    expression = it->second.subString;
    expression_type = it->second.expressionType;
  }
  if (expression_type != remoting::kExpressionTypeTag) {
    return makeResponse(rc::kSystemError,
                        "The broker does not support consumer to filter message by " +
                            expression_type);
  }

  auto filter = std::make_shared<store::TagFilter>(store::TagFilter::fromExpression(expression));
  auto got = broker_.store->getMessage(h.consumerGroup, h.topic, QueueId(h.queueId),
                                       QueueOffset(h.queueOffset), h.maxMsgNums,
                                       filter->matchesAll() ? nullptr : filter.get());
  if (!got.ok()) {
    return makeResponse(rc::kSystemError, "store getMessage failed: " + got.status().message());
  }
  auto& result = *got;
  const PullOutcome outcome = mapGetMessageResult(result, h.queueOffset);

  remoting::PullMessageResponseHeader rh;
  rh.suggestWhichBrokerId = 0;
  rh.nextBeginOffset = outcome.nextBeginOffset;
  rh.minOffset = result.minOffset.value();
  rh.maxOffset = result.maxOffset.value();
  RemotingCommand response = makeResponse(
      outcome.code, std::string(store::getMessageStatusName(result.status)));
  response.setExtFields(remoting::toExtFields(rh));

  std::optional<RemotingCommand> answer;
  if (outcome.code == rc::kSuccess) {
    std::vector<std::string_view> pieces;
    pieces.reserve(result.messages.size());
    for (const auto& m : result.messages) pieces.push_back(m.bytes);
    // The owner keeps every segment the views point into mapped.
    auto owner = std::make_shared<std::vector<store::MessageBytes>>(std::move(result.messages));
    response.setBody(remoting::Payload(std::move(pieces), std::move(owner)));
    answer = std::move(response);
  } else if (outcome.code == rc::kPullNotFound && allow_suspend && has_suspend) {
    // Clamped so that a hostile value cannot overflow the deadline.
    constexpr std::int64_t kMaxHoldMillis = 24LL * 3600 * 1000;
    std::int64_t hold_ms = std::clamp<std::int64_t>(h.suspendTimeoutMillis, 0, kMaxHoldMillis);
    if (!cfg.longPollingEnable) hold_ms = cfg.shortPollingTime.count();
    PullRequest held{request, ctx, h.queueOffset, steadyMillis() + hold_ms,
                     filter->matchesAll() ? nullptr : filter};
    broker_.hold->suspendPullRequest(h.topic, h.queueId, std::move(held));
  } else {
    answer = std::move(response);
  }

  // The commit offset rides along on the first run of a request only, and
  // only forward (RocketMQ also lets it move back, so a pull processed after
  // a newer UPDATE_CONSUMER_OFFSET would undo it).
  if (allow_suspend && has_commit && cfg.brokerId == 0 && h.commitOffset >= 0) {
    broker_.offsets->commitOffsetForward(h.consumerGroup, h.topic, h.queueId, h.commitOffset);
  }
  return answer;
}

void PullMessageProcessor::replay(PullRequest& request) {
  std::optional<RemotingCommand> response;
  try {
    response = process(request.ctx, request.request, false);
  } catch (const std::exception& e) {
    response = makeResponse(rc::kSystemError, e.what());
  }
  if (!response) return;
  Status s = request.ctx.reply(std::move(*response));
  if (!s.ok()) logger("broker")->debug("answering a held pull: {}", s.toString());
}

void PullMessageProcessor::executeRequestWhenWakeup(PullRequest request) {
  auto shared = std::make_shared<PullRequest>(std::move(request));
  Executor::Task task = [this, shared] { replay(*shared); };
  if (!executor_ || !executor_->tryExecute(task)) replay(*shared);
}

}  // namespace apogee::broker
