#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "common/thread_pool.h"
#include "remoting/transport/connection.h"
#include "remoting/transport/connector.h"
#include "remoting/transport/endpoint_context.h"
#include "remoting/transport/endpoint_services.h"
#include "remoting/transport/io_context_pool.h"
#include "remoting/transport/processor_registry.h"
#include "remoting/transport/transport_config.h"

namespace apogee::remoting {

// The connecting side of the remoting protocol (producers, consumers, admin
// tools; the broker towards the name server).
//
// One connection per address string ("host:port"), opened on first use and
// opened again on the next use after it failed; concurrent first calls share
// one connect attempt. Requests the server sends over these connections
// (NOTIFY_CONSUMER_IDS_CHANGED, GET_CONSUMER_RUNNING_INFO, ...) go to the
// processors registered here, exactly as on the server.
//
// Threads: `io_threads` I/O threads for sockets only; invokeAsync callbacks
// on the callback pool; processors on their executors or the default pool;
// connection events on one event thread.
// Thread safety: all methods are thread-safe, except that the event hook
// must be set before start(). Lifetime: shutdown() (also run by the
// destructor) fails every pending request with Aborted, closes the
// connections, and joins all threads the client started.
class RemotingClient {
 public:
  explicit RemotingClient(ClientConfig config = {});
  ~RemotingClient();

  RemotingClient(const RemotingClient&) = delete;
  RemotingClient& operator=(const RemotingClient&) = delete;

  void registerProcessor(int code, std::shared_ptr<RequestProcessor> processor,
                         std::shared_ptr<Executor> executor = nullptr);
  void registerDefaultProcessor(std::shared_ptr<RequestProcessor> processor,
                                std::shared_ptr<Executor> executor = nullptr);
  // Before start(). The hook runs until shutdown() returns (it reports the
  // close of every connection shutdown() ends), so what it captures must
  // outlive that.
  void setConnectionEventHook(ConnectionEventHook hook);

  Status start();
  void shutdown();

  // `timeout` covers connecting (if needed) and the round trip. Errors:
  // Timeout; Unavailable (cannot connect, or the connection dropped while
  // waiting); Aborted (shutdown); InvalidArgument (bad address).
  Result<RemotingCommand> invokeSync(const std::string& address, RemotingCommand request,
                                     std::chrono::milliseconds timeout);
  // The callback runs exactly once, on the callback pool, with the response
  // or the error. Never blocks, also not while connecting.
  void invokeAsync(const std::string& address, RemotingCommand request,
                   std::chrono::milliseconds timeout, InvokeCallback callback);
  // Waits at most `timeout` for the connection; OK once the request is queued.
  Status invokeOneway(const std::string& address, RemotingCommand request,
                      std::chrono::milliseconds timeout);

  // The open connection to `address`, connecting if needed.
  Result<ChannelPtr> getChannel(const std::string& address, std::chrono::milliseconds timeout);
  // Opens the connection to `address` unless it is open, without blocking;
  // `done` gets OK or why not (on an I/O thread, or on this one when the
  // connection is open already). Tells whether a peer that was down is back.
  void connectAsync(const std::string& address, std::function<void(Status)> done);
  // Closes the connection to `address` (pending requests fail with Aborted)
  // or cancels the attempt to open it.
  void closeChannel(const std::string& address);

 private:
  using ChannelWaiter = std::function<void(Result<ChannelPtr>)>;
  struct Attempt {
    std::shared_ptr<Connector> connector;  // guarded by mutex_
    std::vector<ChannelWaiter> waiters;    // guarded by mutex_
  };
  struct Slot {
    ChannelPtr channel;                // open or opening-failed; checked with isActive()
    std::shared_ptr<Attempt> attempt;  // set while connecting
  };

  // Calls `waiter` with the open connection: at once on this thread if there
  // is one, else on an I/O thread when the connect attempt ends. The waiter
  // must not block.
  void withChannel(const std::string& address, ChannelWaiter waiter);
  void onConnected(const std::string& address, const std::shared_ptr<Attempt>& attempt,
                   Result<asio::ip::tcp::socket> socket, std::shared_ptr<asio::io_context> io);
  void onConnectionClosed(const ChannelPtr& channel);

  const ClientConfig config_;
  EndpointServices services_;

  IoContextPool io_;
  std::shared_ptr<const EndpointContext> context_;

  mutable std::mutex mutex_;
  std::unordered_map<std::string, Slot> slots_;  // guarded by mutex_
  bool started_ = false;                         // guarded by mutex_
  bool stopping_ = false;                        // guarded by mutex_
};

}  // namespace apogee::remoting
