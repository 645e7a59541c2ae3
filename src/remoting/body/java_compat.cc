#include "remoting/body/java_compat.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <set>

namespace apogee::remoting {

std::uint32_t takeUtf8CodePoint(std::string_view& s) {
  constexpr std::uint32_t kReplacement = 0xFFFD;
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char b0 = byte(0);
  if (b0 < 0x80) {
    s.remove_prefix(1);
    return b0;
  }
  std::size_t need;
  std::uint32_t cp;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;  // no overlong forms
    if (b0 == 0xED) hi = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    s.remove_prefix(1);
    return kReplacement;
  }
  std::size_t i = 1;
  for (; i <= need; ++i) {
    if (i >= s.size()) break;
    const unsigned char b = byte(i);
    const unsigned char min = i == 1 ? lo : 0x80;
    const unsigned char max = i == 1 ? hi : 0xBF;
    if (b < min || b > max) break;
    cp = (cp << 6) | (b & 0x3F);
  }
  s.remove_prefix(i);
  return i == need + 1 ? cp : kReplacement;
}

std::int32_t javaStringHashCode(std::string_view utf8) {
  // Unsigned arithmetic wraps like Java's int.
  std::uint32_t h = 0;
  while (!utf8.empty()) {
    const std::uint32_t cp = takeUtf8CodePoint(utf8);
    if (cp > 0xFFFF) {
      const std::uint32_t v = cp - 0x10000;
      h = 31 * h + (0xD800 + (v >> 10));
      h = 31 * h + (0xDC00 + (v & 0x3FF));
    } else {
      h = 31 * h + cp;
    }
  }
  return static_cast<std::int32_t>(h);
}

std::int32_t javaLongHashCode(std::int64_t v) {
  const auto u = static_cast<std::uint64_t>(v);
  return static_cast<std::int32_t>(static_cast<std::uint32_t>(u ^ (u >> 32)));
}

std::string javaDoubleToString(double v) {
  if (std::isnan(v) || std::isinf(v)) return "null";
  if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
  // Shortest round-trip digits in scientific form, "d.ddde[+-]x".
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  (void)ec;  // 64 bytes always suffice for a double
  std::string_view sci(buf, static_cast<std::size_t>(end - buf));
  std::string out;
  if (sci.front() == '-') {
    out.push_back('-');
    sci.remove_prefix(1);
  }
  const std::size_t e_pos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e_pos)) {
    if (c != '.') digits.push_back(c);
  }
  const int exp = std::atoi(std::string(sci.substr(e_pos + 1)).c_str());
  const int n = static_cast<int>(digits.size());
  if (exp >= -3 && exp < 7) {
    if (exp < 0) {
      out += "0.";
      out.append(static_cast<std::size_t>(-exp - 1), '0');
      out += digits;
    } else if (exp + 1 >= n) {
      out += digits;
      out.append(static_cast<std::size_t>(exp + 1 - n), '0');
      out += ".0";
    } else {
      out += digits.substr(0, static_cast<std::size_t>(exp + 1));
      out.push_back('.');
      out += digits.substr(static_cast<std::size_t>(exp + 1));
    }
  } else {
    out.push_back(digits[0]);
    out.push_back('.');
    out += n > 1 ? digits.substr(1) : std::string("0");
    out.push_back('E');
    out += std::to_string(exp);
  }
  return out;
}

std::size_t JavaMapKind::capacityFor(std::size_t size) const {
  std::size_t capacity = initialCapacity;
  if (capacity == 0) return 0;  // a TreeMap has no table
  // HashMap resizes once ++size > threshold; ConcurrentHashMap once the size
  // reaches its sizeCtl. Both thresholds are 3/4 of the table.
  const auto overfull = [&](std::size_t cap) {
    const std::size_t threshold = cap - cap / 4;
    return type == Type::kHashMap ? size > threshold : size >= threshold;
  };
  while (overfull(capacity)) capacity *= 2;
  return capacity;
}

std::size_t javaBucketIndex(std::int32_t hash, std::size_t capacity) {
  const auto h = static_cast<std::uint32_t>(hash);
  return static_cast<std::size_t>(h ^ (h >> 16)) & (capacity - 1);
}

std::vector<std::string> javaHashSetOrder(std::vector<std::string> items) {
  std::vector<std::string> unique;
  std::set<std::string_view> seen;
  unique.reserve(items.size());
  for (auto& item : items) {
    if (seen.insert(item).second) unique.push_back(item);
  }
  sortInJavaHashOrder(
      unique, [](const std::string& s) { return javaStringHashCode(s); }, JavaMapKind::hashMap());
  return unique;
}

}  // namespace apogee::remoting
