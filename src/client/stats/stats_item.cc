#include "client/stats/stats_item.h"

namespace apogee::client {

StatsItem::StatsItem() {
  // The window starts at creation with nothing counted.
  const Sample start{Clock::now(), 0, 0};
  minute_.push_back(start);
  hour_.push_back(start);
}

void StatsItem::sample(std::deque<Sample>& samples) {
  Sample s{Clock::now(), value(), times()};
  std::lock_guard lock(mutex_);
  samples.push_back(s);
  while (samples.size() > kSamplesKept) samples.pop_front();
}

StatsItem::Snapshot StatsItem::compute(const std::deque<Sample>& samples) const {
  Sample first;
  {
    std::lock_guard lock(mutex_);
    first = samples.front();
  }
  const std::int64_t value_now = value();
  const std::int64_t times_now = times();
  Snapshot out;
  out.sum = value_now - first.value;
  const auto elapsed_ms =
      std::chrono::duration<double, std::milli>(Clock::now() - first.at).count();
  if (elapsed_ms > 0) out.tps = static_cast<double>(out.sum) * 1000.0 / elapsed_ms;
  const std::int64_t times = times_now - first.times;
  if (times > 0) out.avgpt = static_cast<double>(out.sum) / static_cast<double>(times);
  return out;
}

}  // namespace apogee::client
