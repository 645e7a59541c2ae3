#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>

#include "common/result.h"

namespace apogee::remoting {

struct HostPort {
  std::string host;
  std::uint16_t port = 0;
};

// "host:port", "1.2.3.4:10911" or "[::1]:9876".
Result<HostPort> parseAddress(std::string_view address);

// One attempt to open a TCP connection: resolve (unless the host is an IP
// literal), connect, give up after the timeout. `done` runs exactly once, on
// the io_context's thread, with the connected socket (TCP_NODELAY set) or
// with Unavailable (refused, unreachable, timed out), or Aborted after
// cancel().
//
// Lifetime: the attempt keeps itself alive through its pending handlers;
// the caller keeps a shared_ptr only to cancel it. Keeps the io_context
// alive while it exists. Thread safety: cancel() from any thread.
class Connector : public std::enable_shared_from_this<Connector> {
 public:
  using Done = std::function<void(Result<asio::ip::tcp::socket>)>;

  static std::shared_ptr<Connector> start(std::shared_ptr<asio::io_context> io, std::string address,
                                           std::chrono::milliseconds timeout, Done done);

  Connector(std::shared_ptr<asio::io_context> io, std::string address,
            std::chrono::milliseconds timeout, Done done);

  void cancel();

 private:
  void begin();
  void connect(std::vector<asio::ip::tcp::endpoint> endpoints);
  void finish(Result<asio::ip::tcp::socket> result);

  const std::shared_ptr<asio::io_context> io_;
  const std::string address_;
  const std::chrono::milliseconds timeout_;
  // I/O thread only.
  Done done_;
  asio::ip::tcp::resolver resolver_;
  asio::ip::tcp::socket socket_;
  asio::steady_timer timer_;
  bool finished_ = false;
  bool timed_out_ = false;
  bool cancelled_ = false;
};

}  // namespace apogee::remoting
