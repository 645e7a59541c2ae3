#include "support/raw_connection.h"

#include <asio/connect.hpp>
#include <asio/write.hpp>
#include <gtest/gtest.h>

namespace apogee::testing {

RawConnection::RawConnection() : socket_(io_) {}
RawConnection::~RawConnection() = default;

std::unique_ptr<RawConnection> RawConnection::open(std::uint16_t port) {
  auto conn = std::make_unique<RawConnection>();
  asio::error_code ec;
  conn->socket_.connect(asio::ip::tcp::endpoint(asio::ip::address_v4::loopback(), port), ec);
  if (ec) {
    ADD_FAILURE() << "raw connect to port " << port << " failed: " << ec.message();
    return nullptr;
  }
  conn->socket_.set_option(asio::ip::tcp::no_delay(true), ec);
  return conn;
}

bool RawConnection::send(std::string_view bytes) {
  asio::error_code ec;
  asio::write(socket_, asio::buffer(bytes.data(), bytes.size()), ec);
  return !ec;
}

bool RawConnection::sendCommand(const remoting::RemotingCommand& cmd) {
  auto frame = remoting::encodeFrame(cmd);
  if (!frame.ok()) {
    ADD_FAILURE() << "cannot encode " << cmd.describe() << ": " << frame.error();
    return false;
  }
  return send(*frame);
}

bool RawConnection::readSome(std::chrono::milliseconds timeout) {
  if (closed_) return false;
  char chunk[64 * 1024];
  bool got = false;
  socket_.async_read_some(asio::buffer(chunk), [&](const asio::error_code& ec, std::size_t n) {
    if (ec) {
      // operation_aborted: our own cancel on timeout; anything else ends it.
      if (ec != asio::error::operation_aborted) closed_ = true;
      return;
    }
    buffer_.append(chunk, n);
    got = true;
  });
  io_.restart();
  io_.run_for(timeout);
  if (!io_.stopped()) {
    socket_.cancel();
    io_.restart();
    io_.run();  // lets the cancelled read finish before `chunk` goes away
  }
  return got;
}

std::optional<remoting::RemotingCommand> RawConnection::readFrame(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    std::size_t consumed = 0;
    auto decoded = decoder_.decode(buffer_, consumed);
    if (!decoded.ok()) {
      ADD_FAILURE() << "malformed frame from the server: " << decoded.error();
      return std::nullopt;
    }
    if (decoded->has_value()) {
      buffer_.erase(0, consumed);
      return std::move(**decoded);
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !readSome(left)) return std::nullopt;
  }
}

bool RawConnection::waitClosed(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!closed_) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    readSome(left);
  }
  return true;
}

std::string RawConnection::localAddress() const {
  asio::error_code ec;
  auto endpoint = socket_.local_endpoint(ec);
  if (ec) return "unknown";
  return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

}  // namespace apogee::testing
