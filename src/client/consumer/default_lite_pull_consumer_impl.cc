#include "client/consumer/default_lite_pull_consumer_impl.h"

#include "client/consumer/consumer_support.h"
#include "client/consumer/mq_admin.h"
#include "client/mq_client_instance.h"
#include "common/logging.h"
#include "remoting/headers/pull.h"
#include "remoting/response_code.h"

namespace apogee::client {
namespace {

using namespace std::chrono_literals;
// DefaultLitePullConsumerImpl's delays.
constexpr auto kDelayWhenCacheFlowControl = 50ms;
constexpr auto kDelayWhenBrokerFlowControl = 20ms;
constexpr auto kDelayWhenPause = 1000ms;
constexpr auto kDelayOnException = 3000ms;

}  // namespace

// RocketMQ's RebalanceLitePullImpl: newly assigned queues start pull tasks
// at the computed offset; removed ones stop and commit.
class DefaultLitePullConsumerImpl::Rebalance final : public RebalanceImpl {
 public:
  Rebalance(DefaultLitePullConsumerImpl& owner, const DefaultLitePullConsumer& config)
      : RebalanceImpl(owner.group_, config.getMessageModel(),
                      config.getAllocateMessageQueueStrategy()),
        owner_(owner) {}

 protected:
  void messageQueueChanged(const std::string& topic, const std::set<MessageQueue>& mqAll,
                           const std::set<MessageQueue>& mqDivided) override {
    if (!owner_.user_listener_) return;
    try {
      owner_.user_listener_(topic, mqAll, mqDivided);
    } catch (const std::exception& e) {
      logger("client")->error("messageQueueChanged threw: {}", e.what());
    }
  }
  bool removeUnnecessaryMessageQueue(const MessageQueue& mq,
                                     const std::shared_ptr<ProcessQueue>&) override {
    std::int64_t consumed = -1;
    {
      std::lock_guard lock(owner_.mutex_);
      auto it = owner_.queues_.find(mq);
      if (it != owner_.queues_.end()) consumed = it->second.consumeOffset;
      owner_.removeQueueLocked(mq);
    }
    // With auto commit, what was polled counts as consumed: the next owner
    // starts after it (fewer duplicates than RocketMQ, never fewer messages).
    if (owner_.settings_.autoCommit && consumed >= 0)
      owner_.offset_store_->updateOffset(mq, consumed, false);
    owner_.offset_store_->persist(mq);
    owner_.offset_store_->removeOffset(mq);
    return true;
  }
  remoting::ConsumeType consumeType() const override {
    return remoting::ConsumeType::CONSUME_ACTIVELY;
  }
  void removeDirtyOffset(const MessageQueue& mq) override {
    owner_.offset_store_->removeOffset(mq);
  }
  Result<std::int64_t> computePullFromWhere(const MessageQueue& mq) override {
    return client::computePullFromWhere(*instance_, *owner_.offset_store_, owner_.settings_.from,
                                        owner_.settings_.consumeTimestamp, mq);
  }
  void dispatchPullRequest(std::vector<PullRequest> requests) override {
    for (auto& r : requests) owner_.addQueue(r.mq, r.pq, r.nextOffset);
  }

 private:
  DefaultLitePullConsumerImpl& owner_;
};

DefaultLitePullConsumerImpl::DefaultLitePullConsumerImpl() = default;
DefaultLitePullConsumerImpl::~DefaultLitePullConsumerImpl() = default;

void DefaultLitePullConsumerImpl::start(const DefaultLitePullConsumer& config) {
  if (started_once_)
    throw MQClientException("The PullConsumer service state not OK, maybe started once");
  checkConsumerGroup(config.getConsumerGroup());
  started_once_ = true;
  config_ = config;
  group_ = config.withNamespace(config.getConsumerGroup());
  settings_ = Settings{
      .model = config.getMessageModel(),
      .from = config.getConsumeFromWhere(),
      .consumeTimestamp = config.getConsumeTimestamp().empty() ? defaultConsumeTimestamp()
                                                               : config.getConsumeTimestamp(),
      .pullBatchSize = config.getPullBatchSize(),
      .thresholdForAll = config.getPullThresholdForAll(),
      .thresholdForQueue = config.getPullThresholdForQueue(),
      .thresholdSizeForQueueMiB = config.getPullThresholdSizeForQueue(),
      .consumeMaxSpan = config.getConsumeMaxSpan(),
      .autoCommit = config.isAutoCommit(),
      .autoCommitInterval = config.getAutoCommitIntervalMillis(),
      .timeoutWhenSuspend = config.getConsumerTimeoutMillisWhenSuspend(),
      .brokerSuspendMax = config.getBrokerSuspendMaxTimeMillis(),
      .topicCheckInterval = config.getTopicMetadataCheckIntervalMillis(),
  };
  user_listener_ = config.getMessageQueueListener();
  rebalance_ = std::make_unique<Rebalance>(*this, config);
  std::vector<std::string> topics;
  {
    std::lock_guard lock(mutex_);
    for (auto& [topic, sub] : pending_subs_) {
      topics.push_back(topic);
      rebalance_->putSubscription(std::move(sub));
    }
    pending_subs_.clear();
  }
  auto instance = registerAndStart(config, group_, shared_from_this());
  pull_api_ = std::make_shared<PullAPIWrapper>(*instance, group_);
  offset_store_ = makeOffsetStore(config.getOffsetStore(), settings_.model, *instance, group_,
                                  config.getLocalOffsetStoreDir());
  offset_store_->load();
  rebalance_->setInstance(instance.get());
  pull_lane_ = instance->pullExecutor()->openLane(group_, 1);
  instance_ = std::move(instance);
  next_auto_commit_ = std::chrono::steady_clock::now() + settings_.autoCommitInterval;
  running_ = true;
  for (const auto& topic : topics) (void)instance_->updateTopicRouteInfoFromNameServer(topic);
  instance_->sendHeartbeatToAllBrokers();
  std::vector<std::shared_ptr<PullTask>> tasks;
  {
    std::lock_guard lock(mutex_);
    for (auto& [mq, state] : queues_) {  // assigned before start
      state.task = std::make_shared<PullTask>(mq);
      tasks.push_back(state.task);
    }
  }
  for (const auto& t : tasks) schedule(t, {});
  if (!topics.empty()) instance_->rebalanceImmediately();
  pull_lane_->executeLater(
      [weak = weak_from_this()] {
        if (auto self = weak.lock()) self->checkTopicMetadata();
      },
      settings_.topicCheckInterval);
}

void DefaultLitePullConsumerImpl::shutdown() {
  if (!running_) return;
  if (settings_.autoCommit) commitAll();
  running_ = false;
  persistConsumerOffset();
  instance_->unregisterConsumer(group_);
  pull_lane_->close();
  instance_->shutdown();
  rebalance_->dropAll();
  {
    std::lock_guard lock(mutex_);
    for (auto& [mq, state] : queues_) {
      state.pq->setDropped(true);
      if (state.task) state.task->cancelled = true;
    }
    queues_.clear();
  }
  {
    std::lock_guard lock(cache_mutex_);
    cache_.clear();
  }
  cache_cv_.notify_all();
  instance_.reset();
}

void DefaultLitePullConsumerImpl::ensureRunning() const {
  if (!running_) throw MQClientException("The consumer not running, please start it first.");
}

void DefaultLitePullConsumerImpl::subscribe(const std::string& topic,
                                            const std::string& subExpression) {
  const std::string wire = topic.empty() ? topic : config_.withNamespace(topic);
  auto sub = buildSubscriptionOrThrow(wire, subExpression);
  {
    std::lock_guard lock(mutex_);
    if (mode_ == Mode::kAssign)
      throw MQClientException("Subscribe and assign are mutually exclusive.");
    mode_ = Mode::kSubscribe;
    if (!rebalance_) {
      pending_subs_[wire] = std::move(sub);
      return;
    }
  }
  rebalance_->putSubscription(std::move(sub));
  if (running_) applyNewSubscription(*instance_, wire);
}

void DefaultLitePullConsumerImpl::unsubscribe(const std::string& topic) {
  const std::string wire = config_.withNamespace(topic);
  std::lock_guard lock(mutex_);
  pending_subs_.erase(wire);
  if (rebalance_) rebalance_->removeSubscription(wire);
  std::vector<MessageQueue> gone;
  for (const auto& [mq, state] : queues_) {
    if (mq.getTopic() == wire) gone.push_back(mq);
  }
  for (const auto& mq : gone) removeQueueLocked(mq);
}

void DefaultLitePullConsumerImpl::assign(const std::vector<MessageQueue>& userQueues) {
  if (userQueues.empty()) throw MQClientException("Message queues can not be null or empty.");
  std::set<MessageQueue> wanted;
  for (const auto& mq : userQueues) wanted.insert(config_.queueWithNamespace(mq));
  {
    std::lock_guard lock(mutex_);
    if (mode_ == Mode::kSubscribe)
      throw MQClientException("Subscribe and assign are mutually exclusive.");
    mode_ = Mode::kAssign;
    std::vector<MessageQueue> gone;
    for (const auto& [mq, state] : queues_) {
      if (!wanted.contains(mq)) gone.push_back(mq);
    }
    for (const auto& mq : gone) removeQueueLocked(mq);
  }
  for (const auto& mq : wanted) addQueue(mq, std::make_shared<ProcessQueue>(), -1);
}

void DefaultLitePullConsumerImpl::setSubExpressionForAssign(const std::string& topic,
                                                            const std::string& subExpression) {
  std::lock_guard lock(mutex_);
  assign_expressions_[config_.withNamespace(topic)] = subExpression;
  assign_subs_.erase(config_.withNamespace(topic));
}

std::set<MessageQueue> DefaultLitePullConsumerImpl::assignment() const {
  std::lock_guard lock(mutex_);
  std::set<MessageQueue> out;
  for (const auto& [mq, state] : queues_) {
    MessageQueue user = mq;
    user.setTopic(config_.withoutNamespace(mq.getTopic()));
    out.insert(std::move(user));
  }
  return out;
}

std::set<MessageQueue> DefaultLitePullConsumerImpl::fetchMessageQueues(const std::string& topic) {
  ensureRunning();
  std::set<MessageQueue> out;
  for (auto mq : valueOrThrow(
           client::fetchSubscribeMessageQueues(*instance_, config_.withNamespace(topic)))) {
    mq.setTopic(config_.withoutNamespace(mq.getTopic()));
    out.insert(std::move(mq));
  }
  return out;
}

void DefaultLitePullConsumerImpl::registerTopicMessageQueueChangeListener(
    const std::string& topic, TopicMessageQueueChangeListener listener) {
  if (topic.empty() || !listener) throw MQClientException("Topic or listener is null");
  std::set<MessageQueue> now;
  if (running_) now = fetchMessageQueues(topic);
  std::lock_guard lock(mutex_);
  topic_listeners_[topic] = std::move(listener);
  topic_queues_seen_[topic] = std::move(now);
}

void DefaultLitePullConsumerImpl::checkTopicMetadata() {
  if (!running_) return;
  std::map<std::string, TopicMessageQueueChangeListener> listeners;
  {
    std::lock_guard lock(mutex_);
    listeners = topic_listeners_;
  }
  for (const auto& [topic, listener] : listeners) {
    auto queues = client::fetchSubscribeMessageQueues(*instance_, config_.withNamespace(topic));
    if (!queues.ok()) continue;
    std::set<MessageQueue> user;
    for (auto mq : *queues) {
      mq.setTopic(topic);
      user.insert(std::move(mq));
    }
    bool changed = false;
    {
      std::lock_guard lock(mutex_);
      auto& seen = topic_queues_seen_[topic];
      changed = seen != user;
      if (changed) seen = user;
    }
    if (changed) listener(topic, user);
  }
  pull_lane_->executeLater(
      [weak = weak_from_this()] {
        if (auto self = weak.lock()) self->checkTopicMetadata();
      },
      settings_.topicCheckInterval);
}

void DefaultLitePullConsumerImpl::addQueue(const MessageQueue& mq, std::shared_ptr<ProcessQueue> pq,
                                           std::int64_t pullOffset) {
  std::shared_ptr<PullTask> task;
  {
    std::lock_guard lock(mutex_);
    auto [it, inserted] = queues_.try_emplace(mq);
    if (!inserted) return;
    it->second.pq = std::move(pq);
    it->second.pullOffset = pullOffset;
    if (running_) {
      it->second.task = std::make_shared<PullTask>(mq);
      task = it->second.task;
    }
  }
  if (task) schedule(task, {});
}

void DefaultLitePullConsumerImpl::removeQueueLocked(const MessageQueue& mq) {
  auto it = queues_.find(mq);
  if (it == queues_.end()) return;
  it->second.pq->setDropped(true);
  if (it->second.task) it->second.task->cancelled = true;
  queues_.erase(it);
  clearCacheOf(mq);
}

void DefaultLitePullConsumerImpl::clearCacheOf(const MessageQueue& mq) {
  std::lock_guard lock(cache_mutex_);
  std::erase_if(cache_, [&](const ConsumeRequest& r) { return r.mq == mq; });
}

void DefaultLitePullConsumerImpl::schedule(const std::shared_ptr<PullTask>& task,
                                           std::chrono::milliseconds delay) {
  pull_lane_->executeLater(
      [weak = weak_from_this(), task] {
        if (auto self = weak.lock()) self->runPull(task);
      },
      delay);
}

std::shared_ptr<const remoting::SubscriptionData> DefaultLitePullConsumerImpl::subscriptionFor(
    const std::string& topic) {
  std::lock_guard lock(mutex_);
  if (mode_ == Mode::kSubscribe) return rebalance_->subscription(topic);
  auto& cached = assign_subs_[topic];
  if (!cached) {
    auto expr = assign_expressions_.find(topic);
    auto sub = remoting::buildSubscriptionData(
        topic, expr == assign_expressions_.end() ? std::string("*") : expr->second);
    if (!sub.ok()) return nullptr;
    cached = std::make_shared<const remoting::SubscriptionData>(std::move(sub).value());
  }
  return cached;
}

void DefaultLitePullConsumerImpl::runPull(const std::shared_ptr<PullTask>& task) {
  if (!running_ || task->cancelled) return;
  std::shared_ptr<ProcessQueue> pq;
  bool paused = false;
  {
    std::lock_guard lock(mutex_);
    auto it = queues_.find(task->mq);
    if (it == queues_.end() || it->second.task != task) return;
    pq = it->second.pq;
    paused = it->second.paused;
  }
  if (paused) return schedule(task, kDelayWhenPause);
  if (pq->isDropped()) return;
  std::size_t cached_batches;
  {
    std::lock_guard lock(cache_mutex_);
    cached_batches = cache_.size();
  }
  if (static_cast<std::int64_t>(cached_batches) * settings_.pullBatchSize >
          settings_.thresholdForAll ||
      pq->msgCount() > settings_.thresholdForQueue ||
      pq->msgSize() / (1024 * 1024) > settings_.thresholdSizeForQueueMiB ||
      pq->maxSpan() > settings_.consumeMaxSpan) {
    return schedule(task, kDelayWhenCacheFlowControl);
  }

  std::int64_t offset = -1;
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    auto it = queues_.find(task->mq);
    if (it == queues_.end() || it->second.task != task) return;
    QueueState& state = it->second;
    if (state.seekOffset != -1) {
      state.pullOffset = state.seekOffset;
      state.consumeOffset = state.seekOffset;
      state.seekOffset = -1;
    }
    offset = state.pullOffset;
    generation = state.generation;
  }
  if (offset == -1) {
    // Assign mode: the first pull of a queue looks its offset up (blocking,
    // once per queue).
    auto computed = client::computePullFromWhere(*instance_, *offset_store_, settings_.from,
                                                 settings_.consumeTimestamp, task->mq);
    if (!computed.ok()) {
      logger("client")->warn("no start offset for {}: {}", task->mq.toString(),
                             computed.status().toString());
      return schedule(task, kDelayOnException);
    }
    offset = *computed;
    std::lock_guard lock(mutex_);
    auto it = queues_.find(task->mq);
    if (it == queues_.end() || it->second.task != task) return;
    if (it->second.generation == generation && it->second.pullOffset == -1)
      it->second.pullOffset = offset;
  }
  auto sub = subscriptionFor(task->mq.getTopic());
  if (!sub) return schedule(task, kDelayOnException);
  PullArgs args;
  args.mq = task->mq;
  args.subscription = std::move(sub);
  args.offset = offset;
  args.maxNums = settings_.pullBatchSize;
  args.sysFlag = remoting::PullSysFlag::build(false, true, true, false, true);
  args.brokerSuspendMaxTime = settings_.brokerSuspendMax;
  args.timeout = settings_.timeoutWhenSuspend;
  pq->touchPull();
  pull_api_->pullAsync(args,
                       [weak = weak_from_this(), task, pq, generation](Result<PullResult> result) {
                         if (auto self = weak.lock())
                           self->onPullResult(task, pq, generation, std::move(result));
                       });
}

void DefaultLitePullConsumerImpl::onPullResult(const std::shared_ptr<PullTask>& task,
                                               const std::shared_ptr<ProcessQueue>& pq,
                                               std::uint64_t generation,
                                               Result<PullResult> result) {
  if (!running_ || task->cancelled || pq->isDropped()) return;
  if (!result.ok()) {
    const bool flow = responseCodeOf(result.status()) == remoting::ResponseCode::kFlowControl;
    logger("client")->debug("pull {} failed: {}", task->mq.toString(), result.status().toString());
    return schedule(task, flow ? kDelayWhenBrokerFlowControl : kDelayOnException);
  }
  bool notify = false;
  {
    std::lock_guard lock(mutex_);
    auto it = queues_.find(task->mq);
    if (it == queues_.end() || it->second.task != task) return;
    QueueState& state = it->second;
    // A seek since this pull was sent makes its answer stale.
    if (state.generation == generation && state.seekOffset == -1) {
      if (result->getPullStatus() == PullStatus::FOUND) {
        pq->putMessage(result->getMsgFoundList());
        std::lock_guard cache_lock(cache_mutex_);
        cache_.push_back(ConsumeRequest{std::move(result->mutableMsgFoundList()), task->mq, pq});
        notify = true;
      } else if (result->getPullStatus() == PullStatus::OFFSET_ILLEGAL) {
        logger("client")->warn("The pull request offset illegal, {}", result->toString());
      }
      state.pullOffset = result->getNextBeginOffset();
    }
  }
  if (notify) cache_cv_.notify_one();
  schedule(task, {});
}

std::vector<MessageExt> DefaultLitePullConsumerImpl::poll(std::chrono::milliseconds timeout) {
  ensureRunning();
  if (timeout.count() < 0) throw MQClientException("Timeout must not be negative");
  std::lock_guard poll_lock(poll_mutex_);
  if (settings_.autoCommit) maybeAutoCommit();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::optional<ConsumeRequest> request;
  {
    std::unique_lock lock(cache_mutex_);
    for (;;) {
      while (!cache_.empty() && cache_.front().pq->isDropped()) cache_.pop_front();
      if (!cache_.empty()) {
        request.emplace(std::move(cache_.front()));
        cache_.pop_front();
        break;
      }
      if (!running_ || cache_cv_.wait_until(lock, deadline) == std::cv_status::timeout) {
        while (!cache_.empty() && cache_.front().pq->isDropped()) cache_.pop_front();
        if (cache_.empty()) return {};
      }
    }
  }
  const std::int64_t offset = request->pq->removeMessage(request->msgs);
  {
    std::lock_guard lock(mutex_);
    auto it = queues_.find(request->mq);
    if (it != queues_.end() && it->second.pq == request->pq && offset >= 0)
      it->second.consumeOffset = offset;
  }
  if (!config_.getNamespace().empty()) {
    for (auto& msg : request->msgs) msg.setTopic(config_.withoutNamespace(msg.getTopic()));
  }
  return std::move(request->msgs);
}

void DefaultLitePullConsumerImpl::maybeAutoCommit() {
  const auto now = std::chrono::steady_clock::now();
  if (now < next_auto_commit_) return;
  next_auto_commit_ = now + settings_.autoCommitInterval;
  commitAll();
}

void DefaultLitePullConsumerImpl::seek(const MessageQueue& userMq, std::int64_t offset) {
  ensureRunning();
  const MessageQueue mq = config_.queueWithNamespace(userMq);
  bool subscribed;
  {
    std::lock_guard lock(mutex_);
    subscribed = mode_ == Mode::kSubscribe;
    if (!queues_.contains(mq)) {
      throw MQClientException(std::string("The message queue is not in assigned list") +
                              (subscribed ? ", may be rebalancing" : "") +
                              ", message queue: " + userMq.toString());
    }
  }
  const std::int64_t min = valueOrThrow(client::minOffset(*instance_, mq));
  const std::int64_t max = valueOrThrow(client::maxOffset(*instance_, mq));
  if (offset < min || offset > max) {
    throw MQClientException("Seek offset illegal, seek offset = " + std::to_string(offset) +
                            ", min offset = " + std::to_string(min) +
                            ", max offset = " + std::to_string(max));
  }
  std::shared_ptr<PullTask> task;
  {
    std::lock_guard lock(mutex_);
    auto it = queues_.find(mq);
    if (it == queues_.end()) return;
    QueueState& state = it->second;
    state.pq->clear();
    clearCacheOf(mq);
    if (state.task) state.task->cancelled = true;  // its in-flight pull is discarded
    state.task = std::make_shared<PullTask>(mq);
    state.seekOffset = offset;
    ++state.generation;
    task = state.task;
  }
  schedule(task, {});
}

void DefaultLitePullConsumerImpl::seekToBegin(const MessageQueue& mq) {
  ensureRunning();
  seek(mq, valueOrThrow(client::minOffset(*instance_, config_.queueWithNamespace(mq))));
}

void DefaultLitePullConsumerImpl::seekToEnd(const MessageQueue& mq) {
  ensureRunning();
  seek(mq, valueOrThrow(client::maxOffset(*instance_, config_.queueWithNamespace(mq))));
}

void DefaultLitePullConsumerImpl::pause(const std::vector<MessageQueue>& queues) {
  std::lock_guard lock(mutex_);
  for (const auto& mq : queues) {
    auto it = queues_.find(config_.queueWithNamespace(mq));
    if (it != queues_.end()) it->second.paused = true;
  }
}

void DefaultLitePullConsumerImpl::resume(const std::vector<MessageQueue>& queues) {
  // The paused task polls the flag every second (RocketMQ's
  // PULL_TIME_DELAY_MILLS_WHEN_PAUSE) and pulls again on its next run.
  std::lock_guard lock(mutex_);
  for (const auto& mq : queues) {
    auto it = queues_.find(config_.queueWithNamespace(mq));
    if (it != queues_.end()) it->second.paused = false;
  }
}

void DefaultLitePullConsumerImpl::commitAll() {
  std::map<MessageQueue, std::int64_t> offsets;
  std::set<MessageQueue> all;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [mq, state] : queues_) {
      all.insert(mq);
      if (state.consumeOffset != -1 && !state.pq->isDropped()) offsets[mq] = state.consumeOffset;
    }
  }
  if (!offset_store_) return;
  for (const auto& [mq, offset] : offsets) offset_store_->updateOffset(mq, offset, false);
  if (settings_.model == MessageModel::BROADCASTING) offset_store_->persistAll(all);
}

std::int64_t DefaultLitePullConsumerImpl::committed(const MessageQueue& mq) {
  ensureRunning();
  const std::int64_t offset = offset_store_->readOffset(config_.queueWithNamespace(mq),
                                                        ReadOffsetType::MEMORY_FIRST_THEN_STORE);
  if (offset == -2) throw MQClientException("Fetch consume offset from broker exception");
  return offset;
}

std::int64_t DefaultLitePullConsumerImpl::offsetForTimestamp(const MessageQueue& mq,
                                                             std::int64_t timestamp) {
  ensureRunning();
  return valueOrThrow(client::searchOffset(*instance_, config_.queueWithNamespace(mq), timestamp));
}

std::vector<remoting::SubscriptionData> DefaultLitePullConsumerImpl::subscriptions() const {
  std::vector<remoting::SubscriptionData> out;
  if (!rebalance_) return out;
  for (auto& [topic, sub] : rebalance_->subscriptions()) out.push_back(std::move(sub));
  return out;
}

void DefaultLitePullConsumerImpl::updateTopicSubscribeInfo(const std::string& topic,
                                                           const std::set<MessageQueue>& queues) {
  if (rebalance_) rebalance_->updateTopicSubscribeInfo(topic, queues);
}

bool DefaultLitePullConsumerImpl::isSubscribeTopicNeedUpdate(const std::string& topic) const {
  return rebalance_ && rebalance_->isSubscribeTopicNeedUpdate(topic);
}

void DefaultLitePullConsumerImpl::doRebalance() {
  bool subscribed;
  {
    std::lock_guard lock(mutex_);
    subscribed = mode_ == Mode::kSubscribe;
  }
  if (running_ && subscribed) rebalance_->doRebalance();
}

std::set<MessageQueue> DefaultLitePullConsumerImpl::queuesToPersist() const {
  std::lock_guard lock(mutex_);
  std::set<MessageQueue> out;
  for (const auto& [mq, state] : queues_) out.insert(mq);
  return out;
}

void DefaultLitePullConsumerImpl::persistConsumerOffset() {
  if (!offset_store_) return;
  offset_store_->persistAll(queuesToPersist());
}

}  // namespace apogee::client
