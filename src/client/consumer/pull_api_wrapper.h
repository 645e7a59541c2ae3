#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "apogee/message_queue.h"
#include "apogee/pull_result.h"
#include "client/mq_client_api.h"
#include "common/result.h"
#include "remoting/body/heartbeat.h"

namespace apogee::client {

class MQClientInstance;

// One pull as the consumers ask for it.
struct PullArgs {
  MessageQueue mq;
  std::shared_ptr<const remoting::SubscriptionData> subscription;
  std::int64_t offset = 0;
  std::int32_t maxNums = 32;
  std::int32_t sysFlag = 0;  // PullSysFlag bits
  std::int64_t commitOffset = 0;
  std::chrono::milliseconds brokerSuspendMaxTime{20000};  // the broker's hold time
  std::chrono::milliseconds timeout{10000};               // the request's
  // The push consumer sends its subscription's version (as Java's does);
  // the pull consumers send 0 for tag expressions (unset).
  bool sendSubVersion = false;
};

// Builds and sends PULL_MESSAGE for every consumer and post-processes the
// answer (RocketMQ's PullAPIWrapper):
//   - the broker is the queue's broker at the id it last suggested
//     (suggestWhichBrokerId, remembered per queue; master at first), the
//     commit-offset bit cleared when that is a slave;
//   - FOUND results are filtered again by tag string (the broker matched only
//     tag hashes), get the MIN_OFFSET / MAX_OFFSET properties, and become
//     NO_MATCHED_MSG when no message is left.
// Thread-safe. Owned by shared_ptr: an async pull keeps the wrapper alive
// until its callback has run (a long poll can outlive the consumer). The
// instance must outlive the consumer; its shutdown fails pending pulls.
// Async callbacks run on the instance's callback threads.
class PullAPIWrapper : public std::enable_shared_from_this<PullAPIWrapper> {
 public:
  PullAPIWrapper(MQClientInstance& instance, std::string group)
      : instance_(instance), group_(std::move(group)) {}

  Result<PullResult> pullSync(const PullArgs& args);
  // `callback` runs exactly once (on the calling thread when the request
  // could not be built).
  void pullAsync(const PullArgs& args, std::function<void(Result<PullResult>)> callback);

  // Filters and completes a raw answer, and remembers the suggested broker.
  PullResult processPullResult(const MessageQueue& mq, PullResultExt raw,
                               const remoting::SubscriptionData& subscription);

  std::int64_t recalculatePullFromWhichNode(const MessageQueue& mq) const;
  void updatePullFromWhichNode(const MessageQueue& mq, std::int64_t brokerId);

 private:
  struct Target {
    std::string addr;
    remoting::PullMessageRequestHeader header;
  };
  Result<Target> prepare(const PullArgs& args);

  MQClientInstance& instance_;
  const std::string group_;
  mutable std::mutex mutex_;
  std::map<MessageQueue, std::int64_t> pull_from_which_node_;  // guarded by mutex_
};

}  // namespace apogee::client
