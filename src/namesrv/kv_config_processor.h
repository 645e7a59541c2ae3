#pragma once

#include <array>
#include <optional>

#include "namesrv/kv_config_manager.h"
#include "remoting/request_code.h"
#include "remoting/transport/processor.h"

namespace apogee::namesrv {

// The namespaced key-value requests of admin tools (rocketmq-protocol.md 3.1):
//   PUT_KV_CONFIG (100), GET_KV_CONFIG (101; QUERY_NOT_FOUND when absent),
//   DELETE_KV_CONFIG (102), GET_KVLIST_BY_NAMESPACE (219; a KVTable body).
// Runs on the server's processor pool, many requests at once.
class KVConfigProcessor final : public remoting::RequestProcessor {
 public:
  static constexpr std::array kRequestCodes{
      remoting::RequestCode::kPutKvConfig, remoting::RequestCode::kGetKvConfig,
      remoting::RequestCode::kDeleteKvConfig, remoting::RequestCode::kGetKvListByNamespace};

  // `kv` must outlive the processor.
  explicit KVConfigProcessor(KVConfigManager& kv) : kv_(kv) {}

  std::optional<remoting::RemotingCommand> processRequest(const remoting::RequestContext& ctx,
                                                          remoting::RemotingCommand& request) override;

 private:
  remoting::RemotingCommand putKVConfig(const remoting::RemotingCommand& request);
  remoting::RemotingCommand getKVConfig(const remoting::RemotingCommand& request);
  remoting::RemotingCommand deleteKVConfig(const remoting::RemotingCommand& request);
  remoting::RemotingCommand getKVListByNamespace(const remoting::RemotingCommand& request);

  KVConfigManager& kv_;
};

}  // namespace apogee::namesrv
