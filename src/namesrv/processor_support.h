#pragma once

#include <optional>
#include <string>

#include "common/status.h"
#include "remoting/headers/header_fields.h"
#include "remoting/remoting_command.h"
#include "remoting/response_code.h"

// Small helpers shared by the name server's processors.
namespace apogee::namesrv {

// A response with `code` and, when given, `remark`.
inline remoting::RemotingCommand makeResponse(int code, std::optional<std::string> remark = std::nullopt) {
  return remoting::RemotingCommand::createResponse(code, std::move(remark));
}

// The answer to a request whose header does not decode: SYSTEM_ERROR with
// the decoder's message, which names the header and the field (Java answers
// a RemotingCommandException the same way, with its own wording).
inline remoting::RemotingCommand badHeaderResponse(const Status& status) {
  return makeResponse(remoting::ResponseCode::kSystemError, status.message());
}

// Decodes the request's header into `out`; on failure returns the error
// response to send instead.
template <remoting::TypedHeader H>
std::optional<remoting::RemotingCommand> decodeRequestHeader(const remoting::RemotingCommand& request,
                                                             H& out) {
  auto header = remoting::decodeHeader<H>(request.extFields());
  if (!header.ok()) return badHeaderResponse(header.status());
  out = std::move(*header);
  return std::nullopt;
}

}  // namespace apogee::namesrv
