#include "broker/pull_request_hold_service.h"

#include <algorithm>
#include <limits>

#include "broker/client_channel_info.h"

namespace apogee::broker {

PullRequestHoldService::PullRequestHoldService(Replay replay, MaxOffset max_offset,
                                               std::chrono::milliseconds check_interval)
    : replay_(std::move(replay)), max_offset_(std::move(max_offset)), check_interval_(check_interval) {}

PullRequestHoldService::~PullRequestHoldService() { shutdown(); }

void PullRequestHoldService::start() {
  thread_.start([this](ServiceThread& self) { run(self); });
}

void PullRequestHoldService::shutdown() {
  if (stopped_.exchange(true)) return;
  thread_.stop();
  std::vector<PullRequest> all;
  {
    std::lock_guard lock(mu_);
    for (auto& [key, requests] : table_) {
      for (auto& r : requests) all.push_back(std::move(r));
    }
    table_.clear();
    held_.store(0, std::memory_order_release);
  }
  replayAll(std::move(all));
}

void PullRequestHoldService::suspendPullRequest(std::string_view topic, std::int32_t queueId,
                                                PullRequest request) {
  if (stopped_.load(std::memory_order_acquire)) {
    std::vector<PullRequest> one;
    one.push_back(std::move(request));
    replayAll(std::move(one));
    return;
  }
  const std::int64_t offset = request.pullFromThisOffset;
  TopicQueueId key{std::string(topic), queueId};
  {
    std::lock_guard lock(mu_);
    table_[key].push_back(std::move(request));
    held_.fetch_add(1, std::memory_order_acq_rel);
  }
  thread_.wakeup();  // the earliest deadline may have changed
  // A message may have arrived between the pull's read and the insert above;
  // its notice found nothing to wake. Check once more now that we are in.
  const std::int64_t max = max_offset_(topic, queueId);
  if (max > offset) notifyMessageArriving(topic, queueId, max, std::nullopt);
}

std::vector<PullRequest> PullRequestHoldService::takeWoken(const TopicQueueId& key,
                                                           std::int64_t max_offset,
                                                           std::optional<std::int64_t> tags_code,
                                                           std::int64_t now) {
  std::vector<PullRequest> woken;
  std::lock_guard lock(mu_);
  auto it = table_.find(key);
  if (it == table_.end()) return woken;
  auto& requests = it->second;
  auto keep = std::stable_partition(requests.begin(), requests.end(), [&](const PullRequest& r) {
    if (max_offset > r.pullFromThisOffset) {
      if (!r.filter || r.filter->isMatchedByConsumeQueue(tags_code)) return false;
    }
    return now < r.deadlineMillis;
  });
  for (auto w = keep; w != requests.end(); ++w) woken.push_back(std::move(*w));
  requests.erase(keep, requests.end());
  if (requests.empty()) table_.erase(it);
  held_.fetch_sub(woken.size(), std::memory_order_acq_rel);
  return woken;
}

void PullRequestHoldService::notifyMessageArriving(std::string_view topic, std::int32_t queueId,
                                                   std::int64_t max_offset,
                                                   std::optional<std::int64_t> tags_code) {
  if (held_.load(std::memory_order_acquire) == 0) return;
  TopicQueueId key{std::string(topic), queueId};
  replayAll(takeWoken(key, max_offset, tags_code, steadyMillis()));
}

void PullRequestHoldService::replayAll(std::vector<PullRequest> requests) {
  for (auto& r : requests) replay_(std::move(r));
}

void PullRequestHoldService::run(ServiceThread& self) {
  std::int64_t next_check = steadyMillis() + check_interval_.count();
  while (!self.stopping()) {
    // Sleep until the earliest deadline or the next safety check.
    std::int64_t wake_at = next_check;
    std::vector<TopicQueueId> keys;
    {
      std::lock_guard lock(mu_);
      keys.reserve(table_.size());
      for (const auto& [key, requests] : table_) {
        keys.push_back(key);
        for (const auto& r : requests) wake_at = std::min(wake_at, r.deadlineMillis);
      }
    }
    const std::int64_t now = steadyMillis();
    if (wake_at > now) {
      self.waitForRunning(std::chrono::milliseconds(wake_at - now));
      if (self.stopping()) break;
      continue;  // re-read the table: a wakeup may have added requests
    }
    const bool full_check = now >= next_check;
    if (full_check) next_check = now + check_interval_.count();
    for (const auto& key : keys) {
      // Expired requests are replayed; on a full check so are those whose
      // queue has moved past their offset.
      const std::int64_t max = full_check ? max_offset_(key.topic, key.queueId)
                                          : std::numeric_limits<std::int64_t>::min();
      replayAll(takeWoken(key, max, std::nullopt, steadyMillis()));
    }
  }
}

}  // namespace apogee::broker
