#include "client/consumer/consume_message_concurrently_service.h"

#include <algorithm>
#include <exception>

#include "client/client_constants.h"
#include "common/logging.h"

namespace apogee::client {
namespace {

using namespace std::chrono_literals;
// RocketMQ: a batch whose send-back failed is consumed again after 5 s.
constexpr auto kConsumeLaterDelay = 5000ms;

}  // namespace

ConsumeMessageConcurrentlyService::ConsumeMessageConcurrentlyService(
    Settings settings, MessageListenerConcurrently listener,
    std::shared_ptr<OffsetStore> offsetStore, SendBack sendBack)
    : ConsumeMessageService(settings),
      settings_(std::move(settings)),
      listener_(std::move(listener)),
      offset_store_(std::move(offsetStore)),
      send_back_(std::move(sendBack)) {}

ConsumeMessageConcurrentlyService::~ConsumeMessageConcurrentlyService() { shutdown(0ms); }

void ConsumeMessageConcurrentlyService::start() { scheduleCleanExpiredMsg(); }

void ConsumeMessageConcurrentlyService::scheduleCleanExpiredMsg() {
  if (stopping_ || !settings_.processQueueTable) return;
  // On the control thread: it must run while every listener call is stuck.
  lane_->controlLater(
      [this] {
        cleanExpiredMsg();
        scheduleCleanExpiredMsg();
      },
      settings_.consumeTimeout);
}

void ConsumeMessageConcurrentlyService::cleanExpiredMsg() {
  for (const auto& [mq, pq] : settings_.processQueueTable()) {
    if (stopping_) return;
    if (pq->isDropped()) continue;
    const std::int64_t offset =
        pq->cleanExpiredMsg(settings_.consumeTimeout, [&](const MessageExt& msg) {
          // RocketMQ sends an expired message back with delay level 3.
          Status s = send_back_(msg, 3, mq.getBrokerName());
          if (s.ok()) {
            logger("client")->info("send expired msg back. topic={}, msgId={}, queueOffset={}",
                                   msg.getTopic(), msg.getMsgId(), msg.getQueueOffset());
          } else {
            logger("client")->warn("send expired msg {} back failed: {}", msg.getMsgId(),
                                   s.toString());
          }
          return s.ok();
        });
    if (offset >= 0 && !pq->isDropped()) offset_store_->updateOffset(mq, offset, true);
  }
}

void ConsumeMessageConcurrentlyService::shutdown(std::chrono::milliseconds awaitTerminate) {
  if (stopping_.exchange(true)) return;
  in_flight_.awaitIdle(awaitTerminate, settings_.group);
  // Queued requests are dropped (their messages were not committed and come
  // again); running listeners finish.
  lane_->close();
}

void ConsumeMessageConcurrentlyService::submitConsumeRequest(
    std::vector<MessageExt> msgs, const std::shared_ptr<ProcessQueue>& pq, const MessageQueue& mq,
    bool) {
  const auto batch = static_cast<std::size_t>(std::max(1, settings_.batchMaxSize));
  if (msgs.size() <= batch) {
    submit(std::make_shared<Request>(Request{std::move(msgs), pq, mq}));
    return;
  }
  for (std::size_t i = 0; i < msgs.size(); i += batch) {
    auto request = std::make_shared<Request>(Request{{}, pq, mq});
    const std::size_t end = std::min(msgs.size(), i + batch);
    request->msgs.assign(std::make_move_iterator(msgs.begin() + static_cast<std::ptrdiff_t>(i)),
                         std::make_move_iterator(msgs.begin() + static_cast<std::ptrdiff_t>(end)));
    submit(std::move(request));
  }
}

void ConsumeMessageConcurrentlyService::submit(std::shared_ptr<Request> request) {
  if (stopping_) return;
  // The lane's queue is unbounded: it refuses only after shutdown, when the
  // request is discarded (its messages were not committed and come again).
  (void)lane_->execute([this, request] { run(*request); });
}

void ConsumeMessageConcurrentlyService::submitLater(std::shared_ptr<Request> request) {
  (void)lane_->executeLater([this, request] { run(*request); }, kConsumeLaterDelay);
}

void ConsumeMessageConcurrentlyService::run(Request& request) {
  if (stopping_ || !request.pq->beginConsume()) return;
  in_flight_.enter();
  resetRetryAndNamespace(request.msgs, retry_topic_, settings_.namespaceName);
  // The kept copies carry the start too: the expiry check reads it there.
  request.pq->markConsumeStart(request.msgs, setConsumeStartTime(request.msgs));
  ConsumeConcurrentlyContext context(request.mq);
  ConsumeConcurrentlyStatus status = ConsumeConcurrentlyStatus::RECONSUME_LATER;
  const auto begin = std::chrono::steady_clock::now();
  try {
    status = listener_(request.msgs, context);
  } catch (const std::exception& e) {
    logger("client")->warn("consumeMessage exception: {}, group {} mq {}", e.what(),
                           settings_.group, request.mq.toString());
  } catch (...) {
    logger("client")->warn("consumeMessage threw a non-std exception, group {} mq {}",
                           settings_.group, request.mq.toString());
  }
  if (settings_.stats) {
    settings_.stats->incConsumeRT(settings_.group, request.mq.getTopic(),
                                  std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::steady_clock::now() - begin)
                                      .count());
  }
  request.pq->touchConsume();
  if (resultCounts(*request.pq)) {
    processConsumeResult(status, context, request);
  } else {
    logger("client")->warn("processQueue is dropped without process consume result. mq={}",
                           request.mq.toString());
  }
  request.pq->endConsume();
  in_flight_.leave();
}

bool ConsumeMessageConcurrentlyService::resultCounts(const ProcessQueue& pq) const {
  return !pq.isDropped() || (settings_.handover && pq.isRebalancedAway());
}

void ConsumeMessageConcurrentlyService::processConsumeResult(
    ConsumeConcurrentlyStatus status, const ConsumeConcurrentlyContext& context,
    Request& request) {
  auto& msgs = request.msgs;
  if (msgs.empty()) return;
  const int size = static_cast<int>(msgs.size());
  int ackIndex = -1;
  if (status == ConsumeConcurrentlyStatus::CONSUME_SUCCESS) {
    ackIndex = std::min(context.getAckIndex(), size - 1);
    consume_ok_ += ackIndex + 1;
    consume_failed_ += size - ackIndex - 1;
  } else {
    consume_failed_ += size;
  }
  if (settings_.stats) {
    const std::string& topic = request.mq.getTopic();
    settings_.stats->incConsumeOKTPS(settings_.group, topic, ackIndex + 1);
    settings_.stats->incConsumeFailedTPS(settings_.group, topic, size - ackIndex - 1);
  }

  std::vector<MessageExt> retryLocally;
  if (settings_.model == MessageModel::BROADCASTING) {
    for (int i = ackIndex + 1; i < size; ++i) {
      logger("client")->warn("BROADCASTING, the message consume failed, drop it, {}",
                             msgs[static_cast<std::size_t>(i)].getMsgId());
    }
  } else {
    std::vector<std::size_t> failedBack;
    for (int i = ackIndex + 1; i < size; ++i) {
      MessageExt& msg = msgs[static_cast<std::size_t>(i)];
      Status s = send_back_(msg, context.getDelayLevelWhenNextConsume(),
                            request.mq.getBrokerName());
      if (!s.ok()) {
        logger("client")->warn("sendMessageBack of {} failed: {}; consuming it again in 5 s",
                               msg.getMsgId(), s.toString());
        msg.setReconsumeTimes(msg.getReconsumeTimes() + 1);
        failedBack.push_back(static_cast<std::size_t>(i));
      }
    }
    if (!failedBack.empty()) {
      // The messages whose send-back failed stay in the process queue (their
      // offsets hold the commit back) and are consumed again here.
      std::vector<MessageExt> keep;
      for (std::size_t i = 0; i < msgs.size(); ++i) {
        if (std::find(failedBack.begin(), failedBack.end(), i) != failedBack.end()) {
          retryLocally.push_back(std::move(msgs[i]));
        } else {
          keep.push_back(std::move(msgs[i]));
        }
      }
      msgs = std::move(keep);
    }
  }

  const std::int64_t offset = request.pq->removeMessage(msgs);
  if (offset >= 0 && resultCounts(*request.pq)) offset_store_->updateOffset(request.mq, offset, true);
  if (!retryLocally.empty()) {
    submitLater(std::make_shared<Request>(Request{std::move(retryLocally), request.pq, request.mq}));
  }
}

std::string ConsumeMessageConcurrentlyService::consumeMessageDirectly(
    MessageExt msg, const std::string& brokerName) const {
  return consumeMessageDirectlyWith(
      std::move(msg), brokerName, retry_topic_, settings_.namespaceName, false,
      [this](const std::vector<MessageExt>& msgs, const MessageQueue& mq, bool&) -> std::string {
        ConsumeConcurrentlyContext context(mq);
        return listener_(msgs, context) == ConsumeConcurrentlyStatus::CONSUME_SUCCESS
                   ? "CR_SUCCESS"
                   : "CR_LATER";
      });
}

}  // namespace apogee::client
