#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/message/message_const.h"
#include "common/result.h"

// The properties string of a message: `key 0x01 value 0x02` per property, with
// a trailing 0x02 (docs/formats/store.md). Readers follow Java's tolerant
// MessageDecoder.string2messageProperties: split on 0x02, split each segment
// at its first 0x01, skip segments with an empty key or an empty value. All
// views point into the string passed in.
namespace apogee::message {

using Property = std::pair<std::string_view, std::string_view>;

// Encodes the pairs in the given order. Keys and values must not contain the
// two separator bytes and must not be empty (Java would drop such pairs on
// decode): InvalidArgument if one does.
Result<std::string> encodeProperties(const std::vector<Property>& properties);

// Appends one pair to an encoded properties string (no checks; for keys and
// values the caller built).
void appendProperty(std::string& properties, std::string_view key, std::string_view value);

// Calls fn(key, value) for every pair Java's decoder accepts, in string order.
// Duplicates are all visited; Java's map keeps the last one.
template <typename Fn>
void forEachProperty(std::string_view properties, Fn&& fn) {
  std::size_t index = 0;
  const std::size_t len = properties.size();
  while (index < len) {
    std::size_t end = properties.find(property::kPropertySeparator, index);
    if (end == std::string_view::npos) end = len;
    std::string_view segment = properties.substr(index, end - index);
    std::size_t sep = segment.find(property::kNameValueSeparator);
    if (sep != std::string_view::npos && sep > 0 && sep + 1 < segment.size()) {
      fn(segment.substr(0, sep), segment.substr(sep + 1));
    }
    index = end + 1;
  }
}

// The value Java would see for `key` (the last accepted occurrence), or none.
std::optional<std::string_view> findProperty(std::string_view properties, std::string_view key);

// Every accepted pair in string order, duplicates included.
std::vector<Property> decodeProperties(std::string_view properties);

}  // namespace apogee::message
