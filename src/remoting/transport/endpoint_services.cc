#include "remoting/transport/endpoint_services.h"

namespace apogee::remoting {

void EndpointServices::registerProcessor(int code, std::shared_ptr<RequestProcessor> processor,
                                         std::shared_ptr<Executor> executor) {
  processors_->registerProcessor(code, std::move(processor), std::move(executor));
}

void EndpointServices::registerDefaultProcessor(std::shared_ptr<RequestProcessor> processor,
                                                std::shared_ptr<Executor> executor) {
  processors_->registerDefaultProcessor(std::move(processor), std::move(executor));
}

std::shared_ptr<const EndpointContext> EndpointServices::start(
    std::string name, const std::string& thread_prefix, const ConnectionConfig& connection,
    const ExecutorConfig& executors, std::function<void(const std::shared_ptr<Channel>&)> on_closed) {
  default_executor_ = std::make_shared<ThreadPool>(thread_prefix + "-proc",
                                                   executors.default_processor_threads,
                                                   executors.default_processor_queue);
  callback_executor_ = std::make_shared<ThreadPool>(thread_prefix + "-cb", executors.callback_threads);
  if (hook_) event_executor_ = std::make_shared<ThreadPool>(thread_prefix + "-event", 1);
  auto context = std::make_shared<EndpointContext>();
  context->name = std::move(name);
  context->config = connection;
  context->processors = processors_;
  context->default_executor = default_executor_;
  context->callback_executor = callback_executor_;
  context->event_executor = event_executor_;
  context->event_hook = hook_;
  context->on_closed = std::move(on_closed);
  return context;
}

void EndpointServices::shutdown() {
  if (event_executor_) event_executor_->shutdown();
  if (default_executor_) default_executor_->shutdown();
  if (callback_executor_) callback_executor_->shutdown();
}

}  // namespace apogee::remoting
