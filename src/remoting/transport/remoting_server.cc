#include "remoting/transport/remoting_server.h"

#include <asio/post.hpp>
#include <fmt/format.h>

#include "common/logging.h"

namespace apogee::remoting {
namespace {

// How long to wait before accepting again after accept() failed (out of file
// descriptors, most likely); retrying at once would spin.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);

}  // namespace

RemotingServer::RemotingServer(ServerConfig config)
    : config_(std::move(config)), io_("srv-io", config_.io_threads) {}

RemotingServer::~RemotingServer() { shutdown(); }

void RemotingServer::registerProcessor(int code, std::shared_ptr<RequestProcessor> processor,
                                       std::shared_ptr<Executor> executor) {
  services_.registerProcessor(code, std::move(processor), std::move(executor));
}

void RemotingServer::registerDefaultProcessor(std::shared_ptr<RequestProcessor> processor,
                                              std::shared_ptr<Executor> executor) {
  services_.registerDefaultProcessor(std::move(processor), std::move(executor));
}

void RemotingServer::setConnectionEventHook(ConnectionEventHook hook) {
  services_.setConnectionEventHook(std::move(hook));
}

Status RemotingServer::bind() {
  {
    std::lock_guard lock(mutex_);
    if (started_ || stopping_) return Status::InvalidArgument("remoting server already started");
  }
  if (acceptor_) return Status::OK();
  asio::error_code ec;
  auto address = asio::ip::make_address(config_.host, ec);
  if (ec) return Status::InvalidArgument(fmt::format("bad listen host '{}': {}", config_.host, ec.message()));
  const asio::ip::tcp::endpoint endpoint(address, config_.port);
  auto acceptor = std::make_unique<asio::ip::tcp::acceptor>(*io_.at(0));
  acceptor->open(endpoint.protocol(), ec);
  // Lets a restarted server bind while old connections sit in TIME_WAIT.
  if (!ec) acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor->bind(endpoint, ec);
  if (!ec) acceptor->listen(config_.listen_backlog, ec);
  if (ec) {
    return Status::IOError(
        fmt::format("cannot listen on {}:{}: {}", config_.host, config_.port, ec.message()));
  }
  port_.store(acceptor->local_endpoint(ec).port(), std::memory_order_release);
  acceptor_ = std::move(acceptor);  // no I/O thread runs yet
  return Status::OK();
}

Status RemotingServer::start() {
  {
    std::lock_guard lock(mutex_);
    if (started_ || stopping_) return Status::InvalidArgument("remoting server already started");
  }
  if (!acceptor_) {
    if (Status s = bind(); !s.ok()) return s;
  }

  // The I/O threads that call on_closed are joined in shutdown(), before `this` dies.
  context_ = services_.start("server", "srv", config_.connection, config_.executors,
                             [this](const ChannelPtr& channel) { onConnectionClosed(channel); });
  accept_retry_ = std::make_unique<asio::steady_timer>(*io_.at(0));
  {
    std::lock_guard lock(mutex_);
    started_ = true;
  }
  doAccept();  // before the I/O threads run, so no other thread touches acceptor_ yet
  io_.start();
  logger("remoting")->info("remoting server listening on {}:{} with {} I/O threads", config_.host,
                           port(), io_.size());
  return Status::OK();
}

void RemotingServer::doAccept() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
  }
  auto io = io_.next();
  acceptor_->async_accept(*io, [this, io](const asio::error_code& ec, asio::ip::tcp::socket socket) {
    onAccepted(ec, std::move(socket), io);
  });
}

void RemotingServer::onAccepted(const asio::error_code& ec, asio::ip::tcp::socket socket,
                                std::shared_ptr<asio::io_context> io) {
  if (ec == asio::error::operation_aborted) return;  // acceptor closed by shutdown()
  if (ec) {
    logger("remoting")->warn("server: accept failed: {}; retrying in {} ms", ec.message(),
                             kAcceptRetryDelay.count());
    accept_retry_->expires_after(kAcceptRetryDelay);
    accept_retry_->async_wait([this](const asio::error_code& wait_ec) {
      if (!wait_ec) doAccept();
    });
    return;
  }
  asio::error_code ignored;
  socket.set_option(asio::ip::tcp::no_delay(true), ignored);
  ChannelPtr channel;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      socket.close(ignored);
      return;
    }
    channel = std::make_shared<Channel>(std::move(io), std::move(socket), context_);
    channels_.emplace(channel->id(), channel);
  }
  logger("remoting")->debug("server: accepted connection from {}", channel->remoteAddress());
  channel->start();
  doAccept();
}

void RemotingServer::onConnectionClosed(const ChannelPtr& channel) {
  std::lock_guard lock(mutex_);
  channels_.erase(channel->id());
}

void RemotingServer::shutdown() {
  std::unordered_map<std::uint64_t, ChannelPtr> channels;
  bool was_started = false;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    was_started = started_;
    channels.swap(channels_);
  }
  if (acceptor_ && !was_started) {
    // Bound only: no I/O thread owns the acceptor yet.
    asio::error_code ignored;
    acceptor_->close(ignored);
  } else if (acceptor_) {
    // The acceptor and its timer belong to the first I/O thread.
    asio::post(*io_.at(0), [this] {
      asio::error_code ignored;
      acceptor_->close(ignored);
      accept_retry_->cancel();
    });
  }
  for (auto& [id, channel] : channels) channel->close(Status::Aborted("remoting server shutting down"));
  channels.clear();
  // Every socket, timer and the acceptor is closed, so the contexts run dry.
  io_.drainAndJoin();
  // Pending replies and callbacks still run (against closed connections).
  services_.shutdown();
  acceptor_.reset();
  accept_retry_.reset();
}

std::vector<ChannelPtr> RemotingServer::channels() const {
  std::lock_guard lock(mutex_);
  std::vector<ChannelPtr> out;
  out.reserve(channels_.size());
  for (const auto& [id, channel] : channels_) out.push_back(channel);
  return out;
}

Result<RemotingCommand> RemotingServer::invokeSync(const ChannelPtr& channel, RemotingCommand request,
                                                   std::chrono::milliseconds timeout) {
  return channel->invokeSync(std::move(request), timeout);
}

void RemotingServer::invokeAsync(const ChannelPtr& channel, RemotingCommand request,
                                 std::chrono::milliseconds timeout, InvokeCallback callback) {
  channel->invokeAsync(std::move(request), timeout, std::move(callback));
}

Status RemotingServer::invokeOneway(const ChannelPtr& channel, RemotingCommand request) {
  return channel->invokeOneway(std::move(request));
}

}  // namespace apogee::remoting
