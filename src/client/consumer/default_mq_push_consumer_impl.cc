#include "client/consumer/default_mq_push_consumer_impl.h"

#include <algorithm>

#include "client/client_constants.h"
#include "client/consumer/consume_message_concurrently_service.h"
#include "client/consumer/consume_message_orderly_service.h"
#include "client/consumer/consumer_support.h"
#include "client/mq_client_instance.h"
#include "client/producer/default_mq_producer_impl.h"
#include "common/logging.h"
#include "remoting/body/consumer_running_info.h"
#include "remoting/headers/pull.h"
#include "remoting/response_code.h"

namespace apogee::client {
namespace {

using namespace std::chrono_literals;
// DefaultMQPushConsumerImpl's constants (kPullTimeDelayWhenException is in
// the class: the queue-lock file uses it too).
// After SUBSCRIPTION_NOT_EXIST, once a heartbeat has been asked for (ours).
constexpr auto kPullTimeDelayWhenGroupUnknown = 1000ms;
// After a pull that got no answer (ours; RocketMQ waits 3 s).
constexpr auto kPullTimeDelayWhenBrokerUnreachable = 1000ms;
constexpr auto kPullTimeDelayWhenFlowControl = 50ms;
constexpr auto kPullTimeDelayWhenBrokerFlowControl = 20ms;
constexpr auto kPullTimeDelayWhenSuspend = 1000ms;
// A refused queue lock (handover): rebalance again after 20 ms, doubling
// up to 5 s while it stays refused (a crashed owner's lock on a RocketMQ
// broker lasts 60 s).
constexpr auto kQueueLockRetryFirst = 20ms;
constexpr auto kQueueLockRetryMax = 5000ms;
// Routes still missing after start: asked again after 100 ms, doubling, the
// last time after 6.4 s.
constexpr auto kMissingRouteRetryFirst = 100ms;
constexpr auto kMissingRouteRetryMax = 6400ms;
constexpr auto kBrokerSuspendMaxTime = 15000ms;
constexpr auto kConsumerTimeoutWhenSuspend = 30000ms;
// After OFFSET_ILLEGAL the corrected offset is stored this much later.
constexpr auto kOffsetIllegalDelay = 10000ms;
// Flow control is logged once per this many occurrences.
constexpr std::uint64_t kFlowControlLogEvery = 1000;

void checkRange(int value, int lo, int hi, const char* name) {
  if (value < lo || value > hi) {
    throw MQClientException(std::string(name) + " Out of range [" + std::to_string(lo) + ", " +
                            std::to_string(hi) + "]");
  }
}

std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A steady-clock time as ms since the epoch (wall clock).
std::int64_t wallMs(ProcessQueue::Clock::time_point t) {
  const auto ago = ProcessQueue::Clock::now() - t;
  return nowMs() - std::chrono::duration_cast<std::chrono::milliseconds>(ago).count();
}

// What Java's MixAll.object2Properties(defaultMQPushConsumer) writes for the
// settings (object references left out), plus the PROP_* keys that do not
// change while the consumer runs.
std::map<std::string, std::string> runningInfoProperties(const DefaultMQPushConsumer& c,
                                                         const std::string& group,
                                                         const std::string& consumeTimestamp,
                                                         bool orderly) {
  auto str = [](auto v) { return std::to_string(v); };
  std::map<std::string, std::string> p{
      {"consumerGroup", group},
      {"messageModel", std::string(messageModelName(c.getMessageModel()))},
      {"consumeFromWhere", std::string(consumeFromWhereName(c.getConsumeFromWhere()))},
      {"consumeTimestamp", consumeTimestamp},
      {"allocateMessageQueueStrategy", c.getAllocateMessageQueueStrategy()->getName()},
      {"consumeThreadMin", str(c.getConsumeThreadMin())},
      {"consumeThreadMax", str(c.getConsumeThreadMax())},
      {"consumeConcurrentlyMaxSpan", str(c.getConsumeConcurrentlyMaxSpan())},
      {"pullThresholdForQueue", str(c.getPullThresholdForQueue())},
      {"pullThresholdSizeForQueue", str(c.getPullThresholdSizeForQueue())},
      {"pullThresholdForTopic", str(c.getPullThresholdForTopic())},
      {"pullThresholdSizeForTopic", str(c.getPullThresholdSizeForTopic())},
      {"pullInterval", str(c.getPullInterval().count())},
      {"consumeMessageBatchMaxSize", str(c.getConsumeMessageBatchMaxSize())},
      {"pullBatchSize", str(c.getPullBatchSize())},
      {"maxReconsumeTimes", str(c.getMaxReconsumeTimes())},
      {"suspendCurrentQueueTimeMillis", str(c.getSuspendCurrentQueueTimeMillis().count())},
      {"consumeTimeout",
       str(std::chrono::duration_cast<std::chrono::minutes>(c.getConsumeTimeout()).count())},
      {"postSubscriptionWhenPull", "false"},
      {"unitMode", "false"},
      {std::string(remoting::kPropNamesrvAddr), c.getNamesrvAddr()},
      {std::string(remoting::kPropConsumeOrderly), orderly ? "true" : "false"},
      {std::string(remoting::kPropThreadPoolCoreSize), str(c.getConsumeThreadMin())},
      {std::string(remoting::kPropConsumeType), "CONSUME_PASSIVELY"},
      {std::string(remoting::kPropClientVersion), "V4_9_8"},
      {std::string(remoting::kPropConsumerStartTimestamp), str(nowMs())},
  };
  return p;
}

}  // namespace

// RocketMQ's RebalancePushImpl.
class DefaultMQPushConsumerImpl::Rebalance final : public RebalanceImpl {
 public:
  Rebalance(DefaultMQPushConsumerImpl& owner, const DefaultMQPushConsumer& config)
      : RebalanceImpl(owner.group_, config.getMessageModel(),
                      config.getAllocateMessageQueueStrategy()),
        owner_(owner) {}

 protected:
  void messageQueueChanged(const std::string& topic, const std::set<MessageQueue>&,
                           const std::set<MessageQueue>& mqDivided) override {
    logger("client")->info("{}: {} now owns {} queue(s) of {}", owner_.group_,
                           instance_->getClientId(), mqDivided.size(), topic);
    // Topic-level limits become per-queue limits, divided by the queues of
    // the topic that changed and applied to every queue, as RocketMQ does;
    // unlike RocketMQ, the group's retry topic (one queue, little traffic)
    // does not reset them.
    if (topic.starts_with(kRetryGroupTopicPrefix)) return;
    const auto queues = static_cast<int>(std::max<std::size_t>(1, mqDivided.size()));
    const auto& s = owner_.settings_;
    if (s.thresholdForTopic != -1)
      owner_.threshold_for_queue_ = std::max(1, s.thresholdForTopic / queues);
    if (s.thresholdSizeForTopicMiB != -1)
      owner_.threshold_size_for_queue_mib_ = std::max(1, s.thresholdSizeForTopicMiB / queues);
  }
  bool removeUnnecessaryMessageQueue(const MessageQueue& mq,
                                     const std::shared_ptr<ProcessQueue>& pq) override {
    if (owner_.settings_.orderly && needsQueueLocks()) return owner_.releaseOrderlyQueue(mq, *pq);
    if (owner_.settings_.handover) {
      owner_.handOver(mq, *pq);
      return true;
    }
    owner_.offset_store_->persist(mq);
    owner_.offset_store_->removeOffset(mq);
    return true;
  }
  remoting::ConsumeType consumeType() const override {
    return remoting::ConsumeType::CONSUME_PASSIVELY;
  }
  void removeDirtyOffset(const MessageQueue& mq) override {
    owner_.offset_store_->removeOffset(mq);
  }
  Result<std::int64_t> computePullFromWhere(const MessageQueue& mq) override {
    return client::computePullFromWhere(*instance_, *owner_.offset_store_, owner_.settings_.from,
                                        owner_.settings_.consumeTimestamp, mq);
  }
  void dispatchPullRequest(std::vector<PullRequest> requests) override {
    for (auto& r : requests) {
      owner_.executePullRequestImmediately(std::make_shared<PullRequest>(std::move(r)));
    }
  }

 public:
  bool needsQueueLocks() const override { return owner_.needsQueueLocks(); }

 private:
  DefaultMQPushConsumerImpl& owner_;
};

DefaultMQPushConsumerImpl::DefaultMQPushConsumerImpl() = default;
DefaultMQPushConsumerImpl::~DefaultMQPushConsumerImpl() = default;

void DefaultMQPushConsumerImpl::checkConfig(const DefaultMQPushConsumer& config) const {
  checkConsumerGroup(config.getConsumerGroup());
  if (config.getConsumeFromWhere() == ConsumeFromWhere::CONSUME_FROM_TIMESTAMP &&
      !config.getConsumeTimestamp().empty() &&
      !parseConsumeTimestamp(config.getConsumeTimestamp())) {
    throw MQClientException("consumeTimestamp is invalid, the valid format is yyyyMMddHHmmss, " +
                            config.getConsumeTimestamp());
  }
  if (!config.getAllocateMessageQueueStrategy())
    throw MQClientException("allocateMessageQueueStrategy is null");
  if (!config.concurrently_listener_ && !config.orderly_listener_)
    throw MQClientException("messageListener is null");
  checkRange(config.getConsumeThreadMin(), 1, 1000, "consumeThreadMin");
  checkRange(config.getConsumeThreadMax(), 1, 1000, "consumeThreadMax");
  if (config.getConsumeThreadMin() > config.getConsumeThreadMax())
    throw MQClientException("consumeThreadMin (" + std::to_string(config.getConsumeThreadMin()) +
                            ") is larger than consumeThreadMax (" +
                            std::to_string(config.getConsumeThreadMax()) + ")");
  checkRange(config.getConsumeConcurrentlyMaxSpan(), 1, 65535, "consumeConcurrentlyMaxSpan");
  checkRange(config.getPullThresholdForQueue(), 1, 65535, "pullThresholdForQueue");
  checkRange(config.getPullThresholdSizeForQueue(), 1, 1024, "pullThresholdSizeForQueue");
  if (config.getPullThresholdForTopic() != -1)
    checkRange(config.getPullThresholdForTopic(), 1, 6553500, "pullThresholdForTopic");
  if (config.getPullThresholdSizeForTopic() != -1)
    checkRange(config.getPullThresholdSizeForTopic(), 1, 102400, "pullThresholdSizeForTopic");
  checkRange(static_cast<int>(config.getPullInterval().count()), 0, 65535, "pullInterval");
  checkRange(config.getConsumeMessageBatchMaxSize(), 1, 1024, "consumeMessageBatchMaxSize");
  checkRange(config.getPullBatchSize(), 1, 1024, "pullBatchSize");
  if (config.getConsumeTimeout().count() <= 0)
    throw MQClientException("consumeTimeout must be positive");
  if (config.getMaxReconsumeTimes() < -1)
    throw MQClientException("maxReconsumeTimes must be -1 (16) or more");
}

void DefaultMQPushConsumerImpl::start(const DefaultMQPushConsumer& config) {
  if (started_once_)
    throw MQClientException("The PushConsumer service state not OK, maybe started once");
  checkConfig(config);
  started_once_ = true;
  config_ = config;
  group_ = config.withNamespace(config.getConsumerGroup());
  settings_ = Settings{
      .model = config.getMessageModel(),
      .from = config.getConsumeFromWhere(),
      .consumeTimestamp = config.getConsumeTimestamp().empty() ? defaultConsumeTimestamp()
                                                               : config.getConsumeTimestamp(),
      .pullBatchSize = config.getPullBatchSize(),
      .thresholdForTopic = config.getPullThresholdForTopic(),
      .thresholdSizeForTopicMiB = config.getPullThresholdSizeForTopic(),
      .consumeMaxSpan = config.getConsumeConcurrentlyMaxSpan(),
      .pullInterval = config.getPullInterval(),
      .maxReconsumeTimes = config.getMaxReconsumeTimes(),
      .orderly = static_cast<bool>(config.orderly_listener_),
      .handover = config.isRebalanceHandover() && config.getMessageModel() == MessageModel::CLUSTERING,
      .handoverTimeout = config.getRebalanceHandoverTimeout(),
      .consumeThreadMax = config.getConsumeThreadMax(),
  };

  properties_ =
      runningInfoProperties(config, group_, settings_.consumeTimestamp, settings_.orderly);

  threshold_for_queue_ = config.getPullThresholdForQueue();
  threshold_size_for_queue_mib_ = config.getPullThresholdSizeForQueue();

  // copySubscription: the user's topics, plus the group's retry topic in
  // clustering (failed messages come back through it).
  rebalance_ = std::make_unique<Rebalance>(*this, config);
  std::vector<std::string> topics;
  {
    std::lock_guard lock(mutex_);
    for (auto& [topic, sub] : pending_subs_) {
      topics.push_back(topic);
      rebalance_->putSubscription(sub);
    }
  }
  if (settings_.model == MessageModel::CLUSTERING) {
    const std::string retry = std::string(kRetryGroupTopicPrefix) + group_;
    auto sub = remoting::buildSubscriptionData(retry, "*");
    if (sub.ok()) {
      rebalance_->putSubscription(std::move(sub).value());
      topics.push_back(retry);
    }
  }

  // The instance (the caller changed the instance name to the pid in
  // clustering), pull API, offset store, consume service, then registration.
  auto instance = MQClientManager::getInstance().getOrCreateMQClientInstance(config);
  pull_api_ = std::make_shared<PullAPIWrapper>(*instance, group_);
  offset_store_ = makeOffsetStore(config.getOffsetStore(), settings_.model, *instance, group_,
                                  config.getLocalOffsetStoreDir());
  offset_store_->load();
  // The instance's shared threads: this consumer's listener calls (at most
  // consumeThreadMin at once) and pulls go through lanes of their own.
  auto consume_executor =
      instance->consumeExecutor(static_cast<std::size_t>(std::max(1, config.getConsumeThreadMin())));
  pull_lane_ = instance->pullExecutor()->openLane(group_, 1);
  ConsumeMessageService::SendBack send_back = [this](const MessageExt& msg, int delayLevel,
                                                     const std::string& brokerName) {
    return sendMessageBack(msg, delayLevel, brokerName);
  };
  const ConsumeServiceSettings common{
      .group = group_,
      .model = settings_.model,
      .batchMaxSize = config.getConsumeMessageBatchMaxSize(),
      .threads = config.getConsumeThreadMin(),
      .executor = std::move(consume_executor),
      .namespaceName = config.getNamespace(),
      .stats = &instance->consumerStatsManager(),
  };
  if (settings_.orderly) {
    ConsumeMessageOrderlyService::Settings orderly{common};
    orderly.maxReconsumeTimes = config.getMaxReconsumeTimes();
    orderly.suspendCurrentQueueTime = config.getSuspendCurrentQueueTimeMillis();
    consume_service_ = std::make_unique<ConsumeMessageOrderlyService>(
        std::move(orderly), config.orderly_listener_, offset_store_, std::move(send_back),
        *rebalance_);
  } else {
    ConsumeMessageConcurrentlyService::Settings concurrently{common};
    concurrently.handover = settings_.handover;
    concurrently.consumeTimeout = config.getConsumeTimeout();
    concurrently.processQueueTable = [this] { return processQueueTable(); };
    consume_service_ = std::make_unique<ConsumeMessageConcurrentlyService>(
        std::move(concurrently), config.concurrently_listener_, offset_store_,
        std::move(send_back));
  }
  consume_service_->start();
  rebalance_->setInstance(instance.get());
  rebalance_->setPullMaxIdleTime(pull_max_idle_time_);
  rebalance_->setCacheBudget(instance->cacheBudget());
  if (Status s = instance->registerConsumer(group_, shared_from_this()); !s.ok()) {
    consume_service_->shutdown(0ms);
    pull_lane_->close();
    instance->shutdown();
    started_once_ = false;
    throw MQClientException(s.message());
  }
  if (Status s = instance->start(); !s.ok()) {
    consume_service_->shutdown(0ms);
    pull_lane_->close();
    instance->unregisterConsumer(group_);
    instance->shutdown();
    throw MQClientException(s.message());
  }
  instance_ = std::move(instance);
  running_ = true;

  // Do not wait for the timers: routes, heartbeat and the first rebalance now.
  for (const auto& topic : topics) (void)instance_->updateTopicRouteInfoFromNameServer(topic);
  instance_->sendHeartbeatToAllBrokers();
  // Only now may a rebalance start pulls: a pull that reaches a broker
  // before the heartbeat fails ("the consumer's group info not exist") and
  // waits 3 s.
  heartbeat_sent_ = true;
  // The heartbeat creates the group's retry topic on a broker that lacked
  // it: fetch the routes still missing once more (RocketMQ waits for the
  // next 30 s route poll).
  for (const auto& topic : topics) {
    if (rebalance_->isSubscribeTopicNeedUpdate(topic))
      (void)instance_->updateTopicRouteInfoFromNameServer(topic);
  }
  instance_->rebalanceImmediately();
  // The broker registers a topic it just created with the name server a
  // little later: keep asking for routes still missing, 100 ms then
  // doubling, for about 13 s (updateTopicSubscribeInfo rebalances when one
  // arrives), rather than waiting for the next poll (30 s by default).
  fetchMissingRoutesLater(topics, kMissingRouteRetryFirst);
}

void DefaultMQPushConsumerImpl::fetchMissingRoutesLater(std::vector<std::string> topics,
                                                        std::chrono::milliseconds delay) {
  if (!running_ || delay > kMissingRouteRetryMax) return;
  pull_lane_->executeLater(
      [weak = weak_from_this(), topics = std::move(topics), delay] {
        auto self = weak.lock();
        if (!self || !self->running_) return;
        const bool missing = std::any_of(topics.begin(), topics.end(), [&](const std::string& t) {
          return self->rebalance_->isSubscribeTopicNeedUpdate(t);
        });
        if (!missing) return;
        self->instance_->updateRoutesIn(0ms);  // on the scheduler thread, not this one
        self->fetchMissingRoutesLater(topics, delay * 2);
      },
      delay);
}

void DefaultMQPushConsumerImpl::shutdown(std::chrono::milliseconds awaitTerminate) {
  if (!running_.exchange(false)) return;
  // Stop pulling, let listeners in flight finish, then commit what they
  // consumed and leave the group.
  pull_lane_->close();
  consume_service_->shutdown(awaitTerminate);
  if (needsQueueLocks()) {
    // Handover: each offset committed and acknowledged before the queues
    // are unlocked (a oneway commit could reach the broker after the next
    // owner read the offset). An Apogee broker also releases the locks when
    // we unregister; RocketMQ's keeps them until they expire.
    for (const auto& mq : rebalance_->heldQueues()) (void)commitOffsetSync(mq);
    rebalance_->unlockAll(false);
  } else {
    persistConsumerOffset();
  }
  rebalance_->dropAll();
  instance_->unregisterConsumer(group_);
  // instance_ stays set: the instance's scheduler may still be calling into
  // this consumer (it copied the table before unregisterConsumer).
  instance_->shutdown();
}

void DefaultMQPushConsumerImpl::subscribe(const std::string& topic,
                                          const std::string& subExpression) {
  const std::string wire = topic.empty() ? topic : config_.withNamespace(topic);
  auto sub = buildSubscriptionOrThrow(wire, subExpression);
  {
    std::lock_guard lock(mutex_);
    if (!rebalance_) {
      pending_subs_[wire] = std::move(sub);
      return;
    }
  }
  rebalance_->putSubscription(std::move(sub));
  if (running_) applyNewSubscription(*instance_, wire);
}

void DefaultMQPushConsumerImpl::unsubscribe(const std::string& topic) {
  const std::string wire = config_.withNamespace(topic);
  {
    std::lock_guard lock(mutex_);
    pending_subs_.erase(wire);
  }
  if (rebalance_) rebalance_->removeSubscription(wire);
}

void DefaultMQPushConsumerImpl::executePullRequestImmediately(
    std::shared_ptr<PullRequest> request) {
  executePullRequestLater(std::move(request), 0ms);
}

void DefaultMQPushConsumerImpl::executePullRequestLater(std::shared_ptr<PullRequest> request,
                                                        std::chrono::milliseconds delay) {
  if (!running_) return;
  pull_lane_->executeLater(
      [weak = weak_from_this(), request = std::move(request)] {
        if (auto self = weak.lock()) self->pullMessage(request);
      },
      delay);
}

void DefaultMQPushConsumerImpl::pullMessage(const std::shared_ptr<PullRequest>& request) {
  const auto& pq = request->pq;
  if (!running_ || pq->isDropped()) return;
  pq->touchPull();
  if (pause_) return executePullRequestLater(request, kPullTimeDelayWhenSuspend);

  // Flow control: the queue's cache is full (count, size) or too spread
  // out (concurrently only: an orderly queue is consumed from its start).
  const char* limit = nullptr;
  if (pq->msgCount() > threshold_for_queue_) {
    limit = "count";
  } else if (pq->msgSize() / (1024 * 1024) > threshold_size_for_queue_mib_) {
    limit = "size";
  } else if (!settings_.orderly && pq->maxSpan() > settings_.consumeMaxSpan) {
    limit = "span";
  } else if (instance_->cacheBudget()->mustWait(pq->msgSize())) {
    limit = "instance budget";
  }
  if (limit) {
    if (flow_control_times_++ % kFlowControlLogEvery == 0) {
      logger("client")->warn(
          "the cached message {} exceeds the threshold, so do flow control, count={}, "
          "size={} MiB, span={}, pullRequest={} {}, flowControlTimes={}",
          limit, pq->msgCount(), pq->msgSize() / (1024 * 1024), pq->maxSpan(),
          request->mq.toString(), request->nextOffset, flow_control_times_.load());
    }
    return executePullRequestLater(request, kPullTimeDelayWhenFlowControl);
  }
  if (!checkQueueLockBeforePull(request)) return;

  auto sub = rebalance_->subscription(request->mq.getTopic());
  if (!sub) {
    logger("client")->warn("find the consumer's subscription failed, {}", request->mq.toString());
    return executePullRequestLater(request, kPullTimeDelayWhenException);
  }

  // Piggyback the committed offset (clustering) so the broker stores it.
  bool commitOffsetEnable = false;
  std::int64_t commitOffset = 0;
  if (settings_.model == MessageModel::CLUSTERING) {
    commitOffset = offset_store_->readOffset(request->mq, ReadOffsetType::READ_FROM_MEMORY);
    commitOffsetEnable = commitOffset > 0;
  }
  PullArgs args;
  args.mq = request->mq;
  args.subscription = sub;
  args.offset = request->nextOffset;
  args.maxNums = settings_.pullBatchSize;
  // Java 4.9.8 does not post the subscription (the broker has it from the
  // heartbeat): flags are SUSPEND and, with an offset, COMMIT_OFFSET.
  args.sysFlag = remoting::PullSysFlag::build(commitOffsetEnable, true, false, false, false);
  args.commitOffset = commitOffsetEnable ? commitOffset : 0;
  args.brokerSuspendMaxTime = kBrokerSuspendMaxTime;
  args.timeout = kConsumerTimeoutWhenSuspend;
  args.sendSubVersion = true;
  pull_api_->pullAsync(args, [weak = weak_from_this(), request, sub,
                              begin = std::chrono::steady_clock::now()](Result<PullResult> result) {
    if (auto self = weak.lock()) self->onPullResult(request, sub, begin, std::move(result));
  });
}

void DefaultMQPushConsumerImpl::onPullResult(
    const std::shared_ptr<PullRequest>& request,
    const std::shared_ptr<const remoting::SubscriptionData>&,
    std::chrono::steady_clock::time_point begin, Result<PullResult> result) {
  const auto& pq = request->pq;
  if (!running_ || pq->isDropped()) return;
  if (!result.ok()) {
    const int code = responseCodeOf(result.status()).value_or(0);
    const bool flow = code == remoting::ResponseCode::kFlowControl;
    logger("client")->debug("pull {} failed: {}", request->mq.toString(),
                            result.status().toString());
    // The broker does not know our group: it restarted (or expired us)
    // since our last heartbeat. Heartbeat now and pull again in 1 s, not at
    // the next periodic heartbeat (up to 30 s; what Java waits for).
    if (code == remoting::ResponseCode::kSubscriptionNotExist && instance_) {
      // It has lost the queue locks too: rebalance (renews them) after the
      // heartbeat.
      instance_->heartbeatImmediately();
      instance_->rebalanceImmediately();
      return executePullRequestLater(request, kPullTimeDelayWhenGroupUnknown);
    }
    // No answer at all: the broker is down (or gone from the route); or
    // "request type not supported" to a pull: a broker that answers before
    // its processors are in place is starting (Apogee's no longer does). The
    // instance probes it and asks for the topic's route, and the pull is
    // tried again in 1 s rather than 3 s, so that the broker's return is
    // noticed quickly whatever the length of the outage (docs/client.md
    // "Broker outages").
    if ((code == 0 || code == remoting::ResponseCode::kRequestCodeNotSupported) && instance_) {
      instance_->brokerUnreachable(request->mq.getBrokerName());
      instance_->checkRouteSoon(request->mq.getTopic());
      return executePullRequestLater(request, kPullTimeDelayWhenBrokerUnreachable);
    }
    return executePullRequestLater(
        request, flow ? kPullTimeDelayWhenBrokerFlowControl : kPullTimeDelayWhenException);
  }
  PullResult& r = *result;
  switch (r.getPullStatus()) {
    case PullStatus::FOUND: {
      request->nextOffset = r.getNextBeginOffset();
      auto& msgs = r.mutableMsgFoundList();
      auto& stats = instance_->consumerStatsManager();
      stats.incPullRT(group_, request->mq.getTopic(),
                      std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - begin)
                          .count());
      if (!msgs.empty()) {
        stats.incPullTPS(group_, request->mq.getTopic(), static_cast<std::int64_t>(msgs.size()));
        const bool dispatch = pq->putMessage(msgs, true);
        consume_service_->submitConsumeRequest(std::move(msgs), pq, request->mq, dispatch);
      }
      if (settings_.pullInterval.count() > 0)
        return executePullRequestLater(request, settings_.pullInterval);
      return executePullRequestImmediately(request);
    }
    case PullStatus::NO_NEW_MSG:
    case PullStatus::NO_MATCHED_MSG:
      request->nextOffset = r.getNextBeginOffset();
      // correctTagsOffset: nothing cached, so everything below nextOffset
      // is consumed (or filtered out).
      if (pq->msgCount() == 0) offset_store_->updateOffset(request->mq, request->nextOffset, true);
      return executePullRequestImmediately(request);
    case PullStatus::OFFSET_ILLEGAL: {
      logger("client")->warn("the pull request offset illegal, {} {}", request->mq.toString(),
                             r.toString());
      request->nextOffset = r.getNextBeginOffset();
      pq->setDropped(true);
      // Store and persist the corrected offset, then forget the queue; the
      // next rebalance re-creates it from that offset.
      pull_lane_->executeLater(
          [weak = weak_from_this(), request] {
            auto self = weak.lock();
            if (!self || !self->running_) return;
            self->offset_store_->updateOffset(request->mq, request->nextOffset, false);
            self->offset_store_->persist(request->mq);
            self->rebalance_->removeProcessQueue(request->mq);
            logger("client")->warn("fix the pull request offset, {} -> {}",
                                   request->mq.toString(), request->nextOffset);
          },
          kOffsetIllegalDelay);
      return;
    }
  }
}

Status DefaultMQPushConsumerImpl::sendMessageBack(const MessageExt& msg, int delayLevel,
                                                  const std::string& brokerName) {
  if (!instance_) return Status::InvalidArgument("consumer not running");
  std::string addr = brokerName.empty() ? msg.getStoreHost()
                                        : instance_->findBrokerAddressInPublish(brokerName);
  if (addr.empty()) addr = msg.getStoreHost();
  MessageExt wire = msg;
  wire.setTopic(config_.withNamespace(msg.getTopic()));
  const int maxReconsumeTimes =
      settings_.maxReconsumeTimes == -1 ? 16 : settings_.maxReconsumeTimes;
  Status s = instance_->getMQClientAPIImpl().consumerSendMessageBack(
      addr, wire, group_, delayLevel, maxReconsumeTimes, config_.getMqClientApiTimeout());
  if (s.ok()) return s;
  logger("client")->warn("sendMessageBack of {} to {} failed ({}); re-sending it to the retry "
                         "topic through the inner producer",
                         msg.getMsgId(), addr, s.toString());
  return sendBackThroughInnerProducer(wire, maxReconsumeTimes);
}

// RocketMQ's fallback in DefaultMQPushConsumerImpl.sendMessageBack: the
// client itself sends a copy to %RETRY%<group>, as the broker would have:
// RETRY_TOPIC names the real topic, ORIGIN_MESSAGE_ID the first delivery,
// reconsumeTimes + 1, delay level 3 + reconsumeTimes.
Status DefaultMQPushConsumerImpl::sendBackThroughInnerProducer(const MessageExt& wire,
                                                               int maxReconsumeTimes) {
  auto producer = instance_->innerProducer();
  if (!producer) return Status::InvalidArgument("client instance not running");
  const std::string retryTopic = std::string(kRetryGroupTopicPrefix) + group_;
  Message retry(retryTopic, wire.getBody());
  for (const auto& [key, value] : wire.getProperties()) retry.putProperty(key, value);
  retry.setFlag(wire.getFlag());
  if (retry.getProperty("ORIGIN_MESSAGE_ID").empty())
    retry.putProperty("ORIGIN_MESSAGE_ID", wire.getMsgId());
  // A message taken from the retry topic already names its real topic.
  if (wire.getTopic() != retryTopic) retry.putProperty("RETRY_TOPIC", wire.getTopic());
  retry.putProperty("RECONSUME_TIME", std::to_string(wire.getReconsumeTimes() + 1));
  retry.putProperty("MAX_RECONSUME_TIMES", std::to_string(maxReconsumeTimes));
  retry.clearProperty("TRAN_MSG");
  retry.setDelayTimeLevel(3 + wire.getReconsumeTimes());
  try {
    producer->send(retry, DefaultMQProducerImpl::Mode::kSync, config_.getMqClientApiTimeout());
    return Status::OK();
  } catch (const MQClientException& e) {
    return Status::Unavailable(std::string("re-send to ") + retryTopic + " failed: " + e.what());
  }
}

void DefaultMQPushConsumerImpl::updateCorePoolSize(int corePoolSize) {
  if (!consume_service_ || corePoolSize <= 0 || corePoolSize > 32767 ||
      corePoolSize >= settings_.consumeThreadMax) {
    return;
  }
  consume_service_->updateCorePoolSize(corePoolSize);
}

std::map<MessageQueue, std::shared_ptr<ProcessQueue>> DefaultMQPushConsumerImpl::processQueueTable()
    const {
  if (!rebalance_) return {};
  return rebalance_->processQueueTable();
}

std::vector<remoting::SubscriptionData> DefaultMQPushConsumerImpl::subscriptions() const {
  std::vector<remoting::SubscriptionData> out;
  if (!rebalance_) return out;
  for (auto& [topic, sub] : rebalance_->subscriptions()) out.push_back(std::move(sub));
  return out;
}

void DefaultMQPushConsumerImpl::updateTopicSubscribeInfo(const std::string& topic,
                                                         const std::set<MessageQueue>& queues) {
  if (!rebalance_) return;
  const auto before = rebalance_->topicSubscribeInfo(topic);
  rebalance_->updateTopicSubscribeInfo(topic, queues);
  // A subscribed topic whose queues changed (a route learnt late, such as a
  // new retry topic; a broker that left or came back) is balanced now
  // rather than in up to 20 s.
  const bool changed = !before || *before != queues;
  if (changed && heartbeat_sent_ && rebalance_->subscription(topic))
    instance_->rebalanceImmediately();
}

bool DefaultMQPushConsumerImpl::isSubscribeTopicNeedUpdate(const std::string& topic) const {
  return rebalance_ && rebalance_->isSubscribeTopicNeedUpdate(topic);
}

void DefaultMQPushConsumerImpl::doRebalance() {
  if (!running_ || !heartbeat_sent_) return;
  // Renews the held queues' locks (every rebalance, at least each 20 s;
  // they count as lost after 30 s).
  if (needsQueueLocks()) rebalance_->lockAll();
  rebalance_->doRebalance();
  // A queue whose previous owner is still handing it over, or one this
  // consumer could not release yet: ask again soon rather than at the next
  // 20 s rebalance.
  if (!rebalance_->unfinished()) {
    lock_retry_delay_ = kQueueLockRetryFirst;
    return;
  }
  instance_->rebalanceIn(lock_retry_delay_);
  lock_retry_delay_ = std::min<std::chrono::milliseconds>(lock_retry_delay_ * 2, kQueueLockRetryMax);
}

void DefaultMQPushConsumerImpl::unlockQueue(const MessageQueue& mq) { rebalance_->unlock(mq, false); }

void DefaultMQPushConsumerImpl::persistConsumerOffset() {
  if (!offset_store_ || !rebalance_) return;
  offset_store_->persistAll(rebalance_->heldQueues());
}

// RESET_CONSUMER_CLIENT_OFFSET (RocketMQ's MQClientInstance.resetOffset).
// The held queues of `topic` that the table names are dropped and cleared
// (pulls in flight and listeners running discard their work: everything
// checks the flag), their new offsets are stored and committed
// synchronously, and they leave the table while no rebalance runs; then a
// rebalance runs at once and re-creates them, pulling from the new offsets.
// RocketMQ instead suspends the consumer and sleeps 10 s before storing;
// nothing here waits, so the reset takes effect at once.
void DefaultMQPushConsumerImpl::resetOffset(const std::string& topic,
                                            const std::map<MessageQueue, std::int64_t>& offsets) {
  if (!running_ || !rebalance_) return;
  std::set<MessageQueue> mqs;
  for (const auto& [mq, offset] : offsets) {
    if (mq.getTopic() == topic) mqs.insert(mq);
  }
  auto removed = rebalance_->resetProcessQueues(mqs, [&](const std::set<MessageQueue>& held) {
    for (const auto& mq : held) {
      const std::int64_t offset = offsets.at(mq);
      offset_store_->updateOffset(mq, offset, false);
      if (settings_.model == MessageModel::CLUSTERING) {
        try {
          offset_store_->updateConsumeOffsetToBroker(mq, offset, false);
        } catch (const std::exception& e) {
          logger("client")->warn("reset offset: commit {} of {} failed: {}", offset,
                                 mq.toString(), e.what());
        }
      } else {
        offset_store_->persist(mq);
      }
    }
  });
  logger("client")->info("{}: reset the offsets of {} held queue(s) of {}", group_,
                         removed.size(), topic);
  if (!removed.empty()) instance_->rebalanceImmediately();
}

// GET_CONSUMER_RUNNING_INFO (RocketMQ's DefaultMQPushConsumerImpl
// .consumerRunningInfo plus what MQClientInstance adds): the settings and
// PROP_* properties, the subscriptions, per held queue its commit offset
// (memory, then the broker) and cache, and per subscribed topic the pull and
// consume rates (statusTable); no jstack is given.
std::optional<std::string> DefaultMQPushConsumerImpl::consumerRunningInfo(bool) {
  if (!running_ || !rebalance_) return std::nullopt;
  remoting::ConsumerRunningInfo info;
  info.properties = properties_;
  info.properties[std::string(remoting::kPropThreadPoolCoreSize)] =
      std::to_string(consume_service_->corePoolSize());
  info.subscriptionSet = subscriptions();
  for (const auto& [topic, stats] : consumeStats()) {
    info.statusTable[topic] = remoting::ConsumeStatus{
        .consumeFailedMsgs = stats.consumeFailedMsgs,
        .consumeFailedTPS = stats.consumeFailedTPS,
        .consumeOKTPS = stats.consumeOKTPS,
        .consumeRT = stats.consumeRT,
        .pullRT = stats.pullRT,
        .pullTPS = stats.pullTPS,
    };
  }
  for (const auto& [mq, pq] : rebalance_->processQueueTable()) {
    remoting::ProcessQueueInfo q;
    q.commitOffset = offset_store_->readOffset(mq, ReadOffsetType::MEMORY_FIRST_THEN_STORE);
    if (auto range = pq->cachedOffsetRange()) {
      q.cachedMsgMinOffset = range->first;
      q.cachedMsgMaxOffset = range->second;
    }
    q.cachedMsgCount = static_cast<std::int32_t>(pq->msgCount());
    q.cachedMsgSizeInMiB = static_cast<std::int32_t>(pq->msgSize() / (1024 * 1024));
    q.droped = pq->isDropped();
    q.lastPullTimestamp = wallMs(pq->lastPullTimestamp());
    q.lastConsumeTimestamp = wallMs(pq->lastConsumeTimestamp());
    // Unlocked queues report their creation time, as Java.
    q.locked = pq->isLocked();
    q.lastLockTimestamp = wallMs(pq->lastLockTimestamp());
    q.tryUnlockTimes = pq->tryUnlockTimes();
    info.mqTable.emplace(remoting::MessageQueueKey{mq.getTopic(), mq.getBrokerName(), mq.getQueueId()},
                         q);
  }
  return info.toJson();
}

std::map<std::string, ConsumeStats> DefaultMQPushConsumerImpl::consumeStats() const {
  std::map<std::string, ConsumeStats> out;
  if (!instance_ || !rebalance_) return out;
  for (const auto& [topic, sub] : rebalance_->subscriptions())
    out[topic] = instance_->consumerStatsManager().consumeStatus(group_, topic);
  return out;
}

std::optional<std::string> DefaultMQPushConsumerImpl::consumeMessageDirectly(
    const MessageExt& msg, const std::string& brokerName) {
  if (!running_ || !consume_service_) return std::nullopt;
  return consume_service_->consumeMessageDirectly(msg, brokerName);
}

}  // namespace apogee::client
