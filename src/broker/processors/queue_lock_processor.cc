#include "broker/processors/queue_lock_processor.h"

#include "broker/processors/response_util.h"
#include "broker/rebalance_lock_manager.h"
#include "remoting/body/message_queue_json.h"
#include "remoting/request_code.h"
#include "remoting/response_code.h"

namespace apogee::broker {

using remoting::RemotingCommand;
namespace rc = remoting::ResponseCode;

std::optional<RemotingCommand> QueueLockProcessor::processRequest(const remoting::RequestContext&,
                                                                  RemotingCommand& request) {
  const std::string body = request.body().flatten();
  if (request.code() == remoting::RequestCode::kUnlockBatchMq) {
    auto req = remoting::UnlockBatchRequestBody::fromJson(body);
    if (!req.ok()) return makeResponse(rc::kSystemError, "bad unlock body: " + req.status().message());
    broker_.locks->unlockBatch(req->consumerGroup, req->mqSet, req->clientId);
    return makeSuccess();
  }
  auto req = remoting::LockBatchRequestBody::fromJson(body);
  if (!req.ok()) return makeResponse(rc::kSystemError, "bad lock body: " + req.status().message());
  remoting::LockBatchResponseBody locked;
  locked.lockOKMQSet = broker_.locks->tryLockBatch(req->consumerGroup, req->mqSet, req->clientId);
  auto response = makeSuccess();
  response.setBody(locked.toJson());
  return response;
}

}  // namespace apogee::broker
