#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>

#include "common/result.h"
#include "common/thread_pool.h"
#include "remoting/transport/connection.h"
#include "remoting/transport/endpoint_context.h"
#include "remoting/transport/endpoint_services.h"
#include "remoting/transport/io_context_pool.h"
#include "remoting/transport/processor_registry.h"
#include "remoting/transport/transport_config.h"

namespace apogee::remoting {

// The listening side of the remoting protocol (name server, broker).
//
// Threads: `io_threads` I/O threads, one io_context each, for socket I/O only;
// the acceptor lives on the first and hands each new connection to the next
// context round-robin. Processors run on the executor they were registered
// with, or on the server's default pool (ExecutorConfig); a slow processor
// therefore blocks only its own executor. invokeAsync callbacks run on the
// callback pool, connection events on one event thread.
//
// Usage: construct, register processors (also allowed later), set the event
// hook, start(). The server sends requests to a client over the client's
// channel (from a processor's RequestContext, the event hook, or channels()).
//
// Thread safety: all methods are thread-safe, except that the event hook
// must be set before start(). Lifetime: shutdown() (also run by the
// destructor) closes every connection, failing their pending requests with
// Aborted, waits for the I/O threads and the server's pools to finish, and
// returns; a ChannelPtr kept afterwards is inert (sends return Unavailable).
// Processors registered with their own executors may still be running then:
// their executors belong to the caller.
class RemotingServer {
 public:
  explicit RemotingServer(ServerConfig config = {});
  ~RemotingServer();

  RemotingServer(const RemotingServer&) = delete;
  RemotingServer& operator=(const RemotingServer&) = delete;

  void registerProcessor(int code, std::shared_ptr<RequestProcessor> processor,
                         std::shared_ptr<Executor> executor = nullptr);
  void registerDefaultProcessor(std::shared_ptr<RequestProcessor> processor,
                                std::shared_ptr<Executor> executor = nullptr);
  // Before start(). The hook runs until shutdown() returns (it reports the
  // close of every connection shutdown() ends), so what it captures must
  // outlive that.
  void setConnectionEventHook(ConnectionEventHook hook);

  // Binds host:port and listens, without accepting: port() is known, and a
  // client that connects waits (in the listen backlog) until start(), rather
  // than being answered before the processors are in place. Optional; the
  // same errors as start().
  Status bind();
  // Binds (unless bind() did), listens, accepts, starts the threads. Fails
  // with IOError when the address cannot be bound, or InvalidArgument for a
  // bad host.
  Status start();
  void shutdown();

  // The bound port (the chosen one when configured with 0); 0 before bind
  // or start.
  std::uint16_t port() const noexcept { return port_.load(std::memory_order_acquire); }
  // The open connections, in no particular order.
  std::vector<ChannelPtr> channels() const;

  // RocketMQ's server-side invoke API; the same as calling the channel.
  Result<RemotingCommand> invokeSync(const ChannelPtr& channel, RemotingCommand request,
                                     std::chrono::milliseconds timeout);
  void invokeAsync(const ChannelPtr& channel, RemotingCommand request,
                   std::chrono::milliseconds timeout, InvokeCallback callback);
  Status invokeOneway(const ChannelPtr& channel, RemotingCommand request);

 private:
  void doAccept();
  void onAccepted(const asio::error_code& ec, asio::ip::tcp::socket socket,
                  std::shared_ptr<asio::io_context> io);
  void onConnectionClosed(const ChannelPtr& channel);

  const ServerConfig config_;
  EndpointServices services_;

  IoContextPool io_;
  std::shared_ptr<const EndpointContext> context_;
  // Acceptor (created by bind() or start()) and retry timer (start()): used
  // on the first I/O thread only once started.
  std::unique_ptr<asio::ip::tcp::acceptor> acceptor_;
  std::unique_ptr<asio::steady_timer> accept_retry_;
  std::atomic<std::uint16_t> port_{0};

  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, ChannelPtr> channels_;  // guarded by mutex_
  bool started_ = false;                                    // guarded by mutex_
  bool stopping_ = false;                                   // guarded by mutex_
};

}  // namespace apogee::remoting
