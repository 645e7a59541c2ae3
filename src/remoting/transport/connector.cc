#include "remoting/transport/connector.h"

#include <charconv>

#include <asio/connect.hpp>
#include <asio/post.hpp>
#include <fmt/format.h>

namespace apogee::remoting {

Result<HostPort> parseAddress(std::string_view address) {
  auto colon = address.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == address.size()) {
    return Status::InvalidArgument(fmt::format("address '{}' is not host:port", address));
  }
  std::string_view host = address.substr(0, colon);
  std::string_view port_text = address.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port == 0 || port > 65535) {
    return Status::InvalidArgument(fmt::format("address '{}' has a bad port", address));
  }
  return HostPort{std::string(host), static_cast<std::uint16_t>(port)};
}

std::shared_ptr<Connector> Connector::start(std::shared_ptr<asio::io_context> io, std::string address,
                                            std::chrono::milliseconds timeout, Done done) {
  auto connector = std::make_shared<Connector>(std::move(io), std::move(address), timeout, std::move(done));
  asio::post(*connector->io_, [connector] { connector->begin(); });
  return connector;
}

Connector::Connector(std::shared_ptr<asio::io_context> io, std::string address,
                     std::chrono::milliseconds timeout, Done done)
    : io_(std::move(io)),
      address_(std::move(address)),
      timeout_(timeout),
      done_(std::move(done)),
      resolver_(*io_),
      socket_(*io_),
      timer_(*io_) {}

void Connector::cancel() {
  asio::post(*io_, [self = shared_from_this()] {
    if (self->finished_) return;
    self->cancelled_ = true;
    self->resolver_.cancel();
    asio::error_code ignored;
    self->socket_.close(ignored);
    self->timer_.cancel();
  });
}

void Connector::begin() {
  if (cancelled_) {
    finish(Status::Aborted(fmt::format("connect to {} cancelled", address_)));
    return;
  }
  auto parsed = parseAddress(address_);
  if (!parsed.ok()) {
    finish(parsed.error());
    return;
  }
  timer_.expires_after(timeout_);
  timer_.async_wait([self = shared_from_this()](const asio::error_code& ec) {
    if (ec || self->finished_) return;
    self->timed_out_ = true;
    self->resolver_.cancel();
    asio::error_code ignored;
    self->socket_.close(ignored);
  });
  asio::error_code ec;
  auto address = asio::ip::make_address(parsed->host, ec);
  if (!ec) {
    connect({asio::ip::tcp::endpoint(address, parsed->port)});
    return;
  }
  resolver_.async_resolve(parsed->host, std::to_string(parsed->port),
                          [self = shared_from_this()](const asio::error_code& resolve_ec,
                                                      asio::ip::tcp::resolver::results_type results) {
                            if (resolve_ec) {
                              self->finish(Status::Unavailable(fmt::format(
                                  "cannot resolve {}: {}", self->address_, resolve_ec.message())));
                              return;
                            }
                            std::vector<asio::ip::tcp::endpoint> endpoints;
                            for (const auto& entry : results) endpoints.push_back(entry.endpoint());
                            self->connect(std::move(endpoints));
                          });
}

void Connector::connect(std::vector<asio::ip::tcp::endpoint> endpoints) {
  if (timed_out_ || cancelled_) {
    finish(Status::Unavailable(fmt::format("connect to {} gave up", address_)));
    return;
  }
  // The sequence must outlive the operation; the handler holds it.
  auto owned = std::make_shared<std::vector<asio::ip::tcp::endpoint>>(std::move(endpoints));
  asio::async_connect(socket_, *owned,
                      [self = shared_from_this(), owned](const asio::error_code& ec,
                                                         const asio::ip::tcp::endpoint&) {
                        // A connect that completed just as the timer fired still
                        // counts as timed out: the timer closed the socket.
                        if (ec || self->timed_out_ || self->cancelled_) {
                          self->finish(Status::Unavailable(
                              fmt::format("connect to {} failed: {}", self->address_, ec.message())));
                          return;
                        }
                        asio::error_code ignored;
                        self->socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
                        self->finish(std::move(self->socket_));
                      });
}

void Connector::finish(Result<asio::ip::tcp::socket> result) {
  if (finished_) return;
  finished_ = true;
  timer_.cancel();
  if (!result.ok()) {
    if (cancelled_) {
      result = Status::Aborted(fmt::format("connect to {} cancelled", address_));
    } else if (timed_out_) {
      result = Status::Unavailable(
          fmt::format("connect to {} timed out after {} ms", address_, timeout_.count()));
    }
  }
  Done done = std::move(done_);
  done(std::move(result));
}

}  // namespace apogee::remoting
