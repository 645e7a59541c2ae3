// DefaultMQPushConsumerImpl, the part about broker-side queue locks: which
// consumers hold them (orderly clustering, rebalance handover), the pull-time
// check, and how a queue is released when the rebalance takes it away
// (docs/rebalance-handover.md, docs/client.md "Orderly consumption").
#include <chrono>
#include <exception>
#include <mutex>

#include "client/consumer/default_mq_push_consumer_impl.h"
#include "client/mq_client_instance.h"
#include "common/logging.h"

namespace apogee::client {
namespace {

// How long a rebalance waits for a released orderly queue's batch in flight.
constexpr std::chrono::milliseconds kOrderlyReleaseWait{1000};

}  // namespace

bool DefaultMQPushConsumerImpl::needsQueueLocks() const {
  return settings_.handover ||
         (settings_.orderly && settings_.model == MessageModel::CLUSTERING);
}

bool DefaultMQPushConsumerImpl::commitOffsetSync(const MessageQueue& mq) {
  const std::int64_t offset = offset_store_->readOffset(mq, ReadOffsetType::READ_FROM_MEMORY);
  if (offset < 0) return true;  // nothing consumed here: the broker's offset stands
  try {
    offset_store_->updateConsumeOffsetToBroker(mq, offset, false);
    return true;
  } catch (const std::exception& e) {
    logger("client")->warn("{}: commit offset {} of {} failed: {}", group_, offset, mq.toString(),
                           e.what());
    return false;
  }
}

void DefaultMQPushConsumerImpl::handOver(const MessageQueue& mq, ProcessQueue& pq) {
  const auto begin = std::chrono::steady_clock::now();
  if (!pq.waitConsumeIdle(settings_.handoverTimeout)) {
    pq.incTryUnlockTimes();
    logger("client")->warn(
        "{}: releasing {} with listener calls still running after {} ms; their messages may be "
        "consumed again by the next owner",
        group_, mq.toString(), settings_.handoverTimeout.count());
  }
  const std::int64_t offset = offset_store_->readOffset(mq, ReadOffsetType::READ_FROM_MEMORY);
  const bool committed = commitOffsetSync(mq);
  offset_store_->removeOffset(mq);
  // Unlocked only once committed: the next owner reads the offset when its
  // lock succeeds. A failed commit keeps the lock until it expires, so the
  // next owner waits rather than starting from an older offset.
  if (committed) unlockQueue(mq);
  logger("client")->info("{}: handed over {} at offset {} in {} ms", group_, mq.toString(), offset,
                         std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - begin)
                             .count());
}

bool DefaultMQPushConsumerImpl::releaseOrderlyQueue(const MessageQueue& mq, ProcessQueue& pq) {
  // The batch in flight sees `dropped` and commits nothing; no batch starts
  // after it. RocketMQ commits oneway and, when messages are still cached,
  // releases the lock only 20 s later; here the offset is committed and
  // acknowledged first, then the lock released at once, so the next owner
  // takes the queue on its next try and starts from the committed offset.
  std::unique_lock consuming(pq.consumeLock(), std::defer_lock);
  if (!consuming.try_lock_for(kOrderlyReleaseWait)) {
    logger("client")->warn(
        "[WRONG]mq is consuming, so can not unlock it, {}. maybe hanged for a while, {}",
        mq.toString(), pq.tryUnlockTimes());
    pq.incTryUnlockTimes();
    return false;
  }
  const bool committed = commitOffsetSync(mq);
  offset_store_->removeOffset(mq);
  // A failed commit keeps the lock until it expires (see handOver).
  if (committed) unlockQueue(mq);
  return true;
}

bool DefaultMQPushConsumerImpl::checkQueueLockBeforePull(
    const std::shared_ptr<PullRequest>& request) {
  if (!needsQueueLocks()) return true;
  // Only the lock holder pulls; a lock lost (another member took the queue,
  // or renewals failed for 30 s) stops the queue until renewed.
  if (!request->pq->isLocked() || request->pq->isLockExpired()) {
    logger("client")->debug("pull message later because not locked in broker, {}",
                            request->mq.toString());
    executePullRequestLater(request, kPullTimeDelayWhenNotLocked);
    return false;
  }
  if (!settings_.orderly || request->previouslyLocked) return true;
  // The first pull since the lock: another client may have consumed the
  // queue until just now, so its offset comes from the broker again.
  const std::int64_t stored = offset_store_->readOffset(request->mq, ReadOffsetType::READ_FROM_STORE);
  auto offset = stored >= 0 ? Result<std::int64_t>(stored)
                            : computePullFromWhere(*instance_, *offset_store_, settings_.from,
                                                   settings_.consumeTimestamp, request->mq);
  if (!offset.ok()) {
    logger("client")->warn("reading the offset of {} failed: {}", request->mq.toString(),
                           offset.status().toString());
    executePullRequestLater(request, kPullTimeDelayWhenException);
    return false;
  }
  if (*offset != request->nextOffset) {
    logger("client")->info("the first time to pull message, so fix offset from broker. mq={} {} -> {}",
                           request->mq.toString(), request->nextOffset, *offset);
  }
  request->previouslyLocked = true;
  request->nextOffset = *offset;
  return true;
}

}  // namespace apogee::client
