#include "apogee/default_lite_pull_consumer.h"

#include "client/consumer/default_lite_pull_consumer_impl.h"

namespace apogee {

DefaultLitePullConsumer::DefaultLitePullConsumer(std::string consumerGroup)
    : consumer_group_(std::move(consumerGroup)),
      strategy_(std::make_shared<AllocateMessageQueueAveragely>()),
      impl_(std::make_shared<client::DefaultLitePullConsumerImpl>()) {}

DefaultLitePullConsumer::~DefaultLitePullConsumer() {
  try {
    shutdown();
  } catch (...) {
    // A destructor must not throw; shutdown logs its own failures.
  }
}

void DefaultLitePullConsumer::start() {
  changeInstanceNameToPID();
  impl_->start(*this);
}
void DefaultLitePullConsumer::shutdown() { impl_->shutdown(); }
bool DefaultLitePullConsumer::isRunning() const { return impl_->isRunning(); }
void DefaultLitePullConsumer::subscribe(const std::string& topic,
                                        const std::string& subExpression) {
  impl_->subscribe(topic, subExpression);
}
void DefaultLitePullConsumer::unsubscribe(const std::string& topic) { impl_->unsubscribe(topic); }
void DefaultLitePullConsumer::assign(const std::vector<MessageQueue>& messageQueues) {
  impl_->assign(messageQueues);
}
void DefaultLitePullConsumer::setSubExpressionForAssign(const std::string& topic,
                                                        const std::string& subExpression) {
  impl_->setSubExpressionForAssign(topic, subExpression);
}
std::set<MessageQueue> DefaultLitePullConsumer::assignment() const { return impl_->assignment(); }
std::set<MessageQueue> DefaultLitePullConsumer::fetchMessageQueues(const std::string& topic) {
  return impl_->fetchMessageQueues(topic);
}
void DefaultLitePullConsumer::registerTopicMessageQueueChangeListener(
    const std::string& topic, TopicMessageQueueChangeListener listener) {
  impl_->registerTopicMessageQueueChangeListener(topic, std::move(listener));
}
std::vector<MessageExt> DefaultLitePullConsumer::poll() { return impl_->poll(poll_timeout_); }
std::vector<MessageExt> DefaultLitePullConsumer::poll(std::chrono::milliseconds timeout) {
  return impl_->poll(timeout);
}
void DefaultLitePullConsumer::seek(const MessageQueue& mq, std::int64_t offset) {
  impl_->seek(mq, offset);
}
void DefaultLitePullConsumer::seekToBegin(const MessageQueue& mq) { impl_->seekToBegin(mq); }
void DefaultLitePullConsumer::seekToEnd(const MessageQueue& mq) { impl_->seekToEnd(mq); }
void DefaultLitePullConsumer::pause(const std::vector<MessageQueue>& messageQueues) {
  impl_->pause(messageQueues);
}
void DefaultLitePullConsumer::resume(const std::vector<MessageQueue>& messageQueues) {
  impl_->resume(messageQueues);
}
void DefaultLitePullConsumer::commitSync() { impl_->commitAll(); }
std::int64_t DefaultLitePullConsumer::committed(const MessageQueue& mq) {
  return impl_->committed(mq);
}
std::int64_t DefaultLitePullConsumer::offsetForTimestamp(const MessageQueue& mq,
                                                         std::int64_t timestamp) {
  return impl_->offsetForTimestamp(mq, timestamp);
}

}  // namespace apogee
