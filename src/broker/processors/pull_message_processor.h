#pragma once

#include <memory>
#include <optional>

#include "broker/broker_context.h"
#include "common/thread_pool.h"
#include "remoting/headers/pull.h"
#include "remoting/transport/processor.h"
#include "store/get_message_result.h"

namespace apogee::broker {

struct PullRequest;

// PULL_MESSAGE (11) (RocketMQ's PullMessageProcessor): checks group, topic,
// queue and subscription, reads from the store, maps the store status to a
// pull response with RocketMQ's offset corrections (rocketmq-protocol.md
// 6.3), stores the piggybacked commit offset, and parks the request in the
// hold service when nothing is there yet and the client allows suspension.
//
// The response body is made of views into the store's mapped segments (no
// copy), kept mapped by the payload's owner until the transport has written
// it. Runs on the pull executor; replays of held pulls run there too.
class PullMessageProcessor final : public remoting::RequestProcessor {
 public:
  // `executor` runs replays of held requests (the pull executor).
  PullMessageProcessor(BrokerContext& broker, std::shared_ptr<Executor> executor)
      : broker_(broker), executor_(std::move(executor)) {}

  std::optional<remoting::RemotingCommand> processRequest(const remoting::RequestContext& ctx,
                                                          remoting::RemotingCommand& request) override {
    return process(ctx, request, true);
  }

  // A held request whose queue got a message, or whose time is up: runs it
  // again with suspension forbidden and replies through its context. Runs
  // the work on the executor (inline when the executor refuses it).
  void executeRequestWhenWakeup(PullRequest request);

 private:
  std::optional<remoting::RemotingCommand> process(const remoting::RequestContext& ctx,
                                                   const remoting::RemotingCommand& request,
                                                   bool allow_suspend);
  void replay(PullRequest& request);

  BrokerContext& broker_;
  std::shared_ptr<Executor> executor_;
};

// The pull response code and the corrected offsets for a store result
// (master rules of rocketmq-protocol.md 6.3). Exposed for tests.
struct PullOutcome {
  int code = 0;
  std::int64_t nextBeginOffset = 0;
};
PullOutcome mapGetMessageResult(const store::GetMessageResult& result, std::int64_t request_offset);

}  // namespace apogee::broker
