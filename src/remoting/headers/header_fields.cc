#include "remoting/headers/header_fields.h"

#include <charconv>
#include <limits>
#include <system_error>

namespace apogee::remoting {

HeaderError headerErrorOf(const Status& status) {
  if (status.ok()) return HeaderError::kNone;
  return static_cast<HeaderError>(status.detail());
}

namespace header_detail {
namespace {

// Java's Integer.parseInt / Long.parseLong over ASCII: an optional sign, then
// at least one digit, and nothing else. std::from_chars takes no '+'.
template <typename T>
bool parseInteger(std::string_view text, T& out) {
  if (text.size() >= 2 && text.front() == '+' && text[1] >= '0' && text[1] <= '9') {
    text.remove_prefix(1);
  }
  T value{};
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value, 10);
  if (ec != std::errc() || ptr != end) return false;
  out = value;
  return true;
}

template <typename T>
std::string formatInteger(T value) {
  char buf[24];
  const auto [ptr, ec] = std::to_chars(buf, buf + sizeof(buf), value);
  (void)ec;  // 24 bytes hold any int64
  return std::string(buf, ptr);
}

// Values quoted in error messages are cut here; a peer can send megabytes.
constexpr std::size_t kMaxQuotedValue = 64;

bool equalsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

std::string formatValue(const std::string& value) { return value; }
std::string formatValue(std::int32_t value) { return formatInteger(value); }
std::string formatValue(std::int64_t value) { return formatInteger(value); }
std::string formatValue(bool value) { return value ? "true" : "false"; }

bool parseValue(std::string_view text, std::string& out) {
  out.assign(text);
  return true;
}
bool parseValue(std::string_view text, std::int32_t& out) { return parseInteger(text, out); }
bool parseValue(std::string_view text, std::int64_t& out) { return parseInteger(text, out); }
bool parseValue(std::string_view text, bool& out) {
  out = equalsIgnoreAsciiCase(text, "true");  // Boolean.parseBoolean: never fails
  return true;
}

Status missingField(std::string_view header, std::string_view field) {
  std::string msg;
  msg.append(header).append(": missing required field '").append(field).append("'");
  return Status::InvalidArgument(std::move(msg))
      .withDetail(static_cast<int>(HeaderError::kMissingField));
}

Status badValue(std::string_view header, std::string_view field, std::string_view value,
                std::string_view type) {
  std::string msg;
  msg.append(header).append(": bad value '");
  if (value.size() > kMaxQuotedValue) {
    msg.append(value.substr(0, kMaxQuotedValue)).append("...");
  } else {
    msg.append(value);
  }
  msg.append("' for field '").append(field).append("' (expected ").append(type).append(")");
  return Status::InvalidArgument(std::move(msg))
      .withDetail(static_cast<int>(HeaderError::kBadValue));
}

}  // namespace header_detail
}  // namespace apogee::remoting
