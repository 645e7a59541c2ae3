#pragma once

#include <chrono>
#include <concepts>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/status.h"

// RocketMQ-style configuration files (broker.conf, namesrv.conf): Java
// properties, one `key=value` a line, bound to the fields of a settings
// struct. docs/configuration.md describes the format for users.
namespace apogee {

// One setting read from a file or given on the command line.
struct Property {
  std::string key;
  std::string value;
  int line = 0;  // 1-based line in the file; 0 when not from a file
};

// Parses properties text. A line is blank, a comment (first non-blank
// character `#` or `!`), or `key=value`; `key: value` and `key value` are
// accepted as in Java properties. Blanks around the key and the value are
// dropped; the value is otherwise taken literally (no escapes). A line ending
// in a backslash (a Java continuation) is refused rather than misread.
// Errors: InvalidArgument "SOURCE:N: ..." (the file name as `source`), or
// "line N: ..." when `source` is empty.
Result<std::vector<Property>> parseProperties(std::string_view text, std::string_view source = {});

// Value parsers shared by the binders; the message says what was expected.
Result<bool> parseBoolValue(std::string_view value);
Result<std::int64_t> parseIntegerValue(std::string_view value, std::int64_t min, std::int64_t max);

// Maps keys to the fields of one settings object and applies properties to
// them. Holds references to the fields: the object must outlive the binder.
// Not thread-safe; build, apply, discard.
class PropertyBinder {
 public:
  // A setter parses the value and stores it; its error message says what
  // was expected (the binder adds where and which key).
  using Setter = std::function<Status(std::string_view value)>;

  void add(std::string key, Setter setter);
  // Another name for an existing key (RocketMQ's spelling of a setting).
  void alias(std::string alias, const std::string& key);

  void bind(std::string key, std::string& field);
  void bind(std::string key, std::filesystem::path& field);
  void bind(std::string key, bool& field);
  // Milliseconds, as a plain integer.
  void bind(std::string key, std::chrono::milliseconds& field);
  // An integer in [min, max] (by default the field type's range, capped to
  // int64).
  template <std::integral T>
  void bind(std::string key, T& field, std::int64_t min = std::numeric_limits<T>::min(),
            std::int64_t max = maxOf<T>()) {
    add(std::move(key), [&field, min, max](std::string_view value) -> Status {
      auto n = parseIntegerValue(value, min, max);
      if (!n.ok()) return n.status();
      field = static_cast<T>(*n);
      return Status::OK();
    });
  }

  // Applies each property in order (a later one wins). Errors:
  // InvalidArgument "SOURCE:LINE: unknown key 'k'" or
  // "SOURCE:LINE: key 'k': <what was expected>" (no ":LINE" for line 0).
  Status apply(const std::vector<Property>& properties, std::string_view source) const;
  // Reads the file at `path` and applies it; errors name the file.
  Status applyFile(const std::filesystem::path& path) const;

  bool knows(std::string_view key) const { return setters_.contains(std::string(key)); }
  // Every key and alias, sorted.
  std::vector<std::string> keys() const;

 private:
  template <std::integral T>
  static constexpr std::int64_t maxOf() {
    if constexpr (std::numeric_limits<T>::digits >= 63) {
      return std::numeric_limits<std::int64_t>::max();
    } else {
      return static_cast<std::int64_t>(std::numeric_limits<T>::max());
    }
  }

  std::map<std::string, Setter, std::less<>> setters_;
};

}  // namespace apogee
