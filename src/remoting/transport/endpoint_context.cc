#include "remoting/transport/endpoint_context.h"

#include "remoting/transport/connection.h"

namespace apogee::remoting {

std::string_view connectionEventName(ConnectionEvent event) {
  switch (event) {
    case ConnectionEvent::kConnect: return "CONNECT";
    case ConnectionEvent::kClose: return "CLOSE";
    case ConnectionEvent::kIdle: return "IDLE";
    case ConnectionEvent::kException: return "EXCEPTION";
  }
  return "UNKNOWN";
}

void postConnectionEvent(const EndpointContext& context, ConnectionEvent event,
                         const std::shared_ptr<Channel>& channel) {
  if (!context.event_hook || !context.event_executor) return;
  // The channel keeps the context (and so the hook) alive until the task ran.
  Executor::Task task = [event, channel] { channel->context().event_hook(event, channel); };
  context.event_executor->tryExecute(task);
}

void runOnExecutorOrHere(Executor* executor, Executor::Task task) {
  if (executor != nullptr && executor->tryExecute(task)) return;
  task();
}

}  // namespace apogee::remoting
