#include "client/client_error.h"

#include "apogee/mq_client_exception.h"
#include "remoting/response_code.h"

namespace apogee::client {

Status remoteError(int response_code, std::string message) {
  namespace rc = remoting::ResponseCode;
  const StatusCode code =
      (response_code == rc::kTopicNotExist || response_code == rc::kQueryNotFound)
          ? StatusCode::kNotFound
          : StatusCode::kInternal;
  return Status(code, std::move(message)).withDetail(kRemoteErrorBase + response_code);
}

std::optional<int> responseCodeOf(const Status& status) {
  if (status.ok() || status.detail() < kRemoteErrorBase / 2) return std::nullopt;
  return status.detail() - kRemoteErrorBase;
}

void throwStatus(const Status& status, const std::string& broker_addr) {
  if (auto code = responseCodeOf(status)) {
    throw MQBrokerException(*code, status.message(), broker_addr);
  }
  switch (status.code()) {
    case StatusCode::kTimeout:
      throw RemotingException(status.message(), true);
    case StatusCode::kUnavailable:
    case StatusCode::kAborted:
      throw RemotingException(status.message());
    default:
      throw MQClientException(-1, status.message());
  }
}

}  // namespace apogee::client
