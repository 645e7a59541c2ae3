#include "remoting/transport/dispatcher.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>

#include <fmt/format.h>

#include "common/logging.h"
#include "remoting/response_code.h"
#include "remoting/transport/connection.h"
#include "remoting/transport/endpoint_context.h"
#include "remoting/transport/processor.h"

namespace apogee::remoting {
namespace {

// An overloaded endpoint refuses many requests a second; one warning a
// second says so without burying the rest of the log.
bool shouldWarnRefusal() {
  static std::atomic<std::int64_t> last_warned_ms{-1000};
  const std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::steady_clock::now().time_since_epoch())
                                  .count();
  std::int64_t last = last_warned_ms.load(std::memory_order_relaxed);
  return now_ms - last >= 1000 &&
         last_warned_ms.compare_exchange_strong(last, now_ms, std::memory_order_relaxed);
}

void runProcessor(RequestProcessor& processor, const RequestContext& ctx, RemotingCommand& request) {
  std::optional<RemotingCommand> response;
  try {
    response = processor.processRequest(ctx, request);
  } catch (const std::exception& e) {
    logger("remoting")->error("processor for code {} from {} threw: {}", ctx.requestCode(),
                              ctx.channel()->remoteAddress(), e.what());
    response = RemotingCommand::createResponse(ResponseCode::kSystemError, std::string(e.what()));
  } catch (...) {
    logger("remoting")->error("processor for code {} from {} threw a non-standard exception",
                              ctx.requestCode(), ctx.channel()->remoteAddress());
    response = RemotingCommand::createResponse(ResponseCode::kSystemError, std::string("unknown exception"));
  }
  // An error here means the connection closed meanwhile; nobody is listening.
  if (response) ctx.reply(std::move(*response)).ignoreError();
}

}  // namespace

Status RequestContext::reply(RemotingCommand response) const {
  if (oneway_) return Status::OK();
  response.setOpaque(opaque_);
  response.markResponse();
  response.setSerializeType(serialize_type_);
  return channel_->sendCommand(std::move(response));
}

void dispatchRequest(const std::shared_ptr<Channel>& channel, RemotingCommand request) {
  const EndpointContext& context = channel->context();
  RequestContext ctx(channel, request);
  auto entry = context.processors->find(request.code());
  if (!entry) {
    logger("remoting")->debug("{}: request code {} from {} not supported", context.name,
                              request.code(), channel->remoteAddress());
    ctx.reply(RemotingCommand::createResponse(
                  ResponseCode::kRequestCodeNotSupported, fmt::format(" request type {} not supported", request.code())))
        .ignoreError();
    return;
  }
  Executor* executor = entry->executor ? entry->executor.get() : context.default_executor.get();
  Executor::Task task = [ctx, processor = std::move(entry->processor),
                         request = std::move(request)]() mutable { runProcessor(*processor, ctx, request); };
  // Ordered by connection, for executors that keep order (the broker's sends).
  if (executor == nullptr || !executor->tryExecuteOrdered(channel->id(), task)) {
    if (shouldWarnRefusal()) {
      logger("remoting")->warn("{}: executor for code {} refused a request from {} (full or stopped); "
                               "answering SYSTEM_BUSY (at most one such warning a second)",
                               context.name, ctx.requestCode(), channel->remoteAddress());
    }
    ctx.reply(RemotingCommand::createResponse(
                  ResponseCode::kSystemBusy, fmt::format("too many requests of code {} queued; try later",
                                           ctx.requestCode())))
        .ignoreError();
  }
}

}  // namespace apogee::remoting
