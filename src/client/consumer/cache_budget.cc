#include "client/consumer/cache_budget.h"

#include <algorithm>
#include <limits>

namespace apogee::client {

void CacheBudget::join(Account& account) {
  if (account.joined_) return;
  std::lock_guard lock(mutex_);
  account.joined_ = true;
  accounts_.push_back(&account);
  queues_.fetch_add(1, std::memory_order_relaxed);
  bytes_.fetch_add(account.bytes(), std::memory_order_relaxed);
}

void CacheBudget::leave(Account& account) {
  if (!account.joined_) return;
  std::lock_guard lock(mutex_);
  account.joined_ = false;
  accounts_.erase(std::find(accounts_.begin(), accounts_.end(), &account));
  queues_.fetch_sub(1, std::memory_order_relaxed);
  bytes_.fetch_sub(account.bytes(), std::memory_order_relaxed);
}

void CacheBudget::add(Account& account, std::int64_t delta) {
  // The clock only for growth (once per pull result), not per consumed
  // message.
  if (delta > 0) return add(account, delta, Clock::now());
  if (delta == 0) return;
  account.bytes_.fetch_add(delta, std::memory_order_relaxed);
  if (account.joined_) bytes_.fetch_add(delta, std::memory_order_relaxed);
}

void CacheBudget::add(Account& account, std::int64_t delta, Clock::time_point now) {
  if (delta == 0) return;
  account.bytes_.fetch_add(delta, std::memory_order_relaxed);
  if (delta > 0) {
    account.grown_at_.store(now.time_since_epoch().count(), std::memory_order_relaxed);
  }
  if (account.joined_) bytes_.fetch_add(delta, std::memory_order_relaxed);
}

std::int64_t CacheBudget::share() const { return limit_ / std::max<std::int64_t>(1, queues()); }

bool CacheBudget::mustWait(std::int64_t queueBytes) const { return decide(queueBytes, nullptr); }

bool CacheBudget::mustWait(std::int64_t queueBytes, Clock::time_point now) const {
  return decide(queueBytes, &now);
}

bool CacheBudget::decide(std::int64_t queueBytes, const Clock::time_point* now) const {
  if (limit_ <= 0 || queueBytes <= 0) return false;  // rule 1
  const std::int64_t total = bytes();
  if (total > limit_) return true;         // rule 2
  if (queueBytes < share()) return false;  // rule 3
  // Rule 4. The clock only here: the other cases are a few loads.
  const Clock::time_point at = now ? *now : Clock::now();
  std::lock_guard lock(mutex_);
  // Share and reservation from one membership (joins take the mutex).
  const std::int64_t fair = share();
  if (queueBytes < fair) return false;
  return reservedLocked(fair, at, limit_ - total) > limit_ - total;
}

std::int64_t CacheBudget::reservedBytes(Clock::time_point now) const {
  std::lock_guard lock(mutex_);
  return reservedLocked(share(), now, std::numeric_limits<std::int64_t>::max());
}

std::int64_t CacheBudget::reservedLocked(std::int64_t share, Clock::time_point now,
                                         std::int64_t enough) const {
  const Clock::rep activeSince = (now - kActiveFor).time_since_epoch().count();
  std::int64_t reserved = 0;
  for (const Account* a : accounts_) {
    const std::int64_t held = a->bytes();
    if (held >= share) continue;
    if (held > 0 || a->grown_at_.load(std::memory_order_relaxed) > activeSince) {
      reserved += share - held;
      if (reserved > enough) break;  // the answer is known
    }
  }
  return reserved;
}

}  // namespace apogee::client
