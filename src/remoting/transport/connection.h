#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>

#include "common/result.h"
#include "remoting/frame_codec.h"
#include "remoting/remoting_command.h"
#include "remoting/transport/connection_event.h"
#include "remoting/transport/response_table.h"

namespace apogee::remoting {

struct EndpointContext;

using InvokeCallback = std::function<void(Result<RemotingCommand>)>;

// One TCP connection of the remoting protocol, the same on both sides: the
// read loop (reusable buffer + FrameDecoder), the batched write queue, the
// table of requests waiting for a response, and the hand-off of incoming
// requests to processors. RemotingServer and RemotingClient only add
// accepting and connecting. Also the handle processors and the broker hold
// (ChannelPtr). Named Channel (Netty's and RocketMQ's word for it) because
// `Connection` in this namespace is RocketMQ's body type of that name
// (body/admin_bodies.h).
//
// Threads: the socket, the read buffer, the in-flight write and the timer
// belong to the connection's I/O thread (its io_context runs on one thread,
// so no strand is needed). Every public method may be called from any
// thread: sending appends to the write queue under mutex_ (never held across
// I/O) and posts a flush to the I/O thread only when none is pending.
// No user code runs on the I/O thread: processors go to their executors,
// invokeAsync callbacks to the endpoint's callback executor, events to its
// event executor.
//
// Lifetime: owned by shared_ptr (the endpoint's table, in-flight handlers,
// processors holding a RequestContext). Closing ends the socket, not the
// object: after close every send returns Unavailable. The object keeps its
// io_context alive, so it may outlive the endpoint that created it.
class Channel : public std::enable_shared_from_this<Channel> {
 public:
  using Clock = std::chrono::steady_clock;

  Channel(std::shared_ptr<asio::io_context> io, asio::ip::tcp::socket socket,
             std::shared_ptr<const EndpointContext> context);
  ~Channel();

  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  // Starts reading and the timer, and reports kConnect. Call once.
  void start();

  // Closes the connection; pending requests fail with `reason` (Aborted by
  // default: we chose to close). Idempotent; returns at once, the socket is
  // closed on the I/O thread.
  void close(Status reason = Status::Aborted("connection closed locally"));

  // Sends a request and waits for its response, at most `timeout`.
  // Errors: Timeout, Unavailable (the connection closed while waiting or was
  // closed already), Aborted (closed by shutdown), Corruption (unencodable).
  Result<RemotingCommand> invokeSync(RemotingCommand request, std::chrono::milliseconds timeout);
  // Same, but `callback` gets the result on the callback executor. It runs
  // exactly once; on the calling thread only if that executor is gone.
  void invokeAsync(RemotingCommand request, std::chrono::milliseconds timeout, InvokeCallback callback);
  // Sends a request marked oneway; OK once it is queued for writing.
  Status invokeOneway(RemotingCommand request);

  // Queues any command (usually a response) for writing, as it is.
  Status sendCommand(RemotingCommand command);

  // Counters of the I/O thread's work; frames_written / writes is the
  // average write batch.
  struct Stats {
    std::uint64_t frames_written = 0;
    std::uint64_t writes = 0;  // gathered async_write calls
    std::uint64_t frames_read = 0;
    std::uint64_t reads = 0;  // completed async_read_some calls
  };
  Stats stats() const noexcept;

  std::uint64_t id() const noexcept { return id_; }
  const std::string& remoteAddress() const noexcept { return remote_address_; }
  const std::string& localAddress() const noexcept { return local_address_; }
  // False once close() was called or the socket failed.
  bool isActive() const;
  std::size_t pendingRequests() const { return responses_.size(); }
  // Serialize type of the requests this side sends on this connection.
  SerializeType requestSerializeType() const noexcept;
  const EndpointContext& context() const noexcept { return *context_; }

 private:
  struct OutFrame {
    std::string head;     // length word, header-info word, header
    RemotingCommand cmd;  // owns the body (and its Payload owner) until written
  };

  // Encodes, registers in the response table, queues; calls `completion`
  // exactly once (on the calling thread when the request never got queued).
  void startRequest(RemotingCommand request, Clock::time_point deadline,
                    ResponseTable::Completion completion);
  Status encodeHead(RemotingCommand& cmd, std::string& head) const;
  Status enqueue(OutFrame frame);
  // Runs `fn` on the I/O thread unless the connection is closed. Posting under
  // mutex_ orders every post before the close, so the endpoint's drain of its
  // io_contexts cannot miss a handler.
  bool postIfOpen(std::function<void()> fn);
  Status closedError() const;

  // ---- I/O thread only ----
  void readSome();
  void onRead(const asio::error_code& ec, std::size_t bytes);
  void prepareReadSpace();
  void onFrame(RemotingCommand cmd);
  void flushWrites();
  void onWritten(const asio::error_code& ec);
  void armTimer();
  void rearmTimer();
  void onTimer(const asio::error_code& ec);
  void closeNow(const Status& reason, std::optional<ConnectionEvent> cause);

  const std::uint64_t id_;
  const std::shared_ptr<asio::io_context> io_;
  const std::shared_ptr<const EndpointContext> context_;
  std::string remote_address_;
  std::string local_address_;
  FrameDecoder decoder_;
  ResponseTable responses_;  // its own lock
  // The serialize type of the last request received (mirror mode).
  std::atomic<int> peer_serialize_type_{-1};
  // Written by the I/O thread, read anywhere (relaxed: statistics only).
  std::atomic<std::uint64_t> frames_written_{0};
  std::atomic<std::uint64_t> writes_{0};
  std::atomic<std::uint64_t> frames_read_{0};
  std::atomic<std::uint64_t> reads_{0};

  // Guards the write queue and the closed flag; never held across I/O.
  mutable std::mutex mutex_;
  std::vector<OutFrame> queued_;  // guarded by mutex_
  bool flush_scheduled_ = false;  // guarded by mutex_: a flush is posted or a write in flight
  bool closed_ = false;           // guarded by mutex_

  // I/O thread only.
  asio::ip::tcp::socket socket_;
  asio::steady_timer timer_;
  std::vector<char> read_buffer_;
  std::size_t read_begin_ = 0;  // first undecoded byte
  std::size_t read_end_ = 0;    // end of the bytes read
  std::vector<OutFrame> writing_;
  std::vector<asio::const_buffer> write_buffers_;
  Clock::time_point last_activity_;
  bool io_closed_ = false;
};

using ChannelPtr = std::shared_ptr<Channel>;

}  // namespace apogee::remoting
