#pragma once

#include <array>
#include <optional>

#include "namesrv/kv_config_manager.h"
#include "namesrv/route_info_manager.h"
#include "remoting/request_code.h"
#include "remoting/transport/processor.h"

namespace apogee::namesrv {

// MQVersion V3_0_11: brokers from this version on send a RegisterBrokerBody;
// older ones a bare TopicConfigSerializeWrapper.
inline constexpr int kRegisterBodyWithFilterServerVersion = 37;

// The requests brokers send (rocketmq-protocol.md 3.1):
//   REGISTER_BROKER (103)     bodyCrc32 check, JSON or compressed body;
//                             answer: master's addresses for a slave, and the
//                             ORDER_TOPIC_CONFIG namespace as a KVTable body
//   UNREGISTER_BROKER (104)
//   QUERY_DATA_VERSION (322)  is the broker's registration current?
// Runs on the server's processor pool, many requests at once.
class BrokerProcessor final : public remoting::RequestProcessor {
 public:
  static constexpr std::array kRequestCodes{remoting::RequestCode::kRegisterBroker,
                                            remoting::RequestCode::kUnregisterBroker,
                                            remoting::RequestCode::kQueryDataVersion};

  // Both must outlive the processor.
  BrokerProcessor(RouteInfoManager& routes, const KVConfigManager& kv) : routes_(routes), kv_(kv) {}

  std::optional<remoting::RemotingCommand> processRequest(const remoting::RequestContext& ctx,
                                                          remoting::RemotingCommand& request) override;

 private:
  remoting::RemotingCommand registerBroker(const remoting::RequestContext& ctx,
                                           const remoting::RemotingCommand& request);
  remoting::RemotingCommand unregisterBroker(const remoting::RemotingCommand& request);
  remoting::RemotingCommand queryDataVersion(const remoting::RemotingCommand& request);

  RouteInfoManager& routes_;
  const KVConfigManager& kv_;
};

// UtilAll.crc32: CRC-32 (zlib's) of `bytes`, masked to a non-negative int.
std::int32_t bodyCrc32(std::string_view bytes);

}  // namespace apogee::namesrv
