#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/service_thread.h"
#include "remoting/remoting_command.h"
#include "remoting/transport/processor.h"
#include "store/message_filter.h"

namespace apogee::broker {

// The key of the hold table: one queue of one topic.
struct TopicQueueId {
  std::string topic;
  std::int32_t queueId = 0;
  bool operator==(const TopicQueueId&) const = default;
};

struct TopicQueueIdHash {
  std::size_t operator()(const TopicQueueId& k) const noexcept {
    return std::hash<std::string>{}(k.topic) * 31 + static_cast<std::size_t>(k.queueId);
  }
};

// A pull that found nothing and may wait (PULL_MESSAGE with the SUSPEND bit).
// It holds no thread: the request and where to answer it are kept here until
// a message arrives or the time is up; then the pull runs again (with
// suspension forbidden) and its answer goes out through ctx.reply().
struct PullRequest {
  remoting::RemotingCommand request;
  remoting::RequestContext ctx;
  std::int64_t pullFromThisOffset = 0;
  std::int64_t deadlineMillis = 0;  // steady ms
  // The subscription's tag filter; null matches every message.
  std::shared_ptr<const store::MessageFilter> filter;
};

// Long polling (RocketMQ's PullRequestHoldService): held pulls in a table
// keyed by (topic, queueId), woken by the store's arrival notice for that
// queue when the new message is past the pull's offset and passes its filter.
// A service thread answers each held pull at its deadline and, every
// `check_interval`, re-checks every held queue against the store's max
// offset (a safety net; arrival notices do the real work).
//
// Threads: notifyMessageArriving runs on the store's dispatch thread and
// only moves requests out of the table; replays run on the executor behind
// `replay`. mu_ guards the table and is never held while calling `replay`
// or `max_offset`.
class PullRequestHoldService {
 public:
  // Runs the pull again (suspend forbidden) and replies; must not block long.
  using Replay = std::function<void(PullRequest)>;
  using MaxOffset = std::function<std::int64_t(std::string_view topic, std::int32_t queueId)>;

  PullRequestHoldService(Replay replay, MaxOffset max_offset,
                         std::chrono::milliseconds check_interval);
  ~PullRequestHoldService();

  void start();
  // Stops the thread and answers every held pull (replayed at once).
  void shutdown();

  void suspendPullRequest(std::string_view topic, std::int32_t queueId, PullRequest request);
  // A message reached (topic, queueId); `max_offset` is the queue's new max
  // offset; `tags_code` is the new message's code (nullopt: match any filter).
  void notifyMessageArriving(std::string_view topic, std::int32_t queueId, std::int64_t max_offset,
                             std::optional<std::int64_t> tags_code);

  std::size_t heldCount() const { return held_.load(std::memory_order_acquire); }

 private:
  void run(ServiceThread& self);
  // Moves out the requests of `key` that are due (time is up or a matching
  // message is past their offset).
  std::vector<PullRequest> takeWoken(const TopicQueueId& key, std::int64_t max_offset,
                                     std::optional<std::int64_t> tags_code, std::int64_t now);
  void replayAll(std::vector<PullRequest> requests);

  const Replay replay_;
  const MaxOffset max_offset_;
  const std::chrono::milliseconds check_interval_;
  ServiceThread thread_{"PullRequestHoldService"};
  std::atomic<std::size_t> held_{0};
  std::atomic<bool> stopped_{false};

  mutable std::mutex mu_;
  std::unordered_map<TopicQueueId, std::vector<PullRequest>, TopicQueueIdHash> table_;  // guarded by mu_
};

}  // namespace apogee::broker
