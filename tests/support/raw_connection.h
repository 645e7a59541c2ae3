#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include "remoting/frame_codec.h"
#include "remoting/remoting_command.h"

namespace apogee::testing {

// A bare TCP client for protocol tests: sends exactly the bytes it is given
// and reads frames one at a time, so a test sees what really crossed the
// socket (a response that should not exist, a close). Every wait is bounded.
// Not thread-safe; one test thread uses it.
class RawConnection {
 public:
  // Connects to 127.0.0.1:`port`; nullptr (and a test failure) if it cannot.
  static std::unique_ptr<RawConnection> open(std::uint16_t port);

  RawConnection();
  ~RawConnection();

  bool send(std::string_view bytes);
  bool sendCommand(const remoting::RemotingCommand& cmd);
  // The next whole frame, or nullopt if none arrived within `timeout` (or the
  // connection ended).
  std::optional<remoting::RemotingCommand> readFrame(std::chrono::milliseconds timeout);
  // True once the peer has closed the connection (EOF or reset), discarding
  // whatever arrives before; false if it is still open after `timeout`.
  bool waitClosed(std::chrono::milliseconds timeout);
  // This side's address as the server sees it ("127.0.0.1:54321").
  std::string localAddress() const;

 private:
  // Reads some bytes into buffer_; false on timeout, EOF or error (closed_
  // tells which).
  bool readSome(std::chrono::milliseconds timeout);

  asio::io_context io_;
  asio::ip::tcp::socket socket_;
  std::string buffer_;
  bool closed_ = false;
  remoting::FrameDecoder decoder_;
};

}  // namespace apogee::testing
