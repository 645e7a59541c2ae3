#pragma once

#include <functional>
#include <memory>
#include <string_view>

namespace apogee::remoting {

class Channel;

// What happened to a connection, for the owner's bookkeeping (the broker
// drops a client's producers and consumers when its channel closes).
// Every connection reports kConnect first and kClose last, exactly once each;
// kIdle or kException, when they happen, come just before kClose. By the
// time kClose is reported, the endpoint no longer lists the connection.
enum class ConnectionEvent {
  kConnect,    // accepted (server) or established (client)
  kClose,      // closed, for whatever reason; the last event
  kIdle,       // no traffic for the idle timeout; the connection is being closed
  kException,  // malformed input or a socket error; the connection is being closed
};

std::string_view connectionEventName(ConnectionEvent event);

// Runs on the endpoint's event thread (one thread, so one connection's events
// arrive in order), never on an I/O thread.
using ConnectionEventHook = std::function<void(ConnectionEvent, const std::shared_ptr<Channel>&)>;

}  // namespace apogee::remoting
