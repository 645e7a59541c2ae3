#pragma once

#include <cstdint>
#include <string_view>

namespace apogee::message {

// Java's String.hashCode() of the string whose UTF-8 bytes are `utf8`:
// h = 31*h + c over UTF-16 code units, with int32 wrap-around. Characters
// outside the BMP count as two surrogate units. Malformed UTF-8 is replaced
// by U+FFFD per maximal ill-formed subpart, as Java's UTF-8 decoder does.
int32_t javaStringHashCode(std::string_view utf8);

// The consume-queue tagsCode of a TAGS value: its Java hash sign-extended to
// int64; 0 when there are no tags (RocketMQ tagsString2tagsCode).
inline int64_t tagsCode(std::string_view tags) {
  return tags.empty() ? 0 : static_cast<int64_t>(javaStringHashCode(tags));
}

}  // namespace apogee::message
