#include "namesrv/broker_processor.h"

#include <zlib.h>

#include <algorithm>
#include <string>
#include <utility>

#include "common/logging.h"
#include "namesrv/processor_support.h"
#include "remoting/body/register_broker_body.h"
#include "remoting/headers/route.h"

namespace apogee::namesrv {

using remoting::RemotingCommand;
using remoting::ResponseCode::kSuccess;
using remoting::ResponseCode::kSystemError;

std::int32_t bodyCrc32(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes at most uInt bytes per call.
  while (!bytes.empty()) {
    const auto n = static_cast<uInt>(std::min<std::size_t>(bytes.size(), 1u << 30));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data()), n);
    bytes.remove_prefix(n);
  }
  return static_cast<std::int32_t>(crc & 0x7FFFFFFFu);
}

std::optional<RemotingCommand> BrokerProcessor::processRequest(const remoting::RequestContext& ctx,
                                                               RemotingCommand& request) {
  switch (request.code()) {
    case remoting::RequestCode::kRegisterBroker:
      return registerBroker(ctx, request);
    case remoting::RequestCode::kUnregisterBroker:
      return unregisterBroker(request);
    case remoting::RequestCode::kQueryDataVersion:
      return queryDataVersion(request);
    default:
      return makeResponse(remoting::ResponseCode::kRequestCodeNotSupported,
                          " request type " + std::to_string(request.code()) + " not supported");
  }
}

RemotingCommand BrokerProcessor::registerBroker(const remoting::RequestContext& ctx,
                                                const RemotingCommand& request) {
  remoting::RegisterBrokerRequestHeader header;
  if (auto error = decodeRequestHeader(request, header)) return std::move(*error);

  const std::string body = request.body().flatten();
  if (header.bodyCrc32 != 0 && bodyCrc32(body) != header.bodyCrc32) {
    logger("namesrv")->warn("REGISTER_BROKER from {} ({}): crc32 not match",
                            ctx.channel()->remoteAddress(), header.brokerAddr);
    return makeResponse(kSystemError, std::string("crc32 not match"));
  }

  BrokerRegistration reg;
  reg.clusterName = std::move(header.clusterName);
  reg.brokerAddr = std::move(header.brokerAddr);
  reg.brokerName = std::move(header.brokerName);
  reg.brokerId = header.brokerId;
  reg.haServerAddr = std::move(header.haServerAddr);
  reg.channel = ctx.channel();
  // No body registers the broker with DataVersion {0, 0} and no topics.
  if (request.version() >= kRegisterBodyWithFilterServerVersion) {
    reg.filterServerList.emplace();
    if (!body.empty()) {
      auto decoded = remoting::RegisterBrokerBody::decode(body, header.compressed, request.version());
      if (!decoded.ok()) {
        return makeResponse(kSystemError,
                            "Failed to decode RegisterBrokerBody: " + decoded.status().message());
      }
      reg.topicConfig = std::move(decoded->topicConfigSerializeWrapper);
      reg.filterServerList = std::move(decoded->filterServerList);
    }
  } else if (!body.empty()) {
    auto decoded = remoting::TopicConfigSerializeWrapper::fromJson(body);
    if (!decoded.ok()) {
      return makeResponse(kSystemError,
                          "Failed to decode TopicConfigSerializeWrapper: " + decoded.status().message());
    }
    reg.topicConfig = std::move(*decoded);
  }

  const RegisterBrokerResult result = routes_.registerBroker(reg);

  RemotingCommand response = makeResponse(kSuccess);
  response.setExtFields(remoting::toExtFields(
      remoting::RegisterBrokerResponseHeader{.haServerAddr = result.haServerAddr,
                                             .masterAddr = result.masterAddr}));
  if (auto order_conf = kv_.getKVListByNamespace(kNamespaceOrderTopicConfig)) {
    response.setBody(order_conf->toJson());
  }
  return response;
}

RemotingCommand BrokerProcessor::unregisterBroker(const RemotingCommand& request) {
  remoting::UnregisterBrokerRequestHeader header;
  if (auto error = decodeRequestHeader(request, header)) return std::move(*error);
  routes_.unregisterBroker(header.clusterName, header.brokerAddr, header.brokerName, header.brokerId);
  return makeResponse(kSuccess);
}

RemotingCommand BrokerProcessor::queryDataVersion(const RemotingCommand& request) {
  remoting::QueryDataVersionRequestHeader header;
  if (auto error = decodeRequestHeader(request, header)) return std::move(*error);
  auto version = remoting::DataVersion::fromJson(request.body().flatten());
  if (!version.ok()) {
    return makeResponse(kSystemError, "Failed to decode DataVersion: " + version.status().message());
  }

  const bool changed = routes_.isBrokerTopicConfigChanged(header.brokerAddr, *version);
  if (!changed) routes_.updateBrokerInfoUpdateTimestamp(header.brokerAddr);

  RemotingCommand response = makeResponse(kSuccess);
  if (auto ours = routes_.queryBrokerTopicConfig(header.brokerAddr)) response.setBody(ours->toJson());
  response.setExtFields(remoting::toExtFields(remoting::QueryDataVersionResponseHeader{.changed = changed}));
  return response;
}

}  // namespace apogee::namesrv
