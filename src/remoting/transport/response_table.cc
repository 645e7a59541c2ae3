#include "remoting/transport/response_table.h"

#include <algorithm>

namespace apogee::remoting {

ResponseTable::AddResult ResponseTable::add(int opaque, int code, Clock::time_point deadline,
                                            Completion& completion) {
  std::lock_guard lock(mutex_);
  if (closed_) return AddResult::kClosed;
  if (by_opaque_.contains(opaque)) return AddResult::kDuplicateOpaque;
  auto it = by_deadline_.emplace(deadline, opaque);
  by_opaque_.emplace(opaque, Entry{it, code, std::move(completion)});
  if (deadline < armed_for_) {
    // Claim the earlier time now so that concurrent callers do not each ask
    // for a re-arm; the connection arms the timer from armedFor().
    armed_for_ = deadline;
    return AddResult::kAddedRearm;
  }
  return AddResult::kAdded;
}

std::optional<ResponseTable::Completion> ResponseTable::take(int opaque) {
  std::lock_guard lock(mutex_);
  auto it = by_opaque_.find(opaque);
  if (it == by_opaque_.end()) return std::nullopt;
  Completion completion = std::move(it->second.completion);
  by_deadline_.erase(it->second.deadline_it);
  by_opaque_.erase(it);
  return completion;
}

std::vector<ResponseTable::Expired> ResponseTable::takeExpired(Clock::time_point now) {
  std::vector<Expired> out;
  std::lock_guard lock(mutex_);
  auto end = by_deadline_.upper_bound(now);
  for (auto it = by_deadline_.begin(); it != end; ++it) {
    auto entry = by_opaque_.find(it->second);
    out.push_back(Expired{it->second, entry->second.code, std::move(entry->second.completion)});
    by_opaque_.erase(entry);
  }
  by_deadline_.erase(by_deadline_.begin(), end);
  return out;
}

std::vector<ResponseTable::Completion> ResponseTable::closeAndTakeAll() {
  std::vector<Completion> out;
  std::lock_guard lock(mutex_);
  closed_ = true;
  out.reserve(by_opaque_.size());
  // In deadline order, which is roughly the order the requests were sent.
  for (const auto& [deadline, opaque] : by_deadline_) {
    out.push_back(std::move(by_opaque_.at(opaque).completion));
  }
  by_deadline_.clear();
  by_opaque_.clear();
  return out;
}

ResponseTable::Clock::time_point ResponseTable::armTimer(Clock::time_point cap) {
  std::lock_guard lock(mutex_);
  armed_for_ = by_deadline_.empty() ? cap : std::min(cap, by_deadline_.begin()->first);
  return armed_for_;
}

ResponseTable::Clock::time_point ResponseTable::armedFor() const {
  std::lock_guard lock(mutex_);
  return armed_for_;
}

std::size_t ResponseTable::size() const {
  std::lock_guard lock(mutex_);
  return by_opaque_.size();
}

}  // namespace apogee::remoting
