#pragma once

#include <memory>
#include <optional>
#include <utility>

#include "common/status.h"
#include "remoting/remoting_command.h"

namespace apogee::remoting {

class Channel;

// Where the answer to one request goes: the connection it came on, its
// opaque, its serialize type and whether it is oneway. A small copyable
// value; a processor that answers later (the broker parks pull requests)
// keeps a copy and calls reply() from any thread when the answer is ready.
// Keeping it keeps the Channel object alive, not the socket: replying on
// a closed connection returns Unavailable and sends nothing.
class RequestContext {
 public:
  RequestContext(std::shared_ptr<Channel> channel, const RemotingCommand& request)
      : channel_(std::move(channel)),
        request_code_(request.code()),
        opaque_(request.opaque()),
        serialize_type_(request.serializeType()),
        oneway_(request.isOneway()) {}

  const std::shared_ptr<Channel>& channel() const noexcept { return channel_; }
  int requestCode() const noexcept { return request_code_; }
  int opaque() const noexcept { return opaque_; }
  SerializeType serializeType() const noexcept { return serialize_type_; }
  bool oneway() const noexcept { return oneway_; }

  // Sends `response` as the answer: sets its opaque and response flag, and
  // writes it in the request's serialize type. Does nothing for a oneway
  // request (RocketMQ never answers one, not even with an error).
  // Call at most once per request. Thread-safe.
  Status reply(RemotingCommand response) const;

 private:
  std::shared_ptr<Channel> channel_;
  int request_code_;
  int opaque_;
  SerializeType serialize_type_;
  bool oneway_;
};

// Handles the requests of one or more request codes.
//
// processRequest runs on the executor the processor was registered with,
// never on an I/O thread, possibly on several threads at once (one call per
// request). Return the response, or nullopt to answer later through
// ctx.reply() (or not at all, for a oneway request). The transport fills in
// opaque, response flag and serialize type of a returned response. An
// exception becomes a SYSTEM_ERROR response whose remark is its message.
class RequestProcessor {
 public:
  virtual ~RequestProcessor() = default;
  virtual std::optional<RemotingCommand> processRequest(const RequestContext& ctx,
                                                        RemotingCommand& request) = 0;
};

// A processor made of a callable with processRequest's signature.
template <typename F>
class FunctionProcessor final : public RequestProcessor {
 public:
  explicit FunctionProcessor(F fn) : fn_(std::move(fn)) {}
  std::optional<RemotingCommand> processRequest(const RequestContext& ctx,
                                                RemotingCommand& request) override {
    return fn_(ctx, request);
  }

 private:
  F fn_;
};

template <typename F>
std::shared_ptr<RequestProcessor> makeProcessor(F fn) {
  return std::make_shared<FunctionProcessor<F>>(std::move(fn));
}

}  // namespace apogee::remoting
