#include "apogee/default_mq_push_consumer.h"

#include "client/consumer/default_mq_push_consumer_impl.h"

namespace apogee {

DefaultMQPushConsumer::DefaultMQPushConsumer(std::string consumerGroup)
    : consumer_group_(std::move(consumerGroup)),
      strategy_(std::make_shared<AllocateMessageQueueAveragely>()),
      impl_(std::make_shared<client::DefaultMQPushConsumerImpl>()) {}

DefaultMQPushConsumer::~DefaultMQPushConsumer() {
  try {
    shutdown();
  } catch (...) {
    // A destructor must not throw; shutdown logs its own failures.
  }
}

void DefaultMQPushConsumer::start() {
  if (message_model_ == MessageModel::CLUSTERING) changeInstanceNameToPID();
  impl_->start(*this);
}
void DefaultMQPushConsumer::shutdown(std::chrono::milliseconds awaitTerminateMillis) {
  impl_->shutdown(awaitTerminateMillis);
}
bool DefaultMQPushConsumer::isRunning() const { return impl_->isRunning(); }
void DefaultMQPushConsumer::suspend() { impl_->suspend(); }
void DefaultMQPushConsumer::resume() { impl_->resume(); }
void DefaultMQPushConsumer::updateCorePoolSize(int corePoolSize) {
  impl_->updateCorePoolSize(corePoolSize);
}
std::map<std::string, ConsumeStats> DefaultMQPushConsumer::consumeStats() const {
  return impl_->consumeStats();
}
void DefaultMQPushConsumer::subscribe(const std::string& topic,
                                      const std::string& subExpression) {
  impl_->subscribe(topic, subExpression);
}
void DefaultMQPushConsumer::unsubscribe(const std::string& topic) { impl_->unsubscribe(topic); }
void DefaultMQPushConsumer::registerMessageListener(MessageListenerConcurrently listener) {
  concurrently_listener_ = std::move(listener);
  orderly_listener_ = nullptr;
}
void DefaultMQPushConsumer::registerMessageListener(MessageListenerOrderly listener) {
  orderly_listener_ = std::move(listener);
  concurrently_listener_ = nullptr;
}

}  // namespace apogee
