#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_set>

namespace apogee::store {

// Decides, from a consume-queue entry's tag hash code, whether getMessage
// returns the message (RocketMQ's MessageFilter.isMatchedByConsumeQueue).
// Called on the caller's thread; implementations must be thread-safe if
// shared.
class MessageFilter {
 public:
  virtual ~MessageFilter() = default;
  // `tagsCode` is empty when the entry carries no usable code.
  virtual bool isMatchedByConsumeQueue(std::optional<int64_t> tagsCode) const = 0;
  // Second stage on the whole record (SQL filters would live here).
  virtual bool isMatchedByCommitLog(std::string_view /*record*/) const { return true; }
};

// A tag subscription: "*" (everything) or tags joined by "||" (RocketMQ's
// SubscriptionData codeSet): an entry matches when its code is one of the
// tags' Java hash codes. Hash collisions let a few foreign tags through; the
// client filters again by tag string, as in RocketMQ.
class TagFilter final : public MessageFilter {
 public:
  // "*" or empty means all; otherwise "TagA || TagB" (blanks around tags
  // ignored).
  static TagFilter fromExpression(std::string_view expression);

  bool isMatchedByConsumeQueue(std::optional<int64_t> tagsCode) const override;
  bool matchesAll() const { return all_; }

 private:
  bool all_ = true;
  std::unordered_set<int32_t> codes_;
};

}  // namespace apogee::store
