#include "client/consumer/consume_message_service.h"

#include <algorithm>

#include "apogee/namespace_util.h"
#include "client/client_constants.h"
#include "common/logging.h"
#include "remoting/body/json_writer.h"

namespace apogee::client {
namespace {

constexpr std::string_view kRetryTopicProperty = "RETRY_TOPIC";
constexpr std::string_view kConsumeStartTimeProperty = "CONSUME_START_TIME";

std::int64_t consumeNowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

ConsumeMessageService::ConsumeMessageService(const ConsumeServiceSettings& settings)
    : executor_(settings.executor),
      lane_(executor_->openLane(settings.group, std::max(1, settings.threads))),
      retry_topic_(std::string(kRetryGroupTopicPrefix) + settings.group) {}

void ConsumeMessageService::updateCorePoolSize(int threads) {
  executor_->ensureWorkers(static_cast<std::size_t>(threads));
  lane_->setMaxConcurrency(threads);
}

void InFlightCalls::enter() {
  std::lock_guard lock(mutex_);
  ++count_;
}

void InFlightCalls::leave() {
  {
    std::lock_guard lock(mutex_);
    --count_;
  }
  idle_.notify_all();
}

void InFlightCalls::awaitIdle(std::chrono::milliseconds timeout, const std::string& group) {
  std::unique_lock lock(mutex_);
  if (!idle_.wait_for(lock, timeout, [&] { return count_ == 0; })) {
    logger("client")->warn("{}: {} listener call(s) still running after {} ms; waiting for them",
                           group, count_, timeout.count());
  }
}

void resetRetryAndNamespace(std::vector<MessageExt>& msgs, const std::string& retryTopic,
                            const std::string& namespaceName) {
  for (auto& msg : msgs) {
    if (msg.getTopic() == retryTopic) {
      std::string real = msg.getProperty(kRetryTopicProperty);
      if (!real.empty()) msg.setTopic(std::move(real));
    }
    if (!namespaceName.empty())
      msg.setTopic(NamespaceUtil::withoutNamespace(msg.getTopic(), namespaceName));
  }
}

std::int64_t setConsumeStartTime(std::vector<MessageExt>& msgs) {
  const std::int64_t now = consumeNowMillis();
  const std::string start = std::to_string(now);
  for (auto& msg : msgs) msg.putProperty(std::string(kConsumeStartTimeProperty), start);
  return now;
}

std::string consumeMessageDirectlyWith(MessageExt msg, const std::string& brokerName,
                                       const std::string& retryTopic,
                                       const std::string& namespaceName, bool order,
                                       const DirectListenerCall& listener) {
  std::vector<MessageExt> msgs{std::move(msg)};
  resetRetryAndNamespace(msgs, retryTopic, namespaceName);
  const MessageQueue mq(msgs.front().getTopic(), brokerName, msgs.front().getQueueId());
  const std::int64_t begin = consumeNowMillis();
  bool autoCommit = true;
  std::string result;
  std::optional<std::string> remark;
  try {
    result = listener(msgs, mq, autoCommit);
  } catch (const std::exception& e) {
    result = "CR_THROW_EXCEPTION";
    remark = e.what();
  } catch (...) {
    result = "CR_THROW_EXCEPTION";
    remark = "a non-std exception";
  }
  remoting::JsonWriter w;
  w.beginObject();
  w.key("autoCommit").boolean(autoCommit);
  w.key("consumeResult").string(result);
  w.key("order").boolean(order);
  if (remark) w.key("remark").string(*remark);
  w.key("spentTimeMills").int64(consumeNowMillis() - begin);
  w.endObject();
  return w.take();
}

}  // namespace apogee::client
