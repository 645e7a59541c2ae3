#include "client/consumer/consume_message_orderly_service.h"

#include <algorithm>
#include <exception>
#include <optional>

#include "client/client_constants.h"
#include "common/logging.h"

namespace apogee::client {
namespace {

using namespace std::chrono_literals;
// Java's delays: the first lock renewal, a re-submit after a lost lock or a
// yield, a re-lock attempt, and the wait after a failed re-lock.
constexpr auto kFirstLockRenewDelay = 1000ms;
constexpr auto kResubmitDelay = 10ms;
constexpr auto kRelockDelayWhenNotLocked = 100ms;
constexpr auto kReconsumeDelayWhenLockFailed = 3000ms;
constexpr auto kMinSuspendTime = 10ms;
constexpr auto kMaxSuspendTime = 30000ms;
constexpr std::string_view kReconsumeTimeProperty = "RECONSUME_TIME";

}  // namespace

ConsumeMessageOrderlyService::ConsumeMessageOrderlyService(Settings settings,
                                                           MessageListenerOrderly listener,
                                                           std::shared_ptr<OffsetStore> offsetStore,
                                                           SendBack sendBack,
                                                           RebalanceImpl& rebalance)
    : ConsumeMessageService(settings),
      settings_(std::move(settings)),
      listener_(std::move(listener)),
      offset_store_(std::move(offsetStore)),
      send_back_(std::move(sendBack)),
      rebalance_(rebalance) {}

ConsumeMessageOrderlyService::~ConsumeMessageOrderlyService() { shutdown(0ms); }

void ConsumeMessageOrderlyService::start() {
  if (clustering()) lane_->controlLater([this] { renewLocksPeriodically(); }, kFirstLockRenewDelay);
}

void ConsumeMessageOrderlyService::renewLocksPeriodically() {
  if (stopping_) return;
  rebalance_.lockAll();
  lane_->controlLater([this] { renewLocksPeriodically(); }, kLockRenewInterval);
}

void ConsumeMessageOrderlyService::shutdown(std::chrono::milliseconds awaitTerminate) {
  if (stopping_.exchange(true)) return;
  in_flight_.awaitIdle(awaitTerminate, settings_.group);
  // Drops queued and delayed requests and renewals; running ones finish.
  lane_->close();
}

void ConsumeMessageOrderlyService::submitConsumeRequest(std::vector<MessageExt>,
                                                        const std::shared_ptr<ProcessQueue>& pq,
                                                        const MessageQueue& mq,
                                                        bool dispatchToConsume) {
  // The messages wait in the process queue; the request takes them in order.
  if (dispatchToConsume) submit(pq, mq);
}

void ConsumeMessageOrderlyService::submit(const std::shared_ptr<ProcessQueue>& pq,
                                          const MessageQueue& mq) {
  if (stopping_) return;
  (void)lane_->execute([this, pq, mq] { run(pq, mq); });  // refused only after shutdown
}

void ConsumeMessageOrderlyService::submitLater(const std::shared_ptr<ProcessQueue>& pq,
                                               const MessageQueue& mq,
                                               std::chrono::milliseconds delay) {
  (void)lane_->executeLater([this, pq, mq] { run(pq, mq); }, delay);
}

void ConsumeMessageOrderlyService::tryLockLaterAndReconsume(
    const std::shared_ptr<ProcessQueue>& pq, const MessageQueue& mq,
    std::chrono::milliseconds delay) {
  lane_->controlLater(
      [this, pq, mq] {
        if (stopping_ || pq->isDropped()) return;
        const bool locked = rebalance_.lock(mq);
        submitLater(pq, mq, locked ? kResubmitDelay : kReconsumeDelayWhenLockFailed);
      },
      delay);
}

void ConsumeMessageOrderlyService::run(const std::shared_ptr<ProcessQueue>& pq,
                                       const MessageQueue& mq) {
  if (stopping_ || pq->isDropped()) return;
  // One thread consumes a queue at a time: a second request for the same
  // queue (a re-submit racing a dispatch) waits here, then finds what is left.
  std::lock_guard queue_turn(pq->orderlyConsumeMutex());
  in_flight_.enter();
  const bool needs_lock = clustering();
  if (!needs_lock || (pq->isLocked() && !pq->isLockExpired())) {
    const auto begin = std::chrono::steady_clock::now();
    for (bool go_on = true; go_on;) {
      if (stopping_ || pq->isDropped()) break;
      if (needs_lock && (!pq->isLocked() || pq->isLockExpired())) {
        logger("client")->warn("the message queue not locked or lock expired, so consume later, {}",
                               mq.toString());
        tryLockLaterAndReconsume(pq, mq, kResubmitDelay);
        break;
      }
      if (std::chrono::steady_clock::now() - begin > kMaxTimeConsumeContinuously) {
        submitLater(pq, mq, kResubmitDelay);  // yield the thread to other queues
        break;
      }
      std::vector<MessageExt> msgs = pq->takeMessages(std::max(1, settings_.batchMaxSize));
      if (msgs.empty()) break;  // the next pull dispatches again
      resetRetryAndNamespace(msgs, retry_topic_, settings_.namespaceName);
      setConsumeStartTime(msgs);
      ConsumeOrderlyContext context(mq);
      std::optional<ConsumeOrderlyStatus> status;
      {
        // A rebalance that drops the queue waits for this batch (consumeLock)
        // before it releases the queue's broker lock.
        std::lock_guard consuming(pq->consumeLock());
        if (pq->isDropped()) {
          logger("client")->warn("the message queue not be able to consume, because it's dropped. {}",
                                 mq.toString());
          break;
        }
        const auto call_begin = std::chrono::steady_clock::now();
        try {
          status = listener_(msgs, context);
        } catch (const std::exception& e) {
          logger("client")->warn("consumeMessage exception: {}, group {} mq {}", e.what(),
                                 settings_.group, mq.toString());
        } catch (...) {
          logger("client")->warn("consumeMessage threw a non-std exception, group {} mq {}",
                                 settings_.group, mq.toString());
        }
        if (settings_.stats) {
          settings_.stats->incConsumeRT(settings_.group, mq.getTopic(),
                                        std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::steady_clock::now() - call_begin)
                                            .count());
        }
      }
      if (!status) status = ConsumeOrderlyStatus::SUSPEND_CURRENT_QUEUE_A_MOMENT;
      go_on = processConsumeResult(msgs, *status, context, pq, mq);
    }
  } else if (!pq->isDropped()) {
    tryLockLaterAndReconsume(pq, mq, kRelockDelayWhenNotLocked);
  }
  in_flight_.leave();
}

bool ConsumeMessageOrderlyService::processConsumeResult(std::vector<MessageExt>& msgs,
                                                        ConsumeOrderlyStatus status,
                                                        const ConsumeOrderlyContext& context,
                                                        const std::shared_ptr<ProcessQueue>& pq,
                                                        const MessageQueue& mq) {
  const auto size = static_cast<std::int64_t>(msgs.size());
  bool go_on = true;
  std::int64_t commit_offset = -1;
  // Consume the same batch again after the suspend time.
  auto suspend = [&] {
    pq->makeMessageToConsumeAgain(msgs);
    submitLater(pq, mq, suspendTime(context));
    go_on = false;
  };
  if (context.isAutoCommit()) {
    switch (status) {
      case ConsumeOrderlyStatus::COMMIT:
      case ConsumeOrderlyStatus::ROLLBACK:
        logger("client")->warn(
            "the message queue consume result is illegal, we think you want to ack these "
            "message {}",
            mq.toString());
        [[fallthrough]];
      case ConsumeOrderlyStatus::SUCCESS:
        commit_offset = pq->commit();
        countOutcome(mq, size, 0);
        break;
      case ConsumeOrderlyStatus::SUSPEND_CURRENT_QUEUE_A_MOMENT:
        countOutcome(mq, 0, size);
        if (checkReconsumeTimes(msgs, mq)) {
          suspend();
        } else {
          commit_offset = pq->commit();
        }
        break;
    }
  } else {
    switch (status) {
      case ConsumeOrderlyStatus::SUCCESS:
        countOutcome(mq, size, 0);
        break;
      case ConsumeOrderlyStatus::COMMIT:
        commit_offset = pq->commit();
        break;
      case ConsumeOrderlyStatus::ROLLBACK:
        pq->rollback();
        submitLater(pq, mq, suspendTime(context));
        go_on = false;
        break;
      case ConsumeOrderlyStatus::SUSPEND_CURRENT_QUEUE_A_MOMENT:
        countOutcome(mq, 0, size);
        if (checkReconsumeTimes(msgs, mq)) suspend();
        break;
    }
  }
  if (commit_offset >= 0 && !pq->isDropped()) offset_store_->updateOffset(mq, commit_offset, false);
  return go_on;
}

void ConsumeMessageOrderlyService::countOutcome(const MessageQueue& mq, std::int64_t ok,
                                                std::int64_t failed) {
  consume_ok_ += ok;
  consume_failed_ += failed;
  if (!settings_.stats) return;
  if (ok > 0) settings_.stats->incConsumeOKTPS(settings_.group, mq.getTopic(), ok);
  if (failed > 0) settings_.stats->incConsumeFailedTPS(settings_.group, mq.getTopic(), failed);
}

bool ConsumeMessageOrderlyService::checkReconsumeTimes(std::vector<MessageExt>& msgs,
                                                       const MessageQueue& mq) {
  bool again = false;
  for (auto& msg : msgs) {
    const int times = msg.getReconsumeTimes();
    if (settings_.maxReconsumeTimes >= 0 && times >= settings_.maxReconsumeTimes) {
      msg.putProperty(std::string(kReconsumeTimeProperty), std::to_string(times));
      // -1: straight to the dead-letter queue (the broker's copy of the
      // message does not know how often it failed here).
      Status s = send_back_(msg, -1, mq.getBrokerName());
      if (s.ok()) continue;
      logger("client")->warn("sending {} to the dead-letter queue failed: {}; consuming it again",
                             msg.getMsgId(), s.toString());
    }
    again = true;
    msg.setReconsumeTimes(times + 1);
  }
  return again;
}

std::chrono::milliseconds ConsumeMessageOrderlyService::suspendTime(
    const ConsumeOrderlyContext& context) const {
  const std::int64_t asked = context.getSuspendCurrentQueueTimeMillis();
  const auto t = asked == -1 ? settings_.suspendCurrentQueueTime : std::chrono::milliseconds(asked);
  return std::clamp<std::chrono::milliseconds>(t, kMinSuspendTime, kMaxSuspendTime);
}

std::string ConsumeMessageOrderlyService::consumeMessageDirectly(
    MessageExt msg, const std::string& brokerName) const {
  return consumeMessageDirectlyWith(
      std::move(msg), brokerName, retry_topic_, settings_.namespaceName, true,
      [this](const std::vector<MessageExt>& msgs, const MessageQueue& mq,
             bool& autoCommit) -> std::string {
        ConsumeOrderlyContext context(mq);
        const ConsumeOrderlyStatus status = listener_(msgs, context);
        autoCommit = context.isAutoCommit();
        switch (status) {
          case ConsumeOrderlyStatus::COMMIT:
            return "CR_COMMIT";
          case ConsumeOrderlyStatus::ROLLBACK:
            return "CR_ROLLBACK";
          case ConsumeOrderlyStatus::SUCCESS:
            return "CR_SUCCESS";
          case ConsumeOrderlyStatus::SUSPEND_CURRENT_QUEUE_A_MOMENT:
            break;
        }
        return "CR_LATER";
      });
}

}  // namespace apogee::client
