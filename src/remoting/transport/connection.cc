#include "remoting/transport/connection.h"

#include <algorithm>
#include <cstring>
#include <future>

#include <asio/post.hpp>
#include <asio/write.hpp>
#include <fmt/format.h>

#include "common/logging.h"
#include "remoting/transport/dispatcher.h"
#include "remoting/transport/endpoint_context.h"

namespace apogee::remoting {
namespace {

std::atomic<std::uint64_t> g_next_connection_id{1};

// The timer never sleeps longer than this. A new request whose deadline is
// later than the armed time needs no re-arm, so with requests of a second or
// more (RocketMQ uses 3 s and up) the timer is never re-armed from a caller's
// thread; the price is one wake-up per second per connection.
constexpr auto kMaxTimerSleep = std::chrono::seconds(1);

std::string endpointString(const asio::ip::tcp::endpoint& endpoint) {
  if (endpoint.address().is_v6()) {
    return fmt::format("[{}]:{}", endpoint.address().to_string(), endpoint.port());
  }
  return fmt::format("{}:{}", endpoint.address().to_string(), endpoint.port());
}

}  // namespace

Channel::Channel(std::shared_ptr<asio::io_context> io, asio::ip::tcp::socket socket,
                       std::shared_ptr<const EndpointContext> context)
    : id_(g_next_connection_id.fetch_add(1, std::memory_order_relaxed)),
      io_(std::move(io)),
      context_(std::move(context)),
      decoder_(context_->config.max_frame_bytes),
      socket_(std::move(socket)),
      timer_(*io_),
      last_activity_(Clock::now()) {
  asio::error_code ec;
  auto remote = socket_.remote_endpoint(ec);
  remote_address_ = ec ? std::string("unknown") : endpointString(remote);
  auto local = socket_.local_endpoint(ec);
  local_address_ = ec ? std::string("unknown") : endpointString(local);
  read_buffer_.resize(std::max<std::size_t>(context_->config.read_buffer_bytes, 4096));
}

Channel::~Channel() = default;

void Channel::start() {
  auto self = shared_from_this();
  postConnectionEvent(*context_, ConnectionEvent::kConnect, self);
  postIfOpen([self] {
    self->armTimer();
    self->readSome();
  });
}

void Channel::close(Status reason) {
  std::lock_guard lock(mutex_);
  if (closed_) return;
  closed_ = true;
  asio::post(*io_, [self = shared_from_this(), reason = std::move(reason)] {
    self->closeNow(reason, std::nullopt);
  });
}

Channel::Stats Channel::stats() const noexcept {
  return Stats{frames_written_.load(std::memory_order_relaxed), writes_.load(std::memory_order_relaxed),
               frames_read_.load(std::memory_order_relaxed), reads_.load(std::memory_order_relaxed)};
}

bool Channel::isActive() const {
  std::lock_guard lock(mutex_);
  return !closed_;
}

SerializeType Channel::requestSerializeType() const noexcept {
  if (context_->config.mirror_peer_serialize_type) {
    int seen = peer_serialize_type_.load(std::memory_order_relaxed);
    if (seen >= 0) return static_cast<SerializeType>(seen);
  }
  return context_->config.request_serialize_type;
}

Status Channel::closedError() const {
  return Status::Unavailable(fmt::format("connection to {} is closed", remote_address_));
}

// ---- sending (any thread) ---------------------------------------------------

Result<RemotingCommand> Channel::invokeSync(RemotingCommand request,
                                               std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  const int opaque = request.opaque();
  const int code = request.code();
  auto promise = std::make_shared<std::promise<Result<RemotingCommand>>>();
  auto future = promise->get_future();
  startRequest(std::move(request), deadline,
               [promise](Result<RemotingCommand> result) { promise->set_value(std::move(result)); });
  // Our own wait also ends at the deadline, so a sync call never depends on
  // the timer; whoever takes the table entry first completes the request.
  if (future.wait_until(deadline) == std::future_status::timeout && responses_.take(opaque)) {
    return Status::Timeout(fmt::format("no response to code {} (opaque {}) from {} within {} ms",
                                       code, opaque, remote_address_, timeout.count()));
  }
  return future.get();
}

void Channel::invokeAsync(RemotingCommand request, std::chrono::milliseconds timeout,
                             InvokeCallback callback) {
  startRequest(std::move(request), Clock::now() + timeout,
               [executor = context_->callback_executor,
                callback = std::move(callback)](Result<RemotingCommand> result) {
                 runOnExecutorOrHere(executor.get(), [callback, result = std::move(result)]() mutable {
                   callback(std::move(result));
                 });
               });
}

Status Channel::invokeOneway(RemotingCommand request) {
  request.markOneway();
  request.setSerializeType(requestSerializeType());
  std::string head;
  APOGEE_RETURN_IF_ERROR(encodeHead(request, head));
  return enqueue(OutFrame{std::move(head), std::move(request)});
}

Status Channel::sendCommand(RemotingCommand command) {
  std::string head;
  APOGEE_RETURN_IF_ERROR(encodeHead(command, head));
  return enqueue(OutFrame{std::move(head), std::move(command)});
}

void Channel::startRequest(RemotingCommand request, Clock::time_point deadline,
                              ResponseTable::Completion completion) {
  const int opaque = request.opaque();
  request.setSerializeType(requestSerializeType());
  std::string head;
  if (Status status = encodeHead(request, head); !status.ok()) {
    completion(std::move(status));
    return;
  }
  switch (responses_.add(opaque, request.code(), deadline, completion)) {
    case ResponseTable::AddResult::kClosed:
      completion(closedError());
      return;
    case ResponseTable::AddResult::kDuplicateOpaque:
      completion(Status::Internal(
          fmt::format("opaque {} is already pending on {}", opaque, remote_address_)));
      return;
    case ResponseTable::AddResult::kAddedRearm:
      postIfOpen([self = shared_from_this()] { self->rearmTimer(); });
      break;
    case ResponseTable::AddResult::kAdded:
      break;
  }
  if (Status status = enqueue(OutFrame{std::move(head), std::move(request)}); !status.ok()) {
    // Closed meanwhile. If the close already took the entry, it completes it.
    if (auto taken = responses_.take(opaque)) (*taken)(std::move(status));
  }
}

Status Channel::encodeHead(RemotingCommand& cmd, std::string& head) const {
  Status status = encodeFrameHead(cmd, head);
  if (!status.ok() && frameErrorOf(status) == FrameError::kUnencodable &&
      cmd.serializeType() == SerializeType::kRocketMQ) {
    // Codes above int16 (the 5.x POP family) do not fit the binary header;
    // JSON carries any code, and every peer reads both.
    head.clear();
    cmd.setSerializeType(SerializeType::kJson);
    status = encodeFrameHead(cmd, head);
  }
  return status;
}

Status Channel::enqueue(OutFrame frame) {
  std::lock_guard lock(mutex_);
  if (closed_) return closedError();
  queued_.push_back(std::move(frame));
  if (!flush_scheduled_) {
    // Frames queued while this flush is pending or a write is in flight go
    // out together in the next gathered write.
    flush_scheduled_ = true;
    asio::post(*io_, [self = shared_from_this()] { self->flushWrites(); });
  }
  return Status::OK();
}

bool Channel::postIfOpen(std::function<void()> fn) {
  std::lock_guard lock(mutex_);
  if (closed_) return false;
  asio::post(*io_, std::move(fn));
  return true;
}

// ---- reading (I/O thread) ---------------------------------------------------

void Channel::readSome() {
  prepareReadSpace();
  socket_.async_read_some(
      asio::buffer(read_buffer_.data() + read_end_, read_buffer_.size() - read_end_),
      [self = shared_from_this()](const asio::error_code& ec, std::size_t bytes) {
        self->onRead(ec, bytes);
      });
}

void Channel::prepareReadSpace() {
  const std::size_t initial = std::max<std::size_t>(context_->config.read_buffer_bytes, 4096);
  if (read_begin_ == read_end_) {
    read_begin_ = read_end_ = 0;
    // A big frame grew the buffer; give the memory back once it is consumed.
    if (read_buffer_.size() > 4 * initial) std::vector<char>(initial).swap(read_buffer_);
    return;
  }
  // Room for the whole frame that has begun, when its length word is in;
  // otherwise at least for its prefix.
  std::size_t needed = kFramePrefixBytes;
  std::string_view partial(read_buffer_.data() + read_begin_, read_end_ - read_begin_);
  if (auto size = decoder_.frameSize(partial); size.ok() && size->has_value()) needed = **size;
  const bool fits = read_begin_ + needed <= read_buffer_.size();
  const bool tail_roomy = read_buffer_.size() - read_end_ >= initial / 4;
  if (fits && tail_roomy) return;
  if (needed > read_buffer_.size()) {
    std::size_t grown = std::max(needed, std::min(read_buffer_.size() * 2, decoder_.maxFrameBytes()));
    std::vector<char> bigger(grown);
    std::memcpy(bigger.data(), partial.data(), partial.size());
    read_buffer_.swap(bigger);
  } else {
    std::memmove(read_buffer_.data(), partial.data(), partial.size());
  }
  read_end_ = partial.size();
  read_begin_ = 0;
}

void Channel::onRead(const asio::error_code& ec, std::size_t bytes) {
  if (io_closed_) return;
  if (ec) {
    if (ec == asio::error::eof) {
      closeNow(Status::Unavailable(fmt::format("connection to {} closed by the peer", remote_address_)),
               std::nullopt);
    } else {
      closeNow(Status::Unavailable(fmt::format("connection to {} failed: {}", remote_address_, ec.message())),
               ConnectionEvent::kException);
    }
    return;
  }
  read_end_ += bytes;
  last_activity_ = Clock::now();
  reads_.fetch_add(1, std::memory_order_relaxed);
  while (read_begin_ < read_end_) {
    std::string_view input(read_buffer_.data() + read_begin_, read_end_ - read_begin_);
    std::size_t consumed = 0;
    auto decoded = decoder_.decode(input, consumed);
    if (!decoded.ok()) {
      // The stream cannot be resynchronised: this connection ends, no other.
      logger("remoting")->warn("{}: closing connection from {}: {}", context_->name, remote_address_,
                               decoded.error().toString());
      closeNow(Status::Unavailable(
                   fmt::format("connection to {} closed: malformed input", remote_address_)),
               ConnectionEvent::kException);
      return;
    }
    if (!decoded->has_value()) break;
    read_begin_ += consumed;
    frames_read_.fetch_add(1, std::memory_order_relaxed);
    onFrame(std::move(**decoded));
  }
  readSome();
}

void Channel::onFrame(RemotingCommand cmd) {
  if (cmd.isResponse()) {
    if (auto completion = responses_.take(cmd.opaque())) {
      (*completion)(std::move(cmd));
    } else {
      logger("remoting")->debug("{}: response from {} to no pending request (opaque {}); late?",
                                context_->name, remote_address_, cmd.opaque());
    }
    return;
  }
  if (context_->config.mirror_peer_serialize_type) {
    peer_serialize_type_.store(static_cast<int>(cmd.serializeType()), std::memory_order_relaxed);
  }
  dispatchRequest(shared_from_this(), std::move(cmd));
}

// ---- writing (I/O thread) ---------------------------------------------------

void Channel::flushWrites() {
  if (io_closed_) return;
  {
    std::lock_guard lock(mutex_);
    if (queued_.empty()) {
      flush_scheduled_ = false;
      return;
    }
    writing_.swap(queued_);  // writing_ was empty; queued_ keeps its capacity
  }
  // Each frame's head, then its body pieces, in one gathered write. The
  // frames stay in writing_ until it completes: the buffers point into them,
  // and a body of views is kept alive by its Payload's owner.
  write_buffers_.clear();
  for (const auto& frame : writing_) {
    write_buffers_.push_back(asio::buffer(frame.head));
    const Payload& body = frame.cmd.body();
    if (!body.owned().empty()) write_buffers_.push_back(asio::buffer(body.owned()));
    for (std::string_view piece : body.pieces()) {
      if (!piece.empty()) write_buffers_.push_back(asio::buffer(piece.data(), piece.size()));
    }
  }
  writes_.fetch_add(1, std::memory_order_relaxed);
  frames_written_.fetch_add(writing_.size(), std::memory_order_relaxed);
  asio::async_write(socket_, write_buffers_,
                    [self = shared_from_this()](const asio::error_code& ec, std::size_t) {
                      self->onWritten(ec);
                    });
}

void Channel::onWritten(const asio::error_code& ec) {
  writing_.clear();
  if (io_closed_) return;
  if (ec) {
    closeNow(Status::Unavailable(fmt::format("write to {} failed: {}", remote_address_, ec.message())),
             ConnectionEvent::kException);
    return;
  }
  last_activity_ = Clock::now();
  flushWrites();
}

// ---- timer and close (I/O thread) -------------------------------------------

void Channel::armTimer() {
  auto cap = Clock::now() + kMaxTimerSleep;
  const auto idle = context_->config.idle_timeout;
  if (idle.count() > 0) cap = std::min(cap, last_activity_ + idle);
  timer_.expires_at(responses_.armTimer(cap));
  timer_.async_wait([self = shared_from_this()](const asio::error_code& ec) { self->onTimer(ec); });
}

void Channel::rearmTimer() {
  if (io_closed_) return;
  // Cancels the current wait (its handler sees operation_aborted).
  timer_.expires_at(responses_.armedFor());
  timer_.async_wait([self = shared_from_this()](const asio::error_code& ec) { self->onTimer(ec); });
}

void Channel::onTimer(const asio::error_code& ec) {
  if (ec == asio::error::operation_aborted || io_closed_) return;
  const auto now = Clock::now();
  for (auto& expired : responses_.takeExpired(now)) {
    expired.completion(Status::Timeout(fmt::format("no response to code {} (opaque {}) from {} by its deadline",
                                                   expired.code, expired.opaque, remote_address_)));
  }
  const auto idle = context_->config.idle_timeout;
  if (idle.count() > 0 && now - last_activity_ >= idle) {
    logger("remoting")->info("{}: closing connection {} after {} ms without traffic", context_->name,
                             remote_address_, idle.count());
    closeNow(Status::Unavailable(fmt::format("connection to {} closed as idle", remote_address_)),
             ConnectionEvent::kIdle);
    return;
  }
  armTimer();
}

void Channel::closeNow(const Status& reason, std::optional<ConnectionEvent> cause) {
  if (io_closed_) return;
  io_closed_ = true;
  std::vector<OutFrame> unsent;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    unsent.swap(queued_);
  }
  asio::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  timer_.cancel();
  for (auto& completion : responses_.closeAndTakeAll()) completion(reason);
  auto self = shared_from_this();
  // The endpoint forgets the connection before the hook hears of the close,
  // so a hook that sees kClose no longer finds it in the endpoint's table.
  if (context_->on_closed) context_->on_closed(self);
  if (cause) postConnectionEvent(*context_, *cause, self);
  postConnectionEvent(*context_, ConnectionEvent::kClose, self);
  logger("remoting")->debug("{}: connection {} closed: {}", context_->name, remote_address_,
                            reason.toString());
}

}  // namespace apogee::remoting
