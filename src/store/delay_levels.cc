#include "store/delay_levels.h"

#include <algorithm>
#include <charconv>
#include <string>

namespace apogee::store {

Result<DelayLevels> DelayLevels::parse(std::string_view text) {
  DelayLevels out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view item = text.substr(pos, end - pos);
    pos = end + 1;
    if (item.empty()) continue;
    int64_t unit = 0;
    std::size_t unit_chars = 1;
    if (item.ends_with("ms")) {
      // Our extension (RocketMQ knows s, m, h, d): lets tests run a fast ladder.
      unit = 1;
      unit_chars = 2;
    } else {
      switch (item.back()) {
        case 's': unit = 1000; break;
        case 'm': unit = 60 * 1000; break;
        case 'h': unit = 60 * 60 * 1000; break;
        case 'd': unit = 24 * 60 * 60 * 1000; break;
        default:
          return Status::InvalidArgument("delay level '" + std::string(item) +
                                         "' has no unit (ms, s, m, h, d)");
      }
    }
    const char* digits_end = item.data() + item.size() - unit_chars;
    int64_t n = 0;
    auto [ptr, ec] = std::from_chars(item.data(), digits_end, n);
    if (ec != std::errc() || ptr != digits_end || n < 0) {
      return Status::InvalidArgument("bad delay level '" + std::string(item) + "'");
    }
    out.millis_.push_back(n * unit);
  }
  if (out.millis_.empty()) return Status::InvalidArgument("no delay levels");
  return out;
}

int64_t DelayLevels::deliverTimestamp(int level, int64_t storeTimestamp) const {
  if (level < 1) return storeTimestamp + 1000;
  level = std::min(level, maxLevel());
  return storeTimestamp + millis_[static_cast<std::size_t>(level - 1)];
}

}  // namespace apogee::store
