#include "namesrv/kv_config_processor.h"

#include <string>
#include <utility>

#include "namesrv/processor_support.h"
#include "remoting/headers/route.h"

namespace apogee::namesrv {

using remoting::RemotingCommand;
using remoting::ResponseCode::kQueryNotFound;
using remoting::ResponseCode::kSuccess;

std::optional<RemotingCommand> KVConfigProcessor::processRequest(const remoting::RequestContext&,
                                                                 RemotingCommand& request) {
  switch (request.code()) {
    case remoting::RequestCode::kPutKvConfig:
      return putKVConfig(request);
    case remoting::RequestCode::kGetKvConfig:
      return getKVConfig(request);
    case remoting::RequestCode::kDeleteKvConfig:
      return deleteKVConfig(request);
    case remoting::RequestCode::kGetKvListByNamespace:
      return getKVListByNamespace(request);
    default:
      return makeResponse(remoting::ResponseCode::kRequestCodeNotSupported,
                          " request type " + std::to_string(request.code()) + " not supported");
  }
}

// A file write that fails is logged by the manager; the answer is SUCCESS,
// as in Java, because the change is in effect (in memory).
RemotingCommand KVConfigProcessor::putKVConfig(const RemotingCommand& request) {
  remoting::PutKVConfigRequestHeader header;
  if (auto error = decodeRequestHeader(request, header)) return std::move(*error);
  kv_.putKVConfig(header.namespace_, header.key, header.value).ignoreError();
  return makeResponse(kSuccess);
}

RemotingCommand KVConfigProcessor::getKVConfig(const RemotingCommand& request) {
  remoting::GetKVConfigRequestHeader header;
  if (auto error = decodeRequestHeader(request, header)) return std::move(*error);
  auto value = kv_.getKVConfig(header.namespace_, header.key);
  if (!value) {
    return makeResponse(kQueryNotFound,
                        "No config item, Namespace: " + header.namespace_ + " Key: " + header.key);
  }
  RemotingCommand response = makeResponse(kSuccess);
  response.setExtFields(remoting::toExtFields(remoting::GetKVConfigResponseHeader{.value = std::move(value)}));
  return response;
}

RemotingCommand KVConfigProcessor::deleteKVConfig(const RemotingCommand& request) {
  remoting::DeleteKVConfigRequestHeader header;
  if (auto error = decodeRequestHeader(request, header)) return std::move(*error);
  kv_.deleteKVConfig(header.namespace_, header.key).ignoreError();
  return makeResponse(kSuccess);
}

RemotingCommand KVConfigProcessor::getKVListByNamespace(const RemotingCommand& request) {
  remoting::GetKVListByNamespaceRequestHeader header;
  if (auto error = decodeRequestHeader(request, header)) return std::move(*error);
  auto table = kv_.getKVListByNamespace(header.namespace_);
  if (!table) return makeResponse(kQueryNotFound, "No config item, Namespace: " + header.namespace_);
  RemotingCommand response = makeResponse(kSuccess);
  response.setBody(table->toJson());
  return response;
}

}  // namespace apogee::namesrv
