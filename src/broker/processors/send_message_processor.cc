#include "broker/processors/send_message_processor.h"

#include <random>

#include "broker/message_rewrite.h"
#include "broker/processors/batch_decoder.h"
#include "broker/processors/response_util.h"
#include "broker/subscription_group_manager.h"
#include "broker/topic_config_manager.h"
#include "broker/topic_validator.h"
#include "common/logging.h"
#include "common/message/message_id.h"
#include "common/message/properties.h"
#include "remoting/request_code.h"
#include "remoting/response_code.h"
#include "remoting/transport/connection.h"

namespace apogee::broker {

using remoting::RemotingCommand;
namespace rc = remoting::ResponseCode;

namespace {

// Version from which a retry send's maxReconsumeTimes header is honoured.
constexpr int kVersionV3_4_9 = 121;
constexpr std::int32_t kMultiTagsFlag = 0x2;

std::int32_t randomQueue(std::int32_t n) {
  thread_local std::minstd_rand rng(std::random_device{}());
  return static_cast<std::int32_t>(rng() % static_cast<std::uint32_t>(n));
}

message::HostAddress peerAddress(const remoting::RequestContext& ctx) {
  if (ctx.channel()) {
    auto parsed = message::HostAddress::parse(ctx.channel()->remoteAddress());
    if (parsed.ok()) return *parsed;
  }
  return message::HostAddress::ipv4(127, 0, 0, 1, 0);
}

}  // namespace

std::optional<RemotingCommand> SendMessageProcessor::processRequest(
    const remoting::RequestContext& ctx, RemotingCommand& request) {
  remoting::SendMessageRequestHeader header;
  if (request.code() == remoting::RequestCode::kSendMessageV2 ||
      request.code() == remoting::RequestCode::kSendBatchMessage) {
    auto v2 = remoting::decodeHeader<remoting::SendMessageRequestHeaderV2>(request.extFields());
    if (!v2.ok()) return badHeaderResponse(v2.status());
    header = remoting::toV1(*v2);
  } else {
    auto v1 = remoting::decodeHeader<remoting::SendMessageRequestHeader>(request.extFields());
    if (!v1.ok()) return badHeaderResponse(v1.status());
    header = std::move(*v1);
  }
  if (request.code() == remoting::RequestCode::kSendBatchMessage || header.batch) {
    return sendBatchMessage(ctx, request, header);
  }
  return sendMessage(ctx, request, header);
}

SendMessageProcessor::CheckResult SendMessageProcessor::msgCheck(
    const remoting::RequestContext& ctx, const remoting::SendMessageRequestHeader& header) {
  const auto& cfg = broker_.config;
  if (!remoting::isWriteable(cfg.brokerPermission)) {
    return makeResponse(rc::kNoPermission,
                        "the broker[" + cfg.brokerIP1 + "] sending message is forbidden");
  }
  if (auto bad = validateTopicName(header.topic)) return makeResponse(rc::kSystemError, *bad);
  if (isNotAllowedSendTopic(header.topic)) {
    return makeResponse(rc::kNoPermission,
                        "Sending message to topic[" + header.topic + "] is forbidden.");
  }
  auto tc = broker_.topics->selectTopicConfig(header.topic);
  if (!tc) {
    tc = broker_.topics->createTopicInSendMessageMethod(header.topic, header.defaultTopic,
                                                       header.defaultTopicQueueNums, 0);
    if (!tc && isRetryTopic(header.topic)) {
      tc = broker_.topics->createTopicInSendMessageBackMethod(
          header.topic, 1, remoting::kPermRead | remoting::kPermWrite, 0);
    }
    if (!tc) {
      return makeResponse(rc::kTopicNotExist,
                          "topic[" + header.topic + "] not exist, apply first please!");
    }
  }
  const std::int32_t id_valid = std::max(tc->writeQueueNums, tc->readQueueNums);
  if (header.queueId >= id_valid) {
    return makeResponse(rc::kSystemError, "request queueId[" + std::to_string(header.queueId) +
                                              "] is illegal, topic " + header.topic + " has " +
                                              std::to_string(id_valid) + " queues, producer " +
                                              peerAddress(ctx).toString());
  }
  if (!remoting::isWriteable(tc->perm)) {
    return makeResponse(rc::kNoPermission,
                        "the topic[" + header.topic + "] sending message is forbidden");
  }
  if (tc->writeQueueNums <= 0) {
    return makeResponse(rc::kSystemError, "topic[" + header.topic + "] has no write queue");
  }
  return *tc;
}

RemotingCommand SendMessageProcessor::sendMessage(const remoting::RequestContext& ctx,
                                                  const RemotingCommand& request,
                                                  const remoting::SendMessageRequestHeader& header) {
  auto checked = msgCheck(ctx, header);
  if (auto* error = std::get_if<RemotingCommand>(&checked)) return std::move(*error);
  auto& tc = std::get<remoting::TopicConfig>(checked);

  StoredTarget target;
  target.topic = header.topic;
  target.queueId = header.queueId < 0 ? randomQueue(tc.writeQueueNums) : header.queueId;
  target.properties =
      buildStoredProperties(header.properties.value_or(""), broker_.config.brokerClusterName);
  const std::int32_t reconsume_times = header.reconsumeTimes.value_or(0);

  // Retry sends past the group's limit go to the dead-letter topic.
  bool to_dlq = false;
  if (isRetryTopic(header.topic)) {
    const std::string group = header.topic.substr(kRetryGroupTopicPrefix.size());
    auto sg = broker_.groups->findSubscriptionGroupConfig(group);
    if (!sg) {
      return makeResponse(rc::kSubscriptionGroupNotExist, "subscription group not exist, " + group);
    }
    std::int32_t max_reconsume = sg->retryMaxTimes;
    if (request.version() >= kVersionV3_4_9 && header.maxReconsumeTimes) {
      max_reconsume = *header.maxReconsumeTimes;
    }
    if (reconsume_times >= max_reconsume) {
      target.topic = dlqTopic(group);
      target.queueId = randomQueue(kDlqNumsPerGroup);
      broker_.topics->createTopicInSendMessageBackMethod(target.topic, kDlqNumsPerGroup,
                                                         remoting::kPermWrite, 0);
      target.properties =
          removeProperties(target.properties, {message::property::kDelayTimeLevel});
      to_dlq = true;
    }
  }

  const std::string flat = request.body().contiguous() ? std::string() : request.body().flatten();
  const std::string_view body = request.body().contiguous() ? request.body().view() : flat;
  if (static_cast<std::int64_t>(request.body().size()) > broker_.config.maxMessageSize) {
    return makeResponse(rc::kMessageIllegal,
                        "message body size " + std::to_string(request.body().size()) +
                            " exceeds maxMessageSize " +
                            std::to_string(broker_.config.maxMessageSize));
  }
  std::int32_t sys_flag = header.sysFlag;
  if (tc.topicFilterType == remoting::TopicFilterType::MULTI_TAG) sys_flag |= kMultiTagsFlag;
  const std::int32_t reply_queue = target.queueId;
  if (!to_dlq) applyDelayLevel(target, sys_flag, broker_.delayLevels);

  store::PutMessageRequest put;
  put.topic = target.topic;
  put.queueId = QueueId(target.queueId);
  put.flag = header.flag;
  put.body = body;
  put.properties = target.properties;
  put.sysFlag = sys_flag;
  put.bornTimestamp = header.bornTimestamp;
  put.bornHost = peerAddress(ctx);
  put.reconsumeTimes = reconsume_times;
  auto result = broker_.store->putMessage(put);
  std::string msg_id;
  if (result.stored()) {
    msg_id = message::encodeOffsetMsgId(broker_.storeHost, result.wroteOffset.value());
  }
  return putResultResponse(result, reply_queue, std::move(msg_id));
}

RemotingCommand SendMessageProcessor::sendBatchMessage(
    const remoting::RequestContext& ctx, const RemotingCommand& request,
    const remoting::SendMessageRequestHeader& header) {
  if (header.topic.size() > kTopicMaxLength) {
    return makeResponse(rc::kMessageIllegal,
                        "message topic length too long " + std::to_string(header.topic.size()));
  }
  if (isRetryTopic(header.topic)) {
    return makeResponse(rc::kMessageIllegal,
                        "Batch request does not support retry group " + header.topic);
  }
  auto checked = msgCheck(ctx, header);
  if (auto* error = std::get_if<RemotingCommand>(&checked)) return std::move(*error);
  auto& tc = std::get<remoting::TopicConfig>(checked);

  if (static_cast<std::int64_t>(request.body().size()) > broker_.config.maxMessageSize) {
    return makeResponse(rc::kMessageIllegal,
                        "batch body size " + std::to_string(request.body().size()) +
                            " exceeds maxMessageSize " +
                            std::to_string(broker_.config.maxMessageSize));
  }
  const std::string flat = request.body().contiguous() ? std::string() : request.body().flatten();
  const std::string_view body = request.body().contiguous() ? request.body().view() : flat;
  auto batch = decodeBatch(body, header.properties.value_or(""), broker_.config.brokerClusterName);
  if (!batch.ok()) return makeResponse(rc::kMessageIllegal, batch.status().message());

  store::PutBatchRequest put;
  put.topic = header.topic;
  put.queueId = QueueId(header.queueId < 0 ? randomQueue(tc.writeQueueNums) : header.queueId);
  put.sysFlag = header.sysFlag;
  put.bornTimestamp = header.bornTimestamp;
  put.bornHost = peerAddress(ctx);
  put.reconsumeTimes = header.reconsumeTimes.value_or(0);
  put.entries = batch->entries();
  auto result = broker_.store->putMessages(put);
  std::string msg_ids;
  if (result.stored()) {
    const auto& offsets = result.recordOffsets;
    msg_ids.reserve(offsets.size() * 33);
    for (std::size_t i = 0; i < offsets.size(); ++i) {
      if (i > 0) msg_ids.push_back(',');
      msg_ids += message::encodeOffsetMsgId(broker_.storeHost, offsets[i].value());
    }
  }
  return putResultResponse(result, put.queueId.value(), std::move(msg_ids));
}

RemotingCommand SendMessageProcessor::putResultResponse(const store::PutMessageResult& result,
                                                        std::int32_t queueId, std::string msg_id) {
  using store::PutMessageStatus;
  int code = rc::kSystemError;
  std::string remark;
  switch (result.status) {
    case PutMessageStatus::kPutOk: code = rc::kSuccess; break;
    case PutMessageStatus::kFlushDiskTimeout: code = rc::kFlushDiskTimeout; break;
    case PutMessageStatus::kFlushSlaveTimeout: code = rc::kFlushSlaveTimeout; break;
    case PutMessageStatus::kSlaveNotAvailable: code = rc::kSlaveNotAvailable; break;
    case PutMessageStatus::kCreateMappedFileFailed:
      remark = "create mapped file failed, the disk may be full or broken";
      break;
    case PutMessageStatus::kMessageIllegal:
    case PutMessageStatus::kPropertiesSizeExceeded:
      code = rc::kMessageIllegal;
      remark = "the message is illegal: " + result.errorMessage;
      break;
    case PutMessageStatus::kServiceNotAvailable:
      code = rc::kServiceNotAvailable;
      remark = "service not available now (disk full, or the store is shutting down): " +
               result.errorMessage;
      break;
    case PutMessageStatus::kOsPageCacheBusy:
      remark = "[PC_SYNCHRONIZED]broker busy, start flow control for a while";
      break;
    case PutMessageStatus::kUnknownError: remark = "UNKNOWN_ERROR " + result.errorMessage; break;
  }
  const bool stored = code == rc::kSuccess || code == rc::kFlushDiskTimeout ||
                      code == rc::kFlushSlaveTimeout || code == rc::kSlaveNotAvailable;
  if (!stored) return makeResponse(code, std::move(remark));
  remoting::SendMessageResponseHeader h;
  h.msgId = std::move(msg_id);
  h.queueId = queueId;
  h.queueOffset = result.queueOffset.value();
  RemotingCommand response = remoting::RemotingCommand::createResponse(code);
  response.setExtFields(remoting::toExtFields(h));
  response.addExtField(remoting::kMsgRegionField, broker_.config.regionId);
  response.addExtField(remoting::kTraceOnField, broker_.config.traceOn ? "true" : "false");
  return response;
}

}  // namespace apogee::broker
