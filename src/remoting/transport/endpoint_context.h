#pragma once

#include <functional>
#include <memory>
#include <string>

#include "common/thread_pool.h"
#include "remoting/transport/connection_event.h"
#include "remoting/transport/processor_registry.h"
#include "remoting/transport/transport_config.h"

namespace apogee::remoting {

class Channel;

// What the connections of one endpoint (a server or a client) share: the
// settings, the processors, the executors, the event hook. Built by the
// endpoint before its first connection and immutable afterwards; every
// Channel holds a shared_ptr to it, so it outlives the endpoint while a
// processor still holds one of its connections.
struct EndpointContext {
  std::string name;  // "server" or "client", for logs
  ConnectionConfig config;
  std::shared_ptr<ProcessorRegistry> processors;
  // Runs processors registered without an executor.
  std::shared_ptr<Executor> default_executor;
  // Runs invokeAsync callbacks.
  std::shared_ptr<Executor> callback_executor;
  // One thread, so one connection's events stay in order. Null without a hook.
  std::shared_ptr<Executor> event_executor;
  ConnectionEventHook event_hook;
  // The endpoint's own bookkeeping when a connection closes (drops it from
  // the connection table). Runs on the connection's I/O thread, which the
  // endpoint joins before it is destroyed; must not block.
  std::function<void(const std::shared_ptr<Channel>&)> on_closed;
};

// Hands `event` to the hook on the event executor; dropped if there is no
// hook or the executor is shut down.
void postConnectionEvent(const EndpointContext& context, ConnectionEvent event,
                         const std::shared_ptr<Channel>& channel);

// Runs `task` on `executor`, or on the calling thread when the executor is
// missing or refuses it (shut down), so that a callback that must run exactly
// once does.
void runOnExecutorOrHere(Executor* executor, Executor::Task task);

}  // namespace apogee::remoting
