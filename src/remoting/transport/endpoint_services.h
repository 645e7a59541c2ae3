#pragma once

#include <functional>
#include <memory>
#include <string>

#include "common/thread_pool.h"
#include "remoting/transport/connection_event.h"
#include "remoting/transport/endpoint_context.h"
#include "remoting/transport/processor_registry.h"
#include "remoting/transport/transport_config.h"

namespace apogee::remoting {

class Channel;

// The part of an endpoint that a server and a client have in common: the
// processor table, the connection-event hook, and the pools that run
// processors, invokeAsync callbacks and connection events. Each endpoint owns
// one and builds its EndpointContext through it.
//
// Thread safety: registering processors is thread-safe at any time; the hook
// is set before start(); start() and shutdown() are called by the owning
// endpoint's start() and shutdown().
class EndpointServices {
 public:
  void registerProcessor(int code, std::shared_ptr<RequestProcessor> processor,
                         std::shared_ptr<Executor> executor);
  void registerDefaultProcessor(std::shared_ptr<RequestProcessor> processor,
                                std::shared_ptr<Executor> executor);
  void setConnectionEventHook(ConnectionEventHook hook) { hook_ = std::move(hook); }

  // Starts the pools (threads named `<thread_prefix>-proc`, `-cb`, `-event`)
  // and returns the context the endpoint's connections share. `on_closed` is
  // the endpoint's own bookkeeping when a connection closes.
  std::shared_ptr<const EndpointContext> start(
      std::string name, const std::string& thread_prefix, const ConnectionConfig& connection,
      const ExecutorConfig& executors,
      std::function<void(const std::shared_ptr<Channel>&)> on_closed);

  // Stops the pools after running what they hold (callbacks of requests the
  // endpoint just failed still run). Call after the I/O threads are joined.
  void shutdown();

  const std::shared_ptr<ThreadPool>& callbackExecutor() const { return callback_executor_; }

 private:
  const std::shared_ptr<ProcessorRegistry> processors_ = std::make_shared<ProcessorRegistry>();
  ConnectionEventHook hook_;
  std::shared_ptr<ThreadPool> default_executor_;
  std::shared_ptr<ThreadPool> callback_executor_;
  std::shared_ptr<ThreadPool> event_executor_;
};

}  // namespace apogee::remoting
