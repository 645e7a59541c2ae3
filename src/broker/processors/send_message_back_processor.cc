#include "broker/processors/send_message_back_processor.h"

#include <random>

#include "broker/message_rewrite.h"
#include "broker/processors/response_util.h"
#include "broker/subscription_group_manager.h"
#include "broker/topic_config_manager.h"
#include "broker/topic_validator.h"
#include "common/message/message_const.h"
#include "common/message/message_id.h"
#include "common/message/properties.h"
#include "common/message/stored_message.h"
#include "remoting/headers/send.h"
#include "remoting/response_code.h"

namespace apogee::broker {

using remoting::RemotingCommand;
namespace rc = remoting::ResponseCode;
namespace prop = message::property;

namespace {

constexpr int kVersionV3_4_9 = 121;
constexpr std::string_view kRetryTopicProperty = "RETRY_TOPIC";
constexpr std::string_view kOriginMessageIdProperty = "ORIGIN_MESSAGE_ID";

std::int32_t randomQueue(std::int32_t n) {
  thread_local std::minstd_rand rng(std::random_device{}());
  return static_cast<std::int32_t>(rng() % static_cast<std::uint32_t>(n));
}

}  // namespace

std::optional<RemotingCommand> SendMessageBackProcessor::processRequest(
    const remoting::RequestContext&, RemotingCommand& request) {
  auto h = remoting::decodeHeader<remoting::ConsumerSendMsgBackRequestHeader>(request.extFields());
  if (!h.ok()) return badHeaderResponse(h.status());
  auto group = broker_.groups->findSubscriptionGroupConfig(h->group);
  if (!group) return makeResponse(rc::kSubscriptionGroupNotExist, "subscription group not exist, " + h->group);
  if (!remoting::isWriteable(broker_.config.brokerPermission)) {
    return makeResponse(rc::kNoPermission,
                        "the broker[" + broker_.config.brokerIP1 + "] sending message is forbidden");
  }
  if (group->retryQueueNums <= 0) return makeSuccess();  // the group wants no retries

  std::string topic = retryTopic(h->group);
  std::int32_t queue_id = randomQueue(group->retryQueueNums);
  auto tc = broker_.topics->createTopicInSendMessageBackMethod(
      topic, group->retryQueueNums, remoting::kPermRead | remoting::kPermWrite, 0);
  if (!remoting::isWriteable(tc.perm)) {
    return makeResponse(rc::kNoPermission, "the topic[" + topic + "] sending message is forbidden");
  }
  auto found = broker_.store->lookMessageByOffset(CommitLogOffset(h->offset));
  if (!found.ok()) {
    return makeResponse(rc::kSystemError, "look message by offset failed, " + std::to_string(h->offset));
  }
  auto m = message::decodeStoredMessage(found->bytes, false);
  if (!m.ok()) {
    return makeResponse(rc::kSystemError, "look message by offset failed, " + std::to_string(h->offset));
  }

  std::int32_t max_reconsume = group->retryMaxTimes;
  if (request.version() >= kVersionV3_4_9 && h->maxReconsumeTimes) max_reconsume = *h->maxReconsumeTimes;
  std::int32_t delay_level = h->delayLevel;
  const bool to_dlq = m->reconsumeTimes >= max_reconsume || delay_level < 0;

  StoredTarget target;
  target.properties = removeProperties(m->properties, {prop::kDelayTimeLevel, prop::kWaitStoreMsgOk});
  if (!message::findProperty(m->properties, kRetryTopicProperty)) {
    message::appendProperty(target.properties, kRetryTopicProperty, m->topic);
  }
  message::appendProperty(target.properties, prop::kWaitStoreMsgOk, "false");
  if (!message::findProperty(m->properties, kOriginMessageIdProperty)) {
    message::appendProperty(target.properties, kOriginMessageIdProperty,
                            message::encodeOffsetMsgId(m->storeHost, m->physicalOffset));
  }
  if (to_dlq) {
    topic = dlqTopic(h->group);
    queue_id = randomQueue(kDlqNumsPerGroup);
    broker_.topics->createTopicInSendMessageBackMethod(topic, kDlqNumsPerGroup, remoting::kPermWrite, 0);
  } else {
    if (delay_level == 0) delay_level = 3 + m->reconsumeTimes;
    message::appendProperty(target.properties, prop::kDelayTimeLevel, std::to_string(delay_level));
  }
  target.topic = topic;
  target.queueId = queue_id;
  if (!to_dlq) applyDelayLevel(target, m->sysFlag, broker_.delayLevels);

  store::PutMessageRequest put;
  put.topic = target.topic;
  put.queueId = QueueId(target.queueId);
  put.flag = m->flag;
  put.body = m->body;
  put.properties = target.properties;
  put.sysFlag = m->sysFlag & ~0x30;
  put.bornTimestamp = m->bornTimestamp;
  put.bornHost = m->bornHost;
  put.reconsumeTimes = m->reconsumeTimes + 1;
  auto result = broker_.store->putMessage(put);
  if (result.stored()) return makeSuccess();
  return makeResponse(rc::kSystemError, std::string(store::putMessageStatusName(result.status)));
}

}  // namespace apogee::broker
