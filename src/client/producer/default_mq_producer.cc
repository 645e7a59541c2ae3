#include "apogee/default_mq_producer.h"

#include "client/producer/default_mq_producer_impl.h"

namespace apogee {

using client::DefaultMQProducerImpl;
using Mode = DefaultMQProducerImpl::Mode;

DefaultMQProducer::DefaultMQProducer(std::string producerGroup)
    : producer_group_(std::move(producerGroup)), impl_(std::make_shared<DefaultMQProducerImpl>()) {}

DefaultMQProducer::~DefaultMQProducer() {
  try {
    shutdown();
  } catch (...) {
    // A destructor must not throw; shutdown's errors are logged inside.
  }
}

void DefaultMQProducer::start() {
  if (producer_group_ != "CLIENT_INNER_PRODUCER") changeInstanceNameToPID();
  impl_->start(*this);
}

void DefaultMQProducer::shutdown() { impl_->shutdown(); }

SendResult DefaultMQProducer::send(Message& msg) { return send(msg, send_msg_timeout_); }

SendResult DefaultMQProducer::send(Message& msg, std::chrono::milliseconds timeout) {
  return *impl_->send(msg, Mode::kSync, timeout);
}

void DefaultMQProducer::send(Message msg, SendSuccessCallback onSuccess,
                             SendExceptionCallback onException) {
  send(std::move(msg), std::move(onSuccess), std::move(onException), send_msg_timeout_);
}

void DefaultMQProducer::send(Message msg, SendSuccessCallback onSuccess,
                             SendExceptionCallback onException, std::chrono::milliseconds timeout) {
  try {
    impl_->send(msg, Mode::kAsync, timeout, {std::move(onSuccess), onException});
  } catch (const MQClientException& e) {
    if (onException) onException(e);
  }
}

void DefaultMQProducer::sendOneway(Message& msg) {
  impl_->send(msg, Mode::kOneway, send_msg_timeout_);
}

SendResult DefaultMQProducer::send(Message& msg, const MessageQueue& mq) {
  return *impl_->send(msg, mq, Mode::kSync, send_msg_timeout_);
}

void DefaultMQProducer::send(Message msg, const MessageQueue& mq, SendSuccessCallback onSuccess,
                             SendExceptionCallback onException) {
  try {
    impl_->send(msg, mq, Mode::kAsync, send_msg_timeout_, {std::move(onSuccess), onException});
  } catch (const MQClientException& e) {
    if (onException) onException(e);
  }
}

void DefaultMQProducer::sendOneway(Message& msg, const MessageQueue& mq) {
  impl_->send(msg, mq, Mode::kOneway, send_msg_timeout_);
}

SendResult DefaultMQProducer::send(Message& msg, const MessageQueueSelector& selector,
                                   const std::any& arg) {
  return *impl_->send(msg, selector, arg, Mode::kSync, send_msg_timeout_);
}

void DefaultMQProducer::send(Message msg, const MessageQueueSelector& selector, const std::any& arg,
                             SendSuccessCallback onSuccess, SendExceptionCallback onException) {
  try {
    impl_->send(msg, selector, arg, Mode::kAsync, send_msg_timeout_,
                {std::move(onSuccess), onException});
  } catch (const MQClientException& e) {
    if (onException) onException(e);
  }
}

void DefaultMQProducer::sendOneway(Message& msg, const MessageQueueSelector& selector,
                                   const std::any& arg) {
  impl_->send(msg, selector, arg, Mode::kOneway, send_msg_timeout_);
}

SendResult DefaultMQProducer::send(std::vector<Message>& msgs) {
  return *impl_->sendBatch(msgs, nullptr, Mode::kSync, send_msg_timeout_);
}

SendResult DefaultMQProducer::send(std::vector<Message>& msgs, const MessageQueue& mq) {
  return *impl_->sendBatch(msgs, &mq, Mode::kSync, send_msg_timeout_);
}

void DefaultMQProducer::send(std::vector<Message> msgs, SendSuccessCallback onSuccess,
                             SendExceptionCallback onException) {
  try {
    impl_->sendBatch(msgs, nullptr, Mode::kAsync, send_msg_timeout_,
                     {std::move(onSuccess), onException});
  } catch (const MQClientException& e) {
    if (onException) onException(e);
  }
}

std::vector<MessageQueue> DefaultMQProducer::fetchPublishMessageQueues(const std::string& topic) {
  return impl_->fetchPublishMessageQueues(topic);
}

}  // namespace apogee
