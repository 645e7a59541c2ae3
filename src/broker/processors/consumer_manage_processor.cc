#include "broker/processors/consumer_manage_processor.h"

#include <unistd.h>

#include "broker/consumer_manager.h"
#include "broker/consumer_offset_manager.h"
#include "broker/processors/response_util.h"
#include "remoting/body/heartbeat.h"
#include "remoting/headers/heartbeat.h"
#include "remoting/headers/offset.h"
#include "remoting/request_code.h"
#include "remoting/response_code.h"

namespace apogee::broker {

using remoting::RemotingCommand;
namespace rc = remoting::ResponseCode;
namespace code = remoting::RequestCode;

std::optional<RemotingCommand> ConsumerManageProcessor::processRequest(
    const remoting::RequestContext&, RemotingCommand& request) {
  switch (request.code()) {
    case code::kQueryConsumerOffset: return queryConsumerOffset(request);
    case code::kUpdateConsumerOffset: return updateConsumerOffset(request);
    case code::kGetConsumerListByGroup: return getConsumerListByGroup(request);
    default:
      return makeResponse(rc::kRequestCodeNotSupported,
                          " request type " + std::to_string(request.code()) + " not supported");
  }
}

bool ConsumerManageProcessor::firstMessageInDisk(const std::string& topic, std::int32_t queueId) {
  auto phy = broker_.store->getCommitLogOffsetInQueue(topic, QueueId(queueId), QueueOffset(0));
  if (!phy.ok()) return false;  // no unit at 0: Java answers "not in disk"
  static const std::int64_t memory =
      static_cast<std::int64_t>(::sysconf(_SC_PHYS_PAGES)) * ::sysconf(_SC_PAGESIZE);
  const std::int64_t hot =
      memory / 100 * broker_.config.store.accessMessageInMemoryMaxRatio;
  return broker_.store->getMaxPhyOffset().value() - phy->value() > hot;
}

RemotingCommand ConsumerManageProcessor::queryConsumerOffset(const RemotingCommand& request) {
  auto h = remoting::decodeHeader<remoting::QueryConsumerOffsetRequestHeader>(request.extFields());
  if (!h.ok()) return badHeaderResponse(h.status());
  const std::int64_t offset = broker_.offsets->queryOffset(h->consumerGroup, h->topic, h->queueId);
  if (offset >= 0) return makeSuccess(remoting::QueryConsumerOffsetResponseHeader{offset});
  // No commit yet: a queue whose first message is still hot starts at 0.
  const std::int64_t min = broker_.store->getMinOffsetInQueue(h->topic, QueueId(h->queueId)).value();
  if (h->setZeroIfNotFound.value_or(true) && min <= 0 && !firstMessageInDisk(h->topic, h->queueId)) {
    return makeSuccess(remoting::QueryConsumerOffsetResponseHeader{0});
  }
  return makeResponse(rc::kQueryNotFound, "Not found, V3_0_6_SNAPSHOT maybe this group consumer boot first");
}

RemotingCommand ConsumerManageProcessor::updateConsumerOffset(const RemotingCommand& request) {
  auto h = remoting::decodeHeader<remoting::UpdateConsumerOffsetRequestHeader>(request.extFields());
  if (!h.ok()) return badHeaderResponse(h.status());
  // A negative commit would read as "no offset"; keep the last good one.
  if (h->commitOffset >= 0) {
    broker_.offsets->commitOffset(h->consumerGroup, h->topic, h->queueId, h->commitOffset);
  }
  return makeSuccess();
}

RemotingCommand ConsumerManageProcessor::getConsumerListByGroup(const RemotingCommand& request) {
  auto h = remoting::decodeHeader<remoting::GetConsumerListByGroupRequestHeader>(request.extFields());
  if (!h.ok()) return badHeaderResponse(h.status());
  auto info = broker_.consumers->getConsumerGroupInfo(h->consumerGroup);
  if (info && !info->channels.empty()) {
    remoting::ConsumerIdList list;
    list.consumerIdList = info->allClientIds();
    auto response = makeSuccess();
    response.setBody(list.toJson());
    return response;
  }
  return makeResponse(rc::kSystemError, "no consumer for this group, " + h->consumerGroup);
}

}  // namespace apogee::broker
