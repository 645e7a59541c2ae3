#include "apogee/message_client_id_setter.h"

#include <unistd.h>

#include <atomic>
#include <ctime>
#include <mutex>
#include <random>

#include "apogee/mq_client_exception.h"
#include "client/local_address.h"
#include "common/message/message_id.h"

namespace apogee {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

void appendHex(std::string& out, const std::uint8_t* bytes, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0xF];
  }
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool decodeHex(std::string_view hex, std::uint8_t* out, std::size_t n) {
  if (hex.size() < 2 * n) return false;
  for (std::size_t i = 0; i < n; ++i) {
    const int hi = hexValue(hex[2 * i]);
    const int lo = hexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<std::uint8_t>((hi << 4) | lo);
  }
  return true;
}

std::int64_t nowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Local midnight of the first day of the month `months` after the one
// holding `millis` (months may be negative).
std::int64_t monthStart(std::int64_t millis, int months) {
  std::time_t secs = static_cast<std::time_t>(millis / 1000);
  std::tm tm{};
  ::localtime_r(&secs, &tm);
  tm.tm_mday = 1;
  tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
  tm.tm_mon += months;
  tm.tm_isdst = -1;
  return static_cast<std::int64_t>(std::mktime(&tm)) * 1000;
}

// The fixed first 10 bytes (20 hex characters) of every id of this process.
std::string makeFixPrefix() {
  std::uint8_t raw[10];
  if (auto ip = client::localIPv4()) {
    for (int i = 0; i < 4; ++i) raw[i] = (*ip)[i];
  } else {
    // RocketMQ's createFakeIP: the low 4 bytes of the clock.
    const auto now = static_cast<std::uint64_t>(nowMillis());
    for (int i = 0; i < 4; ++i) raw[i] = static_cast<std::uint8_t>(now >> (24 - 8 * i));
  }
  const auto pid = static_cast<std::uint32_t>(::getpid());
  raw[4] = static_cast<std::uint8_t>(pid >> 8);
  raw[5] = static_cast<std::uint8_t>(pid);
  std::random_device rd;
  const std::uint32_t loader_hash = rd();
  for (int i = 0; i < 4; ++i) raw[6 + i] = static_cast<std::uint8_t>(loader_hash >> (24 - 8 * i));
  std::string out;
  out.reserve(32);
  appendHex(out, raw, sizeof(raw));
  return out;
}

struct IdState {
  const std::string prefix = makeFixPrefix();
  std::atomic<std::uint32_t> counter{0};
  std::mutex month_mutex;
  std::atomic<std::int64_t> start_time{0};
  std::atomic<std::int64_t> next_start_time{0};

  IdState() { rebase(nowMillis()); }
  void rebase(std::int64_t now) {
    std::lock_guard lock(month_mutex);
    if (now < next_start_time.load() && start_time.load() != 0) return;
    start_time.store(monthStart(now, 0));
    next_start_time.store(monthStart(now, 1));
  }
};

IdState& state() {
  static IdState s;
  return s;
}

}  // namespace

std::string MessageClientIDSetter::createUniqID() {
  IdState& s = state();
  const std::int64_t now = nowMillis();
  if (now >= s.next_start_time.load(std::memory_order_relaxed)) s.rebase(now);
  const auto since = static_cast<std::uint32_t>(now - s.start_time.load(std::memory_order_relaxed));
  const auto n = static_cast<std::uint16_t>(s.counter.fetch_add(1, std::memory_order_relaxed));
  const std::uint8_t tail[6] = {
      static_cast<std::uint8_t>(since >> 24), static_cast<std::uint8_t>(since >> 16),
      static_cast<std::uint8_t>(since >> 8),  static_cast<std::uint8_t>(since),
      static_cast<std::uint8_t>(n >> 8),      static_cast<std::uint8_t>(n)};
  std::string id;
  id.reserve(32);
  id += s.prefix;
  appendHex(id, tail, sizeof(tail));
  return id;
}

void MessageClientIDSetter::setUniqID(Message& msg) {
  if (!msg.hasProperty("UNIQ_KEY")) msg.putProperty("UNIQ_KEY", createUniqID());
}

std::string MessageClientIDSetter::getUniqID(const Message& msg) {
  return msg.getProperty("UNIQ_KEY");
}

std::string MessageClientIDSetter::getIPStrFromID(std::string_view id) {
  std::uint8_t ip[4];
  if (id.size() != 32 || !decodeHex(id, ip, 4)) return {};
  return std::to_string(ip[0]) + "." + std::to_string(ip[1]) + "." + std::to_string(ip[2]) + "." +
         std::to_string(ip[3]);
}

std::chrono::system_clock::time_point MessageClientIDSetter::getNearlyTimeFromID(
    std::string_view id) {
  std::uint8_t raw[16];
  if (id.size() != 32 || !decodeHex(id, raw, 16)) return {};
  const std::int64_t span = (std::int64_t{raw[10]} << 24) | (std::int64_t{raw[11]} << 16) |
                            (std::int64_t{raw[12]} << 8) | std::int64_t{raw[13]};
  const std::int64_t now = nowMillis();
  std::int64_t start = monthStart(now, 0);
  // Java uses >=, which moves an id made in the current millisecond a month
  // back; only a time in the future means the previous month.
  if (start + span > now) start = monthStart(now, -1);
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(start + span));
}

MessageId decodeMessageId(std::string_view offsetMsgId) {
  auto decoded = message::decodeOffsetMsgId(offsetMsgId);
  if (!decoded.ok()) throw MQClientException(decoded.error().message());
  return MessageId{decoded->storeHost.toString(), decoded->commitLogOffset};
}

}  // namespace apogee
