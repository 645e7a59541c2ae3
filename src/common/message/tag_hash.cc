#include "common/message/tag_hash.h"

namespace apogee::message {
namespace {

constexpr uint32_t kReplacement = 0xFFFD;

bool inRange(unsigned char b, unsigned char lo, unsigned char hi) { return b >= lo && b <= hi; }

// Decodes one code point at s[i]; sets `consumed`. Ill-formed input yields
// U+FFFD and consumes the maximal subpart (at least one byte).
uint32_t decodeOne(std::string_view s, std::size_t i, std::size_t& consumed) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    consumed = 1;
    return b0;
  }
  int need = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  uint32_t cp = 0;
  if (inRange(b0, 0xC2, 0xDF)) {
    need = 1;
    cp = b0 & 0x1F;
  } else if (inRange(b0, 0xE0, 0xEF)) {
    need = 2;
    cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;  // no surrogates
  } else if (inRange(b0, 0xF0, 0xF4)) {
    need = 3;
    cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    consumed = 1;
    return kReplacement;
  }
  std::size_t k = 1;
  for (int n = 0; n < need; ++n, ++k) {
    if (i + k >= s.size()) {
      consumed = k;
      return kReplacement;
    }
    const auto b = static_cast<unsigned char>(s[i + k]);
    const bool ok = n == 0 ? inRange(b, lo, hi) : inRange(b, 0x80, 0xBF);
    if (!ok) {
      consumed = k;
      return kReplacement;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  consumed = k;
  return cp;
}

}  // namespace

int32_t javaStringHashCode(std::string_view utf8) {
  uint32_t h = 0;  // unsigned arithmetic wraps like Java's int
  std::size_t i = 0;
  while (i < utf8.size()) {
    std::size_t consumed = 1;
    const uint32_t cp = decodeOne(utf8, i, consumed);
    i += consumed;
    if (cp >= 0x10000) {
      const uint32_t v = cp - 0x10000;
      h = 31 * h + (0xD800 + (v >> 10));
      h = 31 * h + (0xDC00 + (v & 0x3FF));
    } else {
      h = 31 * h + cp;
    }
  }
  return static_cast<int32_t>(h);
}

}  // namespace apogee::message
