#include "client/consumer/default_mq_pull_consumer_impl.h"

#include "client/client_error.h"
#include "client/consumer/consumer_support.h"
#include "client/consumer/mq_admin.h"
#include "client/mq_client_instance.h"
#include "common/logging.h"
#include "remoting/headers/pull.h"

namespace apogee::client {

// RocketMQ's RebalancePullImpl: queues are only reported to the listener;
// the application pulls them itself from the offsets it keeps.
class DefaultMQPullConsumerImpl::Rebalance final : public RebalanceImpl {
 public:
  Rebalance(DefaultMQPullConsumerImpl& owner, const DefaultMQPullConsumer& config)
      : RebalanceImpl(owner.group_, config.getMessageModel(),
                      config.getAllocateMessageQueueStrategy()),
        owner_(owner),
        listener_(config.getMessageQueueListener()) {}

 protected:
  void messageQueueChanged(const std::string& topic, const std::set<MessageQueue>& mqAll,
                           const std::set<MessageQueue>& mqDivided) override {
    if (!listener_) return;
    try {
      listener_(topic, mqAll, mqDivided);
    } catch (const std::exception& e) {
      logger("client")->error("messageQueueChanged threw: {}", e.what());
    }
  }
  bool removeUnnecessaryMessageQueue(const MessageQueue& mq,
                                     const std::shared_ptr<ProcessQueue>&) override {
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
  Result<std::int64_t> computePullFromWhere(const MessageQueue&) override {
    return std::int64_t{0};
  }
  void dispatchPullRequest(std::vector<PullRequest>) override {}

 private:
  DefaultMQPullConsumerImpl& owner_;
  MessageQueueListener listener_;
};

DefaultMQPullConsumerImpl::DefaultMQPullConsumerImpl() = default;
DefaultMQPullConsumerImpl::~DefaultMQPullConsumerImpl() = default;

void DefaultMQPullConsumerImpl::start(const DefaultMQPullConsumer& config) {
  if (running_ || rebalance_) {
    throw MQClientException("The PullConsumer service state not OK, maybe started once");
  }
  checkConsumerGroup(config.getConsumerGroup());
  config_ = config;
  group_ = config.withNamespace(config.getConsumerGroup());
  model_ = config.getMessageModel();
  broker_suspend_max_ = config.getBrokerSuspendMaxTimeMillis();
  timeout_when_suspend_ = config.getConsumerTimeoutMillisWhenSuspend();
  max_reconsume_times_ = config.getMaxReconsumeTimes();
  rebalance_ = std::make_unique<Rebalance>(*this, config);
  for (const auto& topic : config.getRegisterTopics()) {
    auto sub = remoting::buildSubscriptionData(config.withNamespace(topic), "*");
    if (sub.ok()) rebalance_->putSubscription(std::move(sub).value());
  }
  auto instance = registerAndStart(config, group_, shared_from_this());
  pull_api_ = std::make_shared<PullAPIWrapper>(*instance, group_);
  offset_store_ = makeOffsetStore(config.getOffsetStore(), model_, *instance, group_,
                                  config.getLocalOffsetStoreDir());
  offset_store_->load();
  rebalance_->setInstance(instance.get());
  instance_ = std::move(instance);
  running_ = true;
  for (const auto& topic : config.getRegisterTopics())
    (void)instance_->updateTopicRouteInfoFromNameServer(config.withNamespace(topic));
  instance_->sendHeartbeatToAllBrokers();
  if (!config.getRegisterTopics().empty()) instance_->rebalanceImmediately();
}

void DefaultMQPullConsumerImpl::shutdown() {
  if (!running_.exchange(false)) return;
  persistConsumerOffset();
  instance_->unregisterConsumer(group_);
  instance_->shutdown();
  rebalance_->dropAll();
  instance_.reset();
}

void DefaultMQPullConsumerImpl::ensureRunning() const {
  if (!running_) throwNotRunning("not started or already shut down");
}

std::vector<remoting::SubscriptionData> DefaultMQPullConsumerImpl::subscriptions() const {
  std::vector<remoting::SubscriptionData> out;
  for (auto& [topic, sub] : rebalance_->subscriptions()) out.push_back(std::move(sub));
  return out;
}

void DefaultMQPullConsumerImpl::updateTopicSubscribeInfo(const std::string& topic,
                                                         const std::set<MessageQueue>& queues) {
  rebalance_->updateTopicSubscribeInfo(topic, queues);
}

bool DefaultMQPullConsumerImpl::isSubscribeTopicNeedUpdate(const std::string& topic) const {
  return rebalance_->isSubscribeTopicNeedUpdate(topic);
}

void DefaultMQPullConsumerImpl::doRebalance() {
  if (running_) rebalance_->doRebalance();
}

void DefaultMQPullConsumerImpl::persistConsumerOffset() {
  if (!offset_store_) return;
  // Every queue the application recorded an offset for (RocketMQ persists
  // the rebalanced ones; a pull consumer also commits queues it chose).
  std::set<MessageQueue> mqs;
  for (const auto& [mq, offset] : offset_store_->cloneOffsetTable({})) mqs.insert(mq);
  for (const auto& mq : rebalance_->heldQueues()) mqs.insert(mq);
  offset_store_->persistAll(mqs);
}

void DefaultMQPullConsumerImpl::subscriptionAutomatically(const std::string& topic) {
  if (rebalance_->subscription(topic)) return;
  auto sub = remoting::buildSubscriptionData(topic, "*");
  if (sub.ok()) rebalance_->putSubscription(std::move(sub).value());
}

PullArgs DefaultMQPullConsumerImpl::makeArgs(const MessageQueue& mq,
                                             const std::string& subExpression, std::int64_t offset,
                                             int maxNums, bool block,
                                             std::chrono::milliseconds timeout) const {
  if (offset < 0) throw MQClientException("offset < 0");
  if (maxNums <= 0) throw MQClientException("maxNums <= 0");
  auto sub = remoting::buildSubscriptionData(mq.getTopic(), subExpression);
  if (!sub.ok()) throw MQClientException("parse subscription error: " + sub.status().message());
  PullArgs args;
  args.mq = mq;
  args.subscription = std::make_shared<const remoting::SubscriptionData>(std::move(sub).value());
  args.offset = offset;
  args.maxNums = maxNums;
  args.sysFlag = remoting::PullSysFlag::build(false, block, true, false);
  args.brokerSuspendMaxTime = broker_suspend_max_;
  args.timeout = block ? timeout_when_suspend_ : timeout;
  return args;
}

PullResult DefaultMQPullConsumerImpl::pullSync(const MessageQueue& userMq,
                                               const std::string& subExpression,
                                               std::int64_t offset, int maxNums, bool block,
                                               std::chrono::milliseconds timeout) {
  ensureRunning();
  const MessageQueue mq = config_.queueWithNamespace(userMq);
  subscriptionAutomatically(mq.getTopic());
  PullResult result = valueOrThrow(
      pull_api_->pullSync(makeArgs(mq, subExpression, offset, maxNums, block, timeout)));
  resetTopic(result, config_);
  return result;
}

void DefaultMQPullConsumerImpl::pullAsync(const MessageQueue& userMq,
                                          const std::string& subExpression, std::int64_t offset,
                                          int maxNums, bool block,
                                          std::chrono::milliseconds timeout,
                                          ::apogee::PullCallback callback) {
  ensureRunning();
  const MessageQueue mq = config_.queueWithNamespace(userMq);
  subscriptionAutomatically(mq.getTopic());
  PullArgs args = makeArgs(mq, subExpression, offset, maxNums, block, timeout);
  pull_api_->pullAsync(args,
                       [cb = std::move(callback), config = config_](Result<PullResult> result) {
                         try {
                           if (!result.ok()) throwStatus(result.status());
                           resetTopic(*result, config);
                           if (cb.onSuccess) cb.onSuccess(*result);
                         } catch (const MQClientException& e) {
                           if (cb.onException) cb.onException(e);
                         } catch (const std::exception& e) {
                           logger("client")->warn("pull callback threw: {}", e.what());
                         }
                       });
}

std::set<MessageQueue> DefaultMQPullConsumerImpl::fetchSubscribeMessageQueues(
    const std::string& topic) {
  ensureRunning();
  auto queues =
      valueOrThrow(client::fetchSubscribeMessageQueues(*instance_, config_.withNamespace(topic)));
  if (config_.getNamespace().empty()) return queues;
  std::set<MessageQueue> out;
  for (auto mq : queues) {
    mq.setTopic(config_.withoutNamespace(mq.getTopic()));
    out.insert(std::move(mq));
  }
  return out;
}

std::set<MessageQueue> DefaultMQPullConsumerImpl::fetchMessageQueuesInBalance(
    const std::string& topic) {
  ensureRunning();
  return rebalance_->heldQueues(config_.withNamespace(topic));
}

void DefaultMQPullConsumerImpl::updateConsumeOffset(const MessageQueue& mq, std::int64_t offset) {
  ensureRunning();
  offset_store_->updateOffset(config_.queueWithNamespace(mq), offset, false);
}

std::int64_t DefaultMQPullConsumerImpl::fetchConsumeOffset(const MessageQueue& mq, bool fromStore) {
  ensureRunning();
  const std::int64_t offset = offset_store_->readOffset(
      config_.queueWithNamespace(mq),
      fromStore ? ReadOffsetType::READ_FROM_STORE : ReadOffsetType::MEMORY_FIRST_THEN_STORE);
  if (offset == -2) throw MQClientException("Fetch consume offset from broker exception");
  return offset;
}

std::int64_t DefaultMQPullConsumerImpl::maxOffset(const MessageQueue& mq) {
  ensureRunning();
  return valueOrThrow(client::maxOffset(*instance_, config_.queueWithNamespace(mq)));
}

std::int64_t DefaultMQPullConsumerImpl::minOffset(const MessageQueue& mq) {
  ensureRunning();
  return valueOrThrow(client::minOffset(*instance_, config_.queueWithNamespace(mq)));
}

std::int64_t DefaultMQPullConsumerImpl::searchOffset(const MessageQueue& mq,
                                                     std::int64_t timestamp) {
  ensureRunning();
  return valueOrThrow(client::searchOffset(*instance_, config_.queueWithNamespace(mq), timestamp));
}

std::int64_t DefaultMQPullConsumerImpl::earliestMsgStoreTime(const MessageQueue& mq) {
  ensureRunning();
  return valueOrThrow(client::earliestMsgStoreTime(*instance_, config_.queueWithNamespace(mq)));
}

void DefaultMQPullConsumerImpl::sendMessageBack(const MessageExt& msg, int delayLevel,
                                                const std::string& brokerName) {
  ensureRunning();
  const std::string addr =
      brokerName.empty() ? msg.getStoreHost() : instance_->findBrokerAddressInPublish(brokerName);
  if (addr.empty()) throw MQClientException("The broker[" + brokerName + "] not exist");
  Status s = instance_->getMQClientAPIImpl().consumerSendMessageBack(
      addr, msg, group_, delayLevel, max_reconsume_times_, std::chrono::milliseconds(3000));
  if (!s.ok()) throwStatus(s, addr);
}

}  // namespace apogee::client
