#include "broker/uniq_key.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <random>

namespace apogee::broker {
namespace {

struct Prefix {
  char bytes[10];
};

Prefix makePrefix() {
  Prefix p{};
  // Loopback: a broker need not know its public address for this.
  const std::uint8_t ip[4] = {127, 0, 0, 1};
  for (int i = 0; i < 4; ++i) p.bytes[i] = static_cast<char>(ip[i]);
  const auto pid = static_cast<std::uint16_t>(::getpid());
  p.bytes[4] = static_cast<char>(pid >> 8);
  p.bytes[5] = static_cast<char>(pid);
  std::random_device rd;
  const std::uint32_t r = rd();
  for (int i = 0; i < 4; ++i) p.bytes[6 + i] = static_cast<char>(r >> (24 - 8 * i));
  return p;
}

std::int64_t startOfMonthMillis() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::localtime_r(&now, &tm);
  tm.tm_mday = 1;
  tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
  return static_cast<std::int64_t>(std::mktime(&tm)) * 1000;
}

}  // namespace

std::string createUniqKey() {
  static const Prefix prefix = makePrefix();
  static const std::int64_t month_start = startOfMonthMillis();
  static std::atomic<std::uint16_t> counter{0};
  const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  const auto since = static_cast<std::uint32_t>(now - month_start);
  const std::uint16_t n = counter.fetch_add(1, std::memory_order_relaxed);
  unsigned char raw[16];
  for (int i = 0; i < 10; ++i) raw[i] = static_cast<unsigned char>(prefix.bytes[i]);
  for (int i = 0; i < 4; ++i) raw[10 + i] = static_cast<unsigned char>(since >> (24 - 8 * i));
  raw[14] = static_cast<unsigned char>(n >> 8);
  raw[15] = static_cast<unsigned char>(n);
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out(32, '0');
  for (int i = 0; i < 16; ++i) {
    out[2 * i] = kHex[raw[i] >> 4];
    out[2 * i + 1] = kHex[raw[i] & 0xF];
  }
  return out;
}

}  // namespace apogee::broker
