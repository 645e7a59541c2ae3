#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "remoting/ext_fields.h"

namespace apogee::remoting::detail {

// Fills an ExtFields while a header decoder reads entries in wire order, with
// Java's map semantics: a repeated key keeps its first position and takes the
// last value. Repeats are rare, so a 64-bit Bloom filter of the keys seen lets
// almost every entry skip the linear scan that ExtFields::set would do.
class ExtFieldsBuilder {
 public:
  explicit ExtFieldsBuilder(ExtFields& fields) : fields_(fields) {}

  void put(std::string_view key, std::string_view value) {
    const std::uint64_t bit = bitOf(key);
    if ((seen_ & bit) != 0) {
      fields_.set(key, std::string(value));
    } else {
      seen_ |= bit;
      fields_.append(std::string(key), std::string(value));
    }
  }

  // A null value: Java's map then holds null for the key, which reads as absent.
  void remove(std::string_view key) {
    if ((seen_ & bitOf(key)) != 0) fields_.erase(key);
  }

  void clear() {
    fields_.clear();
    seen_ = 0;
  }

 private:
  static std::uint64_t bitOf(std::string_view key) {
    std::uint64_t hash = 14695981039346656037ull;  // FNV-1a, then Fibonacci hashing
    for (unsigned char c : key) hash = (hash ^ c) * 1099511628211ull;
    return std::uint64_t{1} << ((hash * 0x9E3779B97F4A7C15ull) >> 58);
  }

  ExtFields& fields_;
  std::uint64_t seen_ = 0;
};

}  // namespace apogee::remoting::detail
