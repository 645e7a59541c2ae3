#include "client/consumer/rebalance_impl.h"

#include <algorithm>
#include <ctime>

#include "client/client_constants.h"
#include "client/consumer/mq_admin.h"
#include "client/mq_client_instance.h"
#include "common/logging.h"

namespace apogee::client {

RebalanceImpl::RebalanceImpl(std::string group, MessageModel model,
                             std::shared_ptr<AllocateMessageQueueStrategy> strategy)
    : group_(std::move(group)),
      model_(model),
      strategy_(strategy ? std::move(strategy)
                         : std::make_shared<AllocateMessageQueueAveragely>()) {}

void RebalanceImpl::putSubscription(remoting::SubscriptionData data) {
  std::lock_guard lock(mutex_);
  const std::string topic = data.topic;
  subscriptions_[topic] = std::make_shared<const remoting::SubscriptionData>(std::move(data));
}

void RebalanceImpl::removeSubscription(const std::string& topic) {
  std::lock_guard lock(mutex_);
  subscriptions_.erase(topic);
}

std::map<std::string, remoting::SubscriptionData> RebalanceImpl::subscriptions() const {
  std::lock_guard lock(mutex_);
  std::map<std::string, remoting::SubscriptionData> out;
  for (const auto& [topic, sub] : subscriptions_) out.emplace(topic, *sub);
  return out;
}

std::shared_ptr<const remoting::SubscriptionData> RebalanceImpl::subscription(
    const std::string& topic) const {
  std::lock_guard lock(mutex_);
  auto it = subscriptions_.find(topic);
  return it == subscriptions_.end() ? nullptr : it->second;
}

void RebalanceImpl::updateTopicSubscribeInfo(const std::string& topic,
                                             const std::set<MessageQueue>& queues) {
  std::lock_guard lock(mutex_);
  if (subscriptions_.contains(topic)) topic_queues_[topic] = queues;
}

bool RebalanceImpl::isSubscribeTopicNeedUpdate(const std::string& topic) const {
  std::lock_guard lock(mutex_);
  return subscriptions_.contains(topic) && !topic_queues_.contains(topic);
}

std::optional<std::set<MessageQueue>> RebalanceImpl::topicSubscribeInfo(
    const std::string& topic) const {
  std::lock_guard lock(mutex_);
  auto it = topic_queues_.find(topic);
  if (it == topic_queues_.end()) return std::nullopt;
  return it->second;
}

std::map<MessageQueue, std::shared_ptr<ProcessQueue>> RebalanceImpl::processQueueTable() const {
  std::lock_guard lock(mutex_);
  return process_queues_;
}

std::set<MessageQueue> RebalanceImpl::heldQueues(const std::string& topic) const {
  std::lock_guard lock(mutex_);
  std::set<MessageQueue> out;
  for (const auto& [mq, pq] : process_queues_) {
    if (topic.empty() || mq.getTopic() == topic) out.insert(mq);
  }
  return out;
}

void RebalanceImpl::removeProcessQueue(const MessageQueue& mq) {
  std::shared_ptr<ProcessQueue> pq;
  {
    std::lock_guard lock(mutex_);
    auto it = process_queues_.find(mq);
    if (it == process_queues_.end()) return;
    pq = it->second;
    process_queues_.erase(it);
  }
  pq->setDropped(true);
  removeUnnecessaryMessageQueue(mq, pq);
}

void RebalanceImpl::dropAll() {
  std::lock_guard lock(mutex_);
  for (auto& [mq, pq] : process_queues_) pq->setDropped(true);
  process_queues_.clear();
}

std::set<MessageQueue> RebalanceImpl::resetProcessQueues(
    const std::set<MessageQueue>& mqs, const std::function<void(const std::set<MessageQueue>&)>& thenStoreOffsets) {
  std::lock_guard rebalance_lock(rebalance_mutex_);
  std::set<MessageQueue> removed;
  {
    std::lock_guard lock(mutex_);
    for (const auto& mq : mqs) {
      auto it = process_queues_.find(mq);
      if (it == process_queues_.end()) continue;
      it->second->setDropped(true);
      it->second->clear();
      process_queues_.erase(it);
      removed.insert(mq);
    }
  }
  thenStoreOffsets(removed);
  return removed;
}

void RebalanceImpl::doRebalance() {
  std::lock_guard rebalance_lock(rebalance_mutex_);
  if (instance_ == nullptr) return;
  unfinished_ = false;
  std::vector<std::string> topics;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [topic, sub] : subscriptions_) topics.push_back(topic);
  }
  for (const auto& topic : topics) {
    try {
      rebalanceByTopic(topic);
    } catch (const std::exception& e) {
      if (!topic.starts_with(kRetryGroupTopicPrefix))
        logger("client")->warn("rebalance of {} for {} failed: {}", topic, group_, e.what());
    }
  }
  truncateMessageQueueNotMyTopic();
}

void RebalanceImpl::rebalanceByTopic(const std::string& topic) {
  const auto queues = topicSubscribeInfo(topic);
  if (model_ == MessageModel::BROADCASTING) {
    if (!queues) {
      logger("client")->warn("doRebalance, {}, but the topic[{}] not exist.", group_, topic);
      return;
    }
    if (updateProcessQueueTableInRebalance(topic, *queues))
      messageQueueChanged(topic, *queues, *queues);
    return;
  }
  if (!queues) {
    if (!topic.starts_with(kRetryGroupTopicPrefix))
      logger("client")->warn("doRebalance, {}, but the topic[{}] not exist.", group_, topic);
    return;
  }
  auto cids = findConsumerIdList(*instance_, topic, group_);
  if (!cids.ok()) {
    logger("client")->warn("doRebalance, {} {}, get consumer id list failed: {}", group_, topic,
                           cids.status().toString());
    return;
  }
  // std::set orders queues as MessageQueue.compareTo; ids sort bytewise,
  // which equals Java's String order for the ASCII client ids use.
  std::vector<MessageQueue> mq_all(queues->begin(), queues->end());
  std::vector<std::string> cid_all = std::move(cids).value();
  std::sort(cid_all.begin(), cid_all.end());
  std::vector<MessageQueue> allocated;
  try {
    allocated = strategy_->allocate(group_, instance_->getClientId(), mq_all, cid_all);
  } catch (const std::exception& e) {
    logger("client")->error("AllocateMessageQueueStrategy.allocate failed ({}): {}",
                            strategy_->getName(), e.what());
    return;
  }
  const std::set<MessageQueue> allocated_set(allocated.begin(), allocated.end());
  if (updateProcessQueueTableInRebalance(topic, allocated_set)) {
    logger("client")->info(
        "rebalanced result changed. strategy={}, group={}, topic={}, clientId={}, mqAll={}, "
        "cidAll={}, result={}",
        strategy_->getName(), group_, topic, instance_->getClientId(), mq_all.size(),
        cid_all.size(), allocated_set.size());
    messageQueueChanged(topic, *queues, allocated_set);
  }
}

bool RebalanceImpl::updateProcessQueueTableInRebalance(const std::string& topic,
                                                       const std::set<MessageQueue>& mqSet) {
  bool changed = false;
  // Queues that left: drop first (in-flight pulls discard their results),
  // then let the consumer persist and release them.
  std::vector<std::pair<MessageQueue, std::shared_ptr<ProcessQueue>>> leaving;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [mq, pq] : process_queues_) {
      if (mq.getTopic() != topic) continue;
      // RocketMQ's isPullExpired branch: a push queue not pulled for
      // pull_max_idle_time_ (a pull lost somewhere) is dropped here and
      // re-created below, which starts a fresh pull.
      const bool expired_push = consumeType() == remoting::ConsumeType::CONSUME_PASSIVELY &&
                                pq->isPullExpired(pull_max_idle_time_);
      if (!mqSet.contains(mq) || expired_push) leaving.emplace_back(mq, pq);
    }
  }
  // All are dropped before any is released, so their in-flight listener
  // calls finish in parallel while the first is handed over.
  for (auto& [mq, pq] : leaving) {
    pq->markRebalancedAway();
    pq->setDropped(true);
  }
  for (auto& [mq, pq] : leaving) {
    if (removeUnnecessaryMessageQueue(mq, pq)) {
      std::lock_guard lock(mutex_);
      process_queues_.erase(mq);
      changed = true;
      logger("client")->info("doRebalance, {}, remove unnecessary mq, {}", group_, mq.toString());
    } else {
      unfinished_ = true;
    }
  }

  std::vector<PullRequest> requests;
  for (const auto& mq : mqSet) {
    {
      std::lock_guard lock(mutex_);
      if (process_queues_.contains(mq)) continue;
    }
    const bool locks = needsQueueLocks();
    if (locks && !lock(mq)) {
      logger("client")->warn("doRebalance, {}, add a new mq failed, {}, because lock failed",
                             group_, mq.toString());
      unfinished_ = true;
      continue;
    }
    removeDirtyOffset(mq);
    auto next_offset = computePullFromWhere(mq);
    if (!next_offset.ok() || *next_offset < 0) {
      logger("client")->warn("doRebalance, {}, add new mq failed, {}: {}", group_, mq.toString(),
                             next_offset.ok() ? "offset < 0" : next_offset.status().toString());
      continue;
    }
    auto pq = std::make_shared<ProcessQueue>();
    // Locked just now (Java 4.9 waits for the next lockAll, up to 20 s,
    // before the first pull).
    pq->setLocked(locks);
    if (cache_budget_) pq->attachBudget(cache_budget_);
    {
      std::lock_guard lock(mutex_);
      if (!process_queues_.emplace(mq, pq).second) continue;
    }
    logger("client")->info("doRebalance, {}, add a new mq, {}", group_, mq.toString());
    requests.push_back(PullRequest{group_, mq, std::move(pq), *next_offset});
    changed = true;
  }
  if (!requests.empty()) dispatchPullRequest(std::move(requests));
  return changed;
}

namespace {

remoting::MessageQueueKey toKey(const MessageQueue& mq) {
  return {mq.getTopic(), mq.getBrokerName(), mq.getQueueId()};
}

// RocketMQ's lock and unlock requests wait 1 s.
constexpr std::chrono::milliseconds kQueueLockTimeout{1000};

}  // namespace

std::map<std::string, std::set<MessageQueue>> RebalanceImpl::heldQueuesByBroker() const {
  std::lock_guard lock(mutex_);
  std::map<std::string, std::set<MessageQueue>> out;
  for (const auto& [mq, pq] : process_queues_) out[mq.getBrokerName()].insert(mq);
  return out;
}

std::string RebalanceImpl::masterAddress(const std::string& brokerName) const {
  if (instance_ == nullptr) return {};
  auto found = instance_->findBrokerAddressInSubscribe(brokerName, kMasterId, true);
  return found ? found->brokerAddr : std::string();
}

bool RebalanceImpl::lock(const MessageQueue& mq) {
  const std::string addr = masterAddress(mq.getBrokerName());
  if (addr.empty()) return false;
  remoting::LockBatchRequestBody body{instance_->getClientId(), group_, {toKey(mq)}, std::nullopt};
  auto locked = instance_->getMQClientAPIImpl().lockBatchMQ(addr, body, kQueueLockTimeout);
  if (!locked.ok()) {
    logger("client")->error("lockBatchMQ of {} failed: {}", mq.toString(), locked.status().toString());
    return false;
  }
  {
    std::lock_guard guard(mutex_);
    for (const auto& granted : *locked) {
      auto it = process_queues_.find(granted);
      if (it == process_queues_.end()) continue;
      it->second->setLocked(true);
      it->second->touchLock();
    }
  }
  const bool ok = locked->contains(mq);
  logger("client")->info("the message queue lock {}, {} {}", ok ? "OK" : "Failed", group_,
                         mq.toString());
  return ok;
}

void RebalanceImpl::lockAll() {
  for (const auto& [broker, mqs] : heldQueuesByBroker()) {
    const std::string addr = masterAddress(broker);
    if (addr.empty()) continue;
    remoting::LockBatchRequestBody body{instance_->getClientId(), group_, {}, std::nullopt};
    for (const auto& mq : mqs) body.mqSet.push_back(toKey(mq));
    auto locked = instance_->getMQClientAPIImpl().lockBatchMQ(addr, body, kQueueLockTimeout);
    if (!locked.ok()) {
      logger("client")->error("lockBatchMQ of {} queue(s) on {} failed: {}", mqs.size(), broker,
                              locked.status().toString());
      continue;
    }
    std::lock_guard guard(mutex_);
    for (const auto& mq : mqs) {
      auto it = process_queues_.find(mq);
      if (it == process_queues_.end()) continue;
      ProcessQueue& pq = *it->second;
      if (locked->contains(mq)) {
        if (!pq.isLocked())
          logger("client")->info("the message queue locked OK, Group: {} {}", group_, mq.toString());
        pq.setLocked(true);
        pq.touchLock();
      } else {
        pq.setLocked(false);
        logger("client")->warn("the message queue locked Failed, Group: {} {}", group_,
                               mq.toString());
      }
    }
  }
}

void RebalanceImpl::unlock(const MessageQueue& mq, bool oneway) {
  const std::string addr = masterAddress(mq.getBrokerName());
  if (addr.empty()) return;
  remoting::LockBatchRequestBody body{instance_->getClientId(), group_, {toKey(mq)}, std::nullopt};
  Status s = instance_->getMQClientAPIImpl().unlockBatchMQ(addr, body, kQueueLockTimeout, oneway);
  if (!s.ok()) {
    logger("client")->error("unlockBatchMQ of {} failed: {}", mq.toString(), s.toString());
    return;
  }
  logger("client")->info("unlock messageQueue. group:{}, clientId:{}, mq:{}", group_,
                         instance_->getClientId(), mq.toString());
}

void RebalanceImpl::unlockAll(bool oneway) {
  // After a rebalance in progress, so that it cannot lock a queue behind
  // this release (shutdown stops new rebalances before calling this).
  std::lock_guard rebalance_lock(rebalance_mutex_);
  for (const auto& [broker, mqs] : heldQueuesByBroker()) {
    const std::string addr = masterAddress(broker);
    if (addr.empty()) continue;
    remoting::LockBatchRequestBody body{instance_->getClientId(), group_, {}, std::nullopt};
    for (const auto& mq : mqs) body.mqSet.push_back(toKey(mq));
    Status s = instance_->getMQClientAPIImpl().unlockBatchMQ(addr, body, kQueueLockTimeout, oneway);
    if (!s.ok()) {
      logger("client")->error("unlockBatchMQ of {} queue(s) on {} failed: {}", mqs.size(), broker,
                              s.toString());
      continue;
    }
    std::lock_guard guard(mutex_);
    for (const auto& mq : mqs) {
      if (auto it = process_queues_.find(mq); it != process_queues_.end())
        it->second->setLocked(false);
    }
  }
}

void RebalanceImpl::truncateMessageQueueNotMyTopic() {
  std::lock_guard lock(mutex_);
  for (auto it = process_queues_.begin(); it != process_queues_.end();) {
    if (!subscriptions_.contains(it->first.getTopic())) {
      it->second->setDropped(true);
      logger("client")->info("doRebalance, {}, truncateMessageQueueNotMyTopic remove {}", group_,
                             it->first.toString());
      it = process_queues_.erase(it);
    } else {
      ++it;
    }
  }
}

Result<std::int64_t> computePullFromWhere(MQClientInstance& instance, OffsetStore& store,
                                          ConsumeFromWhere where,
                                          const std::string& consumeTimestamp,
                                          const MessageQueue& mq) {
  const std::int64_t stored = store.readOffset(mq, ReadOffsetType::MEMORY_FIRST_THEN_STORE);
  if (stored >= 0) return stored;
  if (stored != -1) {
    return Status::Unavailable("could not read the consume offset of " + mq.toString());
  }
  const bool retry = mq.getTopic().starts_with(kRetryGroupTopicPrefix);
  switch (where) {
    case ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET:
      return std::int64_t{0};
    case ConsumeFromWhere::CONSUME_FROM_TIMESTAMP: {
      if (retry) return maxOffset(instance, mq);
      auto ts = parseConsumeTimestamp(consumeTimestamp);
      if (!ts) return Status::InvalidArgument("bad consumeTimestamp " + consumeTimestamp);
      return searchOffset(instance, mq, *ts);
    }
    default:  // LAST_OFFSET and the deprecated variants
      if (retry) return std::int64_t{0};
      return maxOffset(instance, mq);
  }
}

std::optional<std::int64_t> parseConsumeTimestamp(const std::string& text) {
  if (text.size() != 14 || !std::all_of(text.begin(), text.end(), ::isdigit)) return std::nullopt;
  std::tm tm{};
  auto num = [&](std::size_t pos, std::size_t len) { return std::stoi(text.substr(pos, len)); };
  tm.tm_year = num(0, 4) - 1900;
  tm.tm_mon = num(4, 2) - 1;
  tm.tm_mday = num(6, 2);
  tm.tm_hour = num(8, 2);
  tm.tm_min = num(10, 2);
  tm.tm_sec = num(12, 2);
  tm.tm_isdst = -1;
  const std::time_t t = std::mktime(&tm);
  if (t == static_cast<std::time_t>(-1)) return std::nullopt;
  return static_cast<std::int64_t>(t) * 1000;
}

std::string defaultConsumeTimestamp() {
  const std::time_t t = std::time(nullptr) - 30 * 60;
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof(buf), "%Y%m%d%H%M%S", &tm);
  return buf;
}

}  // namespace apogee::client
