#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace apogee::store {

// The schedule topic of delayed messages; its consume-queue tagsCode holds
// the delivery time instead of a tag hash.
inline constexpr std::string_view kScheduleTopic = "SCHEDULE_TOPIC_XXXX";

// RocketMQ's messageDelayLevel: "1s 5s 10s 30s 1m ... 2h" (units s, m, h, d,
// and our extension ms), level n (1-based) waits the n-th duration.
class DelayLevels {
 public:
  static constexpr std::string_view kDefault =
      "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h";

  static Result<DelayLevels> parse(std::string_view text);

  int maxLevel() const { return static_cast<int>(millis_.size()); }
  // storeTimestamp + delay of `level` (clamped to maxLevel()); levels below 1
  // deliver at storeTimestamp + 1 s, as RocketMQ's computeDeliverTimestamp.
  int64_t deliverTimestamp(int level, int64_t storeTimestamp) const;

 private:
  std::vector<int64_t> millis_;
};

}  // namespace apogee::store
