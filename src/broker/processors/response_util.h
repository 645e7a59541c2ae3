#pragma once

#include <string>

#include "common/status.h"
#include "remoting/headers/header_fields.h"
#include "remoting/remoting_command.h"
#include "remoting/response_code.h"

// Small helpers every processor uses to build answers.
namespace apogee::broker {

inline remoting::RemotingCommand makeResponse(int code, std::string remark) {
  return remoting::RemotingCommand::createResponse(code, std::move(remark));
}

inline remoting::RemotingCommand makeSuccess() {
  return remoting::RemotingCommand::createResponse(remoting::ResponseCode::kSuccess);
}

// A request code this processor was not registered for: what Java's
// AdminBrokerProcessor answers.
inline remoting::RemotingCommand requestNotSupported(int code) {
  return makeResponse(remoting::ResponseCode::kRequestCodeNotSupported,
                      " request type " + std::to_string(code) + " not supported");
}

// A request whose header did not decode: SYSTEM_ERROR with the decoder's
// message, which names the header and the field (Java answers a
// RemotingCommandException the same way).
inline remoting::RemotingCommand badHeaderResponse(const Status& status) {
  return makeResponse(remoting::ResponseCode::kSystemError, status.message());
}

template <remoting::TypedHeader H>
remoting::RemotingCommand makeSuccess(const H& header) {
  auto response = makeSuccess();
  response.setExtFields(remoting::toExtFields(header));
  return response;
}

}  // namespace apogee::broker
