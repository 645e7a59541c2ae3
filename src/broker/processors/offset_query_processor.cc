#include "broker/processors/offset_query_processor.h"

#include <strings.h>

#include "broker/processors/response_util.h"
#include "remoting/headers/offset.h"
#include "remoting/request_code.h"
#include "remoting/response_code.h"

namespace apogee::broker {

using remoting::RemotingCommand;
namespace rc = remoting::ResponseCode;
namespace code = remoting::RequestCode;

std::optional<RemotingCommand> OffsetQueryProcessor::processRequest(const remoting::RequestContext&,
                                                                    RemotingCommand& request) {
  auto& store = *broker_.store;
  const auto& ext = request.extFields();
  switch (request.code()) {
    case code::kGetMaxOffset: {
      auto h = remoting::decodeHeader<remoting::GetMaxOffsetRequestHeader>(ext);
      if (!h.ok()) return badHeaderResponse(h.status());
      return makeSuccess(remoting::GetMaxOffsetResponseHeader{
          store.getMaxOffsetInQueue(h->topic, QueueId(h->queueId)).value()});
    }
    case code::kGetMinOffset: {
      auto h = remoting::decodeHeader<remoting::GetMinOffsetRequestHeader>(ext);
      if (!h.ok()) return badHeaderResponse(h.status());
      return makeSuccess(remoting::GetMinOffsetResponseHeader{
          store.getMinOffsetInQueue(h->topic, QueueId(h->queueId)).value()});
    }
    case code::kSearchOffsetByTimestamp: {
      auto h = remoting::decodeHeader<remoting::SearchOffsetRequestHeader>(ext);
      if (!h.ok()) return badHeaderResponse(h.status());
      // 4.9.x clients send no boundary type: nearest store time. 5.x names one.
      store::BoundaryType boundary = store::BoundaryType::kNearest;
      if (h->boundaryType) {
        boundary = ::strcasecmp(h->boundaryType->c_str(), "UPPER") == 0 ? store::BoundaryType::kUpper
                                                                       : store::BoundaryType::kLower;
      }
      return makeSuccess(remoting::SearchOffsetResponseHeader{
          store.getOffsetInQueueByTime(h->topic, QueueId(h->queueId), h->timestamp, boundary)
              .value()});
    }
    case code::kGetEarliestMsgStoretime: {
      auto h = remoting::decodeHeader<remoting::GetEarliestMsgStoretimeRequestHeader>(ext);
      if (!h.ok()) return badHeaderResponse(h.status());
      return makeSuccess(remoting::GetEarliestMsgStoretimeResponseHeader{
          store.getEarliestMessageTime(h->topic, QueueId(h->queueId))});
    }
    default:
      return makeResponse(rc::kRequestCodeNotSupported,
                          " request type " + std::to_string(request.code()) + " not supported");
  }
}

}  // namespace apogee::broker
