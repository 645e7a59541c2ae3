#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "broker/broker_context.h"
#include "common/thread_pool.h"
#include "remoting/body/topic_config.h"
#include "remoting/transport/processor.h"

namespace apogee::store {
class DefaultMessageStore;
}

namespace apogee::broker {

class ScheduleMessageService;

// GET_BROKER_RUNTIME_INFO (28) and GET_BROKER_CONFIG (26) (part of RocketMQ's
// AdminBrokerProcessor).
//
// 28 answers a KVTable with the keys a 4.9.8 broker reports (mqadmin
// brokerStatus prints them; the apogee admin tool reads a few). Values are
// real where Apogee has them (store counters and rates, offsets, disk, pool
// queues, delay progress); what Apogee does not measure is reported as
// Java's idle value (0, or a zeroed histogram), so every key is present.
// 26 answers the settings as properties text plus a DataVersion in the
// `version` response field.
class RuntimeInfoProcessor final : public remoting::RequestProcessor {
 public:
  struct Pool {
    std::function<std::size_t()> queued;  // tasks waiting; empty: 0
    std::size_t capacity = 0;             // 0: unbounded
  };
  struct Sources {
    store::DefaultMessageStore* store = nullptr;
    const ScheduleMessageService* schedule = nullptr;
    Pool send, pull, query;
  };

  RuntimeInfoProcessor(BrokerContext& broker, Sources sources);

  std::optional<remoting::RemotingCommand> processRequest(const remoting::RequestContext& ctx,
                                                          remoting::RemotingCommand& request) override;

  // The table GET_BROKER_RUNTIME_INFO answers.
  remoting::KVTable runtimeInfo() const;
  // The properties text GET_BROKER_CONFIG answers.
  std::string configText() const;

 private:
  BrokerContext& broker_;
  const Sources sources_;
  const remoting::DataVersion config_version_;
};

// Java's MixAll.humanReadableByteCount(bytes, false): "512 B", "1.5 KiB".
std::string humanReadableByteCount(std::int64_t bytes);

}  // namespace apogee::broker
