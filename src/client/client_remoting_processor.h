#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "apogee/message_ext.h"
#include "apogee/message_queue.h"
#include "remoting/transport/processor.h"
#include "remoting/transport/remoting_client.h"

namespace apogee::client {

// What the client does with the requests brokers send it (rocketmq-protocol.md
// 3.4). Each hook is optional; the instance fills them in from its consumers.
struct BrokerRequestHooks {
  // NOTIFY_CONSUMER_IDS_CHANGED (40): rebalance `group` now.
  std::function<void(const std::string& group)> onConsumerIdsChanged;
  // GET_CONSUMER_RUNNING_INFO (307): the ConsumerRunningInfo JSON of `group`,
  // or nullopt when this client has no such consumer.
  std::function<std::optional<std::string>(const std::string& group, bool jstack)>
      consumerRunningInfo;
  // CONSUME_MESSAGE_DIRECTLY (309): run `group`'s listener on `msg` (stored
  // on `brokerName`); the ConsumeMessageDirectlyResult JSON, or nullopt when
  // this client has no such consumer.
  std::function<std::optional<std::string>(const std::string& group, const MessageExt& msg,
                                           const std::string& brokerName)>
      consumeMessageDirectly;
  // RESET_CONSUMER_CLIENT_OFFSET (220): move `group`'s offsets on `topic`.
  std::function<void(const std::string& topic, const std::string& group,
                     const std::map<MessageQueue, std::int64_t>& offsets)>
      resetOffset;
};

// The broker->client request processor (RocketMQ's ClientRemotingProcessor),
// registered for codes 39, 40, 220, 221, 307 and 309. Runs on the remoting
// client's default processor pool. Requests with no hook, and
// GET_CONSUMER_STATUS_FROM_CLIENT (221) and CHECK_TRANSACTION_STATE (39),
// are answered SYSTEM_ERROR "... not supported yet" (oneway ones are
// dropped).
class ClientRemotingProcessor final : public remoting::RequestProcessor {
 public:
  // Registers a new processor with `client` for every code above.
  static std::shared_ptr<ClientRemotingProcessor> install(remoting::RemotingClient& client);

  // Replaces the hooks; thread-safe.
  void setHooks(BrokerRequestHooks hooks);

  std::optional<remoting::RemotingCommand> processRequest(
      const remoting::RequestContext& ctx, remoting::RemotingCommand& request) override;

 private:
  BrokerRequestHooks hooks() const;

  mutable std::mutex mutex_;
  BrokerRequestHooks hooks_;  // guarded by mutex_
};

}  // namespace apogee::client
