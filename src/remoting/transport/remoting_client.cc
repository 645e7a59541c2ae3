#include "remoting/transport/remoting_client.h"

#include <future>

#include <fmt/format.h>

#include "common/logging.h"

namespace apogee::remoting {
namespace {

using Clock = std::chrono::steady_clock;

// Time left until `deadline`, rounded up so that a sliver is not 0 ms.
std::chrono::milliseconds remainingUntil(Clock::time_point deadline) {
  return std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
}

}  // namespace

RemotingClient::RemotingClient(ClientConfig config)
    : config_(std::move(config)), io_("cli-io", config_.io_threads) {}

RemotingClient::~RemotingClient() { shutdown(); }

void RemotingClient::registerProcessor(int code, std::shared_ptr<RequestProcessor> processor,
                                       std::shared_ptr<Executor> executor) {
  services_.registerProcessor(code, std::move(processor), std::move(executor));
}

void RemotingClient::registerDefaultProcessor(std::shared_ptr<RequestProcessor> processor,
                                              std::shared_ptr<Executor> executor) {
  services_.registerDefaultProcessor(std::move(processor), std::move(executor));
}

void RemotingClient::setConnectionEventHook(ConnectionEventHook hook) {
  services_.setConnectionEventHook(std::move(hook));
}

Status RemotingClient::start() {
  std::lock_guard lock(mutex_);
  if (started_ || stopping_) return Status::InvalidArgument("remoting client already started");
  // The I/O threads that call on_closed are joined in shutdown(), before `this` dies.
  context_ = services_.start("client", "cli", config_.connection, config_.executors,
                             [this](const ChannelPtr& channel) { onConnectionClosed(channel); });
  started_ = true;
  io_.start();
  return Status::OK();
}

void RemotingClient::shutdown() {
  std::vector<ChannelPtr> channels;
  std::vector<std::shared_ptr<Connector>> connectors;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    for (auto& [address, slot] : slots_) {
      if (slot.channel) channels.push_back(slot.channel);
      if (slot.attempt && slot.attempt->connector) connectors.push_back(slot.attempt->connector);
    }
    slots_.clear();
  }
  for (auto& connector : connectors) connector->cancel();
  for (auto& channel : channels) channel->close(Status::Aborted("remoting client shutting down"));
  channels.clear();
  io_.drainAndJoin();
  // Callbacks of the requests just failed with Aborted still run here.
  services_.shutdown();
}

void RemotingClient::withChannel(const std::string& address, ChannelWaiter waiter) {
  ChannelPtr ready;
  Status error;
  {
    std::lock_guard lock(mutex_);
    if (!started_ || stopping_) {
      error = stopping_ ? Status::Aborted("remoting client shut down")
                        : Status::InvalidArgument("remoting client not started");
    } else if (Slot& slot = slots_[address]; slot.channel && slot.channel->isActive()) {
      ready = slot.channel;
    } else if (slot.attempt) {
      slot.attempt->waiters.push_back(std::move(waiter));
      return;
    } else {
      slot.channel.reset();
      auto attempt = std::make_shared<Attempt>();
      slot.attempt = attempt;
      attempt->waiters.push_back(std::move(waiter));
      // Started under the lock, so that shutdown() either finds the connector
      // to cancel or runs before it exists (and then this branch is not taken).
      auto io = io_.next();
      attempt->connector = Connector::start(
          io, address, config_.connect_timeout,
          // Runs on an I/O thread, which shutdown() joins before `this` dies.
          [this, address, attempt, io](Result<asio::ip::tcp::socket> socket) {
            onConnected(address, attempt, std::move(socket), io);
          });
      return;
    }
  }
  // Waiters run outside the lock: they may call back into the client.
  if (!error.ok()) {
    waiter(std::move(error));
    return;
  }
  waiter(std::move(ready));
}

void RemotingClient::onConnected(const std::string& address, const std::shared_ptr<Attempt>& attempt,
                                 Result<asio::ip::tcp::socket> socket,
                                 std::shared_ptr<asio::io_context> io) {
  std::vector<ChannelWaiter> waiters;
  ChannelPtr channel;
  Status error;
  {
    std::lock_guard lock(mutex_);
    waiters.swap(attempt->waiters);
    auto it = slots_.find(address);
    const bool current = it != slots_.end() && it->second.attempt == attempt;
    if (stopping_ || !current) {
      // Shut down, or closeChannel() dropped the attempt meanwhile.
      error = stopping_ ? Status::Aborted("remoting client shut down")
                        : Status::Aborted(fmt::format("connect to {} cancelled", address));
      if (socket.ok()) {
        asio::error_code ignored;
        socket->close(ignored);
      }
    } else if (!socket.ok()) {
      error = socket.error();
      slots_.erase(it);
    } else {
      channel = std::make_shared<Channel>(std::move(io), std::move(*socket), context_);
      it->second.channel = channel;
      it->second.attempt.reset();
    }
  }
  if (channel) {
    logger("remoting")->debug("client: connected to {} ({})", address, channel->remoteAddress());
    channel->start();
  } else {
    logger("remoting")->info("client: cannot connect to {}: {}", address, error.toString());
  }
  for (auto& waiter : waiters) {
    if (channel) {
      waiter(channel);
    } else {
      waiter(error);
    }
  }
}

void RemotingClient::onConnectionClosed(const ChannelPtr& channel) {
  std::lock_guard lock(mutex_);
  for (auto it = slots_.begin(); it != slots_.end(); ++it) {
    if (it->second.channel == channel) {
      slots_.erase(it);
      return;
    }
  }
}

Result<ChannelPtr> RemotingClient::getChannel(const std::string& address,
                                              std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  {
    std::lock_guard lock(mutex_);
    auto it = slots_.find(address);
    if (it != slots_.end() && it->second.channel && it->second.channel->isActive()) {
      return it->second.channel;
    }
  }
  auto promise = std::make_shared<std::promise<Result<ChannelPtr>>>();
  auto future = promise->get_future();
  withChannel(address, [promise](Result<ChannelPtr> channel) { promise->set_value(std::move(channel)); });
  if (future.wait_until(deadline) == std::future_status::timeout) {
    // The attempt goes on for whoever asks next.
    return Status::Timeout(fmt::format("no connection to {} within {} ms", address, timeout.count()));
  }
  return future.get();
}

void RemotingClient::connectAsync(const std::string& address, std::function<void(Status)> done) {
  withChannel(address, [done = std::move(done)](Result<ChannelPtr> channel) {
    done(channel.status());
  });
}

void RemotingClient::closeChannel(const std::string& address) {
  Slot slot;
  {
    std::lock_guard lock(mutex_);
    auto it = slots_.find(address);
    if (it == slots_.end()) return;
    slot = std::move(it->second);
    slots_.erase(it);
  }
  if (slot.channel) slot.channel->close();
  if (slot.attempt && slot.attempt->connector) slot.attempt->connector->cancel();
}

Result<RemotingCommand> RemotingClient::invokeSync(const std::string& address, RemotingCommand request,
                                                   std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  auto channel = getChannel(address, timeout);
  if (!channel.ok()) return channel.error();
  auto remaining = remainingUntil(deadline);
  if (remaining.count() <= 0) {
    return Status::Timeout(fmt::format("connecting to {} used up the {} ms timeout", address, timeout.count()));
  }
  return (*channel)->invokeSync(std::move(request), remaining);
}

void RemotingClient::invokeAsync(const std::string& address, RemotingCommand request,
                                 std::chrono::milliseconds timeout, InvokeCallback callback) {
  const auto deadline = Clock::now() + timeout;
  withChannel(address, [request = std::move(request), deadline, callback = std::move(callback),
                        executor = services_.callbackExecutor()](Result<ChannelPtr> channel) mutable {
    if (channel.ok()) {
      auto remaining = remainingUntil(deadline);
      if (remaining.count() > 0) {
        (*channel)->invokeAsync(std::move(request), remaining, std::move(callback));
        return;
      }
      channel = Status::Timeout("connecting used up the request's timeout");
    }
    runOnExecutorOrHere(executor.get(), [callback = std::move(callback), error = channel.error()] {
      callback(error);
    });
  });
}

Status RemotingClient::invokeOneway(const std::string& address, RemotingCommand request,
                                    std::chrono::milliseconds timeout) {
  auto channel = getChannel(address, timeout);
  if (!channel.ok()) return channel.error();
  return (*channel)->invokeOneway(std::move(request));
}

}  // namespace apogee::remoting
