#include "broker/processors/subscription_group_admin_processor.h"

#include "broker/consumer_offset_manager.h"
#include "broker/processors/response_util.h"
#include "broker/subscription_group_manager.h"
#include "common/logging.h"
#include "remoting/body/subscription_group.h"
#include "remoting/headers/admin.h"
#include "remoting/request_code.h"

namespace apogee::broker {

using remoting::RemotingCommand;
namespace rc = remoting::ResponseCode;
namespace code = remoting::RequestCode;

std::optional<RemotingCommand> SubscriptionGroupAdminProcessor::processRequest(
    const remoting::RequestContext&, RemotingCommand& request) {
  switch (request.code()) {
    case code::kUpdateAndCreateSubscriptionGroup: return updateAndCreate(request);
    case code::kGetAllSubscriptionGroupConfig: return getAll();
    case code::kDeleteSubscriptionGroup: return remove(request);
    default:
      return requestNotSupported(request.code());
  }
}

RemotingCommand SubscriptionGroupAdminProcessor::updateAndCreate(const RemotingCommand& request) {
  // Java decodes the body without checks; a missing or unreadable body, or
  // one without a group name, ends in an exception there: SYSTEM_ERROR.
  if (request.body().empty()) {
    return makeResponse(rc::kSystemError, "the request has no SubscriptionGroupConfig body");
  }
  auto config = remoting::SubscriptionGroupConfig::fromJson(request.body().flatten());
  if (!config.ok()) return makeResponse(rc::kSystemError, config.status().message());
  if (config->groupName.empty()) {
    return makeResponse(rc::kSystemError, "the SubscriptionGroupConfig has no groupName");
  }
  Status s = broker_.groups->updateSubscriptionGroupConfig(*config);
  if (!s.ok()) return makeResponse(rc::kSystemError, "persisting subscription groups: " + s.message());
  logger("broker")->info("subscription group {} created or updated", config->groupName);
  return makeSuccess();
}

RemotingCommand SubscriptionGroupAdminProcessor::getAll() {
  auto response = makeSuccess();
  response.setBody(broker_.groups->toJson());
  return response;
}

RemotingCommand SubscriptionGroupAdminProcessor::remove(const RemotingCommand& request) {
  auto h = remoting::decodeHeader<remoting::DeleteSubscriptionGroupRequestHeader>(request.extFields());
  if (!h.ok()) return badHeaderResponse(h.status());
  // As 4.9.8: deleting an unknown group succeeds too.
  broker_.groups->deleteSubscriptionGroupConfig(h->groupName);
  if (h->removeOffset || h->cleanOffset.value_or(false)) broker_.offsets->removeOffset(h->groupName);
  logger("broker")->info("subscription group {} deleted{}", h->groupName,
                         h->removeOffset || h->cleanOffset.value_or(false) ? " with its offsets" : "");
  return makeSuccess();
}

}  // namespace apogee::broker
