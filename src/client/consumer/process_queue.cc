#include "client/consumer/process_queue.h"

#include <string>

namespace apogee::client {

ProcessQueue::~ProcessQueue() {
  std::lock_guard lock(mutex_);
  detachBudgetLocked();
}

void ProcessQueue::setDropped(bool dropped) {
  if (!dropped) {
    dropped_.store(false, std::memory_order_release);
    return;
  }
  if (dropped_.exchange(true, std::memory_order_acq_rel)) return;
  std::lock_guard lock(mutex_);
  detachBudgetLocked();
}

void ProcessQueue::attachBudget(std::shared_ptr<CacheBudget> budget) {
  std::lock_guard lock(mutex_);
  detachBudgetLocked();
  if (!budget || isDropped()) return;
  budget_ = std::move(budget);
  // The account starts from what the queue holds (nothing, from the
  // rebalance).
  budget_->add(budget_account_,
               msg_size_.load(std::memory_order_relaxed) - budget_account_.bytes());
  budget_->join(budget_account_);
}

void ProcessQueue::addSizeLocked(std::int64_t delta) {
  msg_size_.fetch_add(delta, std::memory_order_relaxed);
  if (budget_) budget_->add(budget_account_, delta);
}

void ProcessQueue::detachBudgetLocked() {
  if (!budget_) return;
  budget_->leave(budget_account_);
  budget_.reset();
}

bool ProcessQueue::putMessage(const std::vector<MessageExt>& msgs, bool keep) {
  std::lock_guard lock(mutex_);
  std::int64_t added = 0;
  for (const auto& msg : msgs) {
    const auto size = static_cast<std::int64_t>(msg.getBody().size());
    Entry entry{size, keep ? std::optional<MessageExt>(msg) : std::nullopt};
    if (offsets_.emplace(msg.getQueueOffset(), std::move(entry)).second) {
      msg_count_.fetch_add(1, std::memory_order_relaxed);
      added += size;
    }
    if (msg.getQueueOffset() > queue_offset_max_) queue_offset_max_ = msg.getQueueOffset();
  }
  // Once per pull result: the budget's shared counter is touched by every
  // queue of the instance.
  addSizeLocked(added);
  if (offsets_.empty() || consuming_dispatched_) return false;
  consuming_dispatched_ = true;
  return true;
}

std::int64_t ProcessQueue::removeMessage(const std::vector<MessageExt>& msgs) {
  std::lock_guard lock(mutex_);
  if (offsets_.empty()) return -1;
  for (const auto& msg : msgs) {
    auto it = offsets_.find(msg.getQueueOffset());
    if (it == offsets_.end()) continue;
    msg_count_.fetch_sub(1, std::memory_order_relaxed);
    addSizeLocked(-it->second.size);
    offsets_.erase(it);
  }
  return offsets_.empty() ? queue_offset_max_ + 1 : offsets_.begin()->first;
}

void ProcessQueue::clear() {
  std::lock_guard lock(mutex_);
  offsets_.clear();
  consuming_.clear();
  queue_offset_max_ = 0;
  msg_count_.store(0, std::memory_order_relaxed);
  addSizeLocked(-msg_size_.load(std::memory_order_relaxed));
}

void ProcessQueue::markConsumeStart(const std::vector<MessageExt>& msgs, std::int64_t startMs) {
  std::lock_guard lock(mutex_);
  for (const auto& msg : msgs) {
    auto it = offsets_.find(msg.getQueueOffset());
    if (it != offsets_.end()) it->second.consumeStartMs = startMs;
  }
}

std::int64_t ProcessQueue::cleanExpiredMsg(std::chrono::milliseconds consumeTimeout,
                                           const std::function<bool(const MessageExt&)>& sendBack) {
  // RocketMQ looks at no more than 16 messages per queue per run.
  constexpr int kMaxExpiredPerRun = 16;
  std::int64_t commit = -1;
  for (int i = 0; i < kMaxExpiredPerRun; ++i) {
    std::optional<MessageExt> expired;
    {
      std::lock_guard lock(mutex_);
      if (offsets_.empty()) break;
      const Entry& first = offsets_.begin()->second;
      const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
      if (!first.msg || first.consumeStartMs == 0 ||
          now - first.consumeStartMs <= consumeTimeout.count()) {
        break;
      }
      expired = *first.msg;
      expired->putProperty("CONSUME_START_TIME", std::to_string(first.consumeStartMs));
    }
    if (!sendBack(*expired)) break;
    std::lock_guard lock(mutex_);
    if (offsets_.empty() || offsets_.begin()->first != expired->getQueueOffset()) continue;
    msg_count_.fetch_sub(1, std::memory_order_relaxed);
    addSizeLocked(-offsets_.begin()->second.size);
    offsets_.erase(offsets_.begin());
    commit = offsets_.empty() ? queue_offset_max_ + 1 : offsets_.begin()->first;
  }
  return commit;
}

std::vector<MessageExt> ProcessQueue::takeMessages(int batchSize) {
  std::lock_guard lock(mutex_);
  touchConsume();
  std::vector<MessageExt> out;
  while (static_cast<int>(out.size()) < batchSize && !offsets_.empty()) {
    auto node = offsets_.extract(offsets_.begin());
    if (node.mapped().msg) out.push_back(*node.mapped().msg);
    consuming_.insert(std::move(node));
  }
  if (out.empty()) consuming_dispatched_ = false;
  return out;
}

std::int64_t ProcessQueue::commit() {
  std::lock_guard lock(mutex_);
  if (consuming_.empty()) return -1;
  const std::int64_t next = consuming_.rbegin()->first + 1;
  std::int64_t size = 0;
  for (const auto& [offset, entry] : consuming_) size += entry.size;
  msg_count_.fetch_sub(static_cast<std::int64_t>(consuming_.size()), std::memory_order_relaxed);
  addSizeLocked(-size);
  consuming_.clear();
  return next;
}

void ProcessQueue::rollback() {
  std::lock_guard lock(mutex_);
  offsets_.merge(consuming_);
  consuming_.clear();
}

void ProcessQueue::makeMessageToConsumeAgain(const std::vector<MessageExt>& msgs) {
  std::lock_guard lock(mutex_);
  for (const auto& msg : msgs) {
    auto node = consuming_.extract(msg.getQueueOffset());
    if (node.empty()) continue;
    node.mapped().msg = msg;
    offsets_.insert(std::move(node));
  }
}

bool ProcessQueue::hasTempMessage() const {
  std::lock_guard lock(mutex_);
  return !offsets_.empty();
}

std::optional<std::pair<std::int64_t, std::int64_t>> ProcessQueue::cachedOffsetRange() const {
  std::lock_guard lock(mutex_);
  if (offsets_.empty()) return std::nullopt;
  return std::pair{offsets_.begin()->first, offsets_.rbegin()->first};
}

std::int64_t ProcessQueue::maxSpan() const {
  std::lock_guard lock(mutex_);
  return offsets_.empty() ? 0 : offsets_.rbegin()->first - offsets_.begin()->first;
}

std::int64_t ProcessQueue::queueOffsetMax() const {
  std::lock_guard lock(mutex_);
  return queue_offset_max_;
}

std::vector<MessageExt> ProcessQueue::keptMessages() const {
  std::lock_guard lock(mutex_);
  std::vector<MessageExt> out;
  for (const auto& [offset, entry] : offsets_) {
    if (entry.msg) out.push_back(*entry.msg);
  }
  return out;
}

bool ProcessQueue::beginConsume() {
  // Under the mutex, so a rebalance that set `dropped` and then found no
  // call in flight cannot miss one that starts now.
  std::lock_guard lock(consuming_mutex_);
  if (isDropped()) return false;
  ++consuming_calls_;
  return true;
}

void ProcessQueue::endConsume() {
  {
    std::lock_guard lock(consuming_mutex_);
    --consuming_calls_;
  }
  consuming_idle_.notify_all();
}

bool ProcessQueue::waitConsumeIdle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(consuming_mutex_);
  return consuming_idle_.wait_for(lock, timeout, [this] { return consuming_calls_ == 0; });
}

}  // namespace apogee::client
