#include "apogee/default_mq_pull_consumer.h"

#include "client/consumer/default_mq_pull_consumer_impl.h"

namespace apogee {

DefaultMQPullConsumer::DefaultMQPullConsumer(std::string consumerGroup)
    : consumer_group_(std::move(consumerGroup)),
      strategy_(std::make_shared<AllocateMessageQueueAveragely>()),
      impl_(std::make_shared<client::DefaultMQPullConsumerImpl>()) {}

DefaultMQPullConsumer::~DefaultMQPullConsumer() {
  try {
    shutdown();
  } catch (...) {
    // A destructor must not throw; shutdown logs its own failures.
  }
}

void DefaultMQPullConsumer::start() {
  changeInstanceNameToPID();
  impl_->start(*this);
}

void DefaultMQPullConsumer::shutdown() { impl_->shutdown(); }

std::shared_ptr<OffsetStore> DefaultMQPullConsumer::getOffsetStore() const {
  auto store = impl_->offsetStore();
  return store ? store : offset_store_;
}

std::set<MessageQueue> DefaultMQPullConsumer::fetchSubscribeMessageQueues(
    const std::string& topic) {
  return impl_->fetchSubscribeMessageQueues(topic);
}

std::set<MessageQueue> DefaultMQPullConsumer::fetchMessageQueuesInBalance(
    const std::string& topic) {
  return impl_->fetchMessageQueuesInBalance(topic);
}

void DefaultMQPullConsumer::registerMessageQueueListener(const std::string& topic,
                                                         MessageQueueListener listener) {
  register_topics_.insert(topic);
  if (listener) listener_ = std::move(listener);
}

PullResult DefaultMQPullConsumer::pull(const MessageQueue& mq, const std::string& subExpression,
                                       std::int64_t offset, int maxNums) {
  return pull(mq, subExpression, offset, maxNums, pull_timeout_);
}

PullResult DefaultMQPullConsumer::pull(const MessageQueue& mq, const std::string& subExpression,
                                       std::int64_t offset, int maxNums,
                                       std::chrono::milliseconds timeout) {
  return impl_->pullSync(mq, subExpression, offset, maxNums, false, timeout);
}

void DefaultMQPullConsumer::pull(const MessageQueue& mq, const std::string& subExpression,
                                 std::int64_t offset, int maxNums, PullCallback callback) {
  pull(mq, subExpression, offset, maxNums, std::move(callback), pull_timeout_);
}

void DefaultMQPullConsumer::pull(const MessageQueue& mq, const std::string& subExpression,
                                 std::int64_t offset, int maxNums, PullCallback callback,
                                 std::chrono::milliseconds timeout) {
  impl_->pullAsync(mq, subExpression, offset, maxNums, false, timeout, std::move(callback));
}

PullResult DefaultMQPullConsumer::pullBlockIfNotFound(const MessageQueue& mq,
                                                      const std::string& subExpression,
                                                      std::int64_t offset, int maxNums) {
  return impl_->pullSync(mq, subExpression, offset, maxNums, true, pull_timeout_);
}

void DefaultMQPullConsumer::pullBlockIfNotFound(const MessageQueue& mq,
                                                const std::string& subExpression,
                                                std::int64_t offset, int maxNums,
                                                PullCallback callback) {
  impl_->pullAsync(mq, subExpression, offset, maxNums, true, pull_timeout_, std::move(callback));
}

void DefaultMQPullConsumer::updateConsumeOffset(const MessageQueue& mq, std::int64_t offset) {
  impl_->updateConsumeOffset(mq, offset);
}

std::int64_t DefaultMQPullConsumer::fetchConsumeOffset(const MessageQueue& mq, bool fromStore) {
  return impl_->fetchConsumeOffset(mq, fromStore);
}

std::int64_t DefaultMQPullConsumer::maxOffset(const MessageQueue& mq) {
  return impl_->maxOffset(mq);
}

std::int64_t DefaultMQPullConsumer::minOffset(const MessageQueue& mq) {
  return impl_->minOffset(mq);
}

std::int64_t DefaultMQPullConsumer::searchOffset(const MessageQueue& mq, std::int64_t timestamp) {
  return impl_->searchOffset(mq, timestamp);
}

std::int64_t DefaultMQPullConsumer::earliestMsgStoreTime(const MessageQueue& mq) {
  return impl_->earliestMsgStoreTime(mq);
}

void DefaultMQPullConsumer::sendMessageBack(const MessageExt& msg, int delayLevel,
                                            const std::string& brokerName) {
  impl_->sendMessageBack(msg, delayLevel, brokerName);
}

}  // namespace apogee
