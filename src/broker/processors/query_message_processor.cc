#include "broker/processors/query_message_processor.h"

#include "broker/processors/response_util.h"
#include "remoting/headers/admin.h"
#include "remoting/request_code.h"
#include "remoting/response_code.h"

namespace apogee::broker {

using remoting::RemotingCommand;
namespace rc = remoting::ResponseCode;

namespace {

// RocketMQ's defaultQueryMaxNum, forced for unique-key queries.
constexpr std::int32_t kDefaultQueryMaxNum = 32;

remoting::Payload viewsOf(std::vector<store::MessageBytes> messages) {
  std::vector<std::string_view> pieces;
  pieces.reserve(messages.size());
  for (const auto& m : messages) pieces.push_back(m.bytes);
  auto owner = std::make_shared<std::vector<store::MessageBytes>>(std::move(messages));
  return remoting::Payload(std::move(pieces), std::move(owner));
}

}  // namespace

std::optional<RemotingCommand> QueryMessageProcessor::processRequest(const remoting::RequestContext&,
                                                                     RemotingCommand& request) {
  if (request.code() == remoting::RequestCode::kViewMessageById) return viewMessageById(request);
  return queryMessage(request);
}

RemotingCommand QueryMessageProcessor::viewMessageById(const RemotingCommand& request) {
  auto h = remoting::decodeHeader<remoting::ViewMessageRequestHeader>(request.extFields());
  if (!h.ok()) return badHeaderResponse(h.status());
  auto found = broker_.store->lookMessageByOffset(CommitLogOffset(h->offset));
  if (!found.ok()) {
    return makeResponse(rc::kSystemError,
                        "can not find message by the offset, " + std::to_string(h->offset));
  }
  std::vector<store::MessageBytes> one;
  one.push_back(std::move(*found));
  auto response = makeSuccess();
  response.setBody(viewsOf(std::move(one)));
  return response;
}

RemotingCommand QueryMessageProcessor::queryMessage(const RemotingCommand& request) {
  auto h = remoting::decodeHeader<remoting::QueryMessageRequestHeader>(request.extFields());
  if (!h.ok()) return badHeaderResponse(h.status());
  std::int32_t max_num = h->maxNum;
  if (request.extField(remoting::kUniqueKeyQueryField) == std::optional<std::string_view>("true")) {
    max_num = kDefaultQueryMaxNum;
  }
  auto result = broker_.store->queryMessage(h->topic, h->key, max_num, h->beginTimestamp,
                                            h->endTimestamp);
  if (!result.ok() || result->messages.empty()) {
    return makeResponse(rc::kQueryNotFound, "can not find message, maybe time range not correct");
  }
  auto response = makeSuccess(remoting::QueryMessageResponseHeader{
      result->indexLastUpdateTimestamp, result->indexLastUpdatePhyoffset});
  response.setBody(viewsOf(std::move(result->messages)));
  return response;
}

}  // namespace apogee::broker
