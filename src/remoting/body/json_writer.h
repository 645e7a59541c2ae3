#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "remoting/body/java_compat.h"

namespace apogee::remoting {

// How a body is written, after the fastjson settings the Java side uses.
enum class JsonStyle {
  // JSON.toJSONString defaults: non-ASCII text stays UTF-8; control
  // characters, U+007F..U+009F, U+2028 and U+2029 become \uXXXX; map keys
  // that are numbers or objects are written bare ({0:"a"}, {{..}:1}).
  kFastjson,
  // BrowserCompatible (the name server's standard route form): everything
  // from U+007F up, and '/', is escaped; every map key is a quoted string;
  // longs beyond +-2^53 become strings.
  kBrowserCompatible,
};

// How a map whose keys are objects (a MessageQueue) writes its keys.
enum class ObjectKeyStyle {
  kBare,        // {{"brokerName":"b","queueId":0,"topic":"T"}:5}, what Java writes
  kStringified  // {"{\"brokerName\":\"b\",\"queueId\":0,\"topic\":\"T\"}":5}, valid JSON
};

struct JsonOptions {
  JsonStyle style = JsonStyle::kFastjson;
  ObjectKeyStyle objectKeys = ObjectKeyStyle::kBare;
  // Map entries sorted by key (fastjson's MapSortField) instead of in the
  // iteration order of the Java map the field is.
  bool sortMaps = false;
};

// Builds JSON text the way fastjson writes it. Commas are inserted for the
// caller. Bean properties must be written in alphabetical order, which is
// what fastjson does; optional fields that are absent are left out (fastjson
// skips nulls).
//
// Body structs take part by defining `void writeJson(JsonWriter&) const`, and
// map keys that are objects by also defining `std::int32_t javaHashCode() const`.
class JsonWriter {
 public:
  JsonWriter() = default;
  explicit JsonWriter(JsonOptions options) : options_(options) {}

  const JsonOptions& options() const noexcept { return options_; }

  JsonWriter& beginObject();
  JsonWriter& endObject();
  JsonWriter& beginArray();
  JsonWriter& endArray();

  // A property or string map key.
  JsonWriter& key(std::string_view name);

  JsonWriter& string(std::string_view v);
  JsonWriter& int64(std::int64_t v);
  JsonWriter& boolean(bool v);
  JsonWriter& float64(double v);

  // Any supported value: strings, integers, bool, double, enums (through an
  // ADL-found `javaName(E)`), std::optional (null when empty), vectors (as
  // arrays), std::map (in the order of a default java.util.HashMap), and
  // body structs.
  template <typename T>
  JsonWriter& value(const T& v);

  // `name: v`, or nothing when `v` is an empty optional.
  template <typename T>
  JsonWriter& field(std::string_view name, const T& v) {
    if constexpr (isOptional<T>::value) {
      if (!v) return *this;
    }
    key(name);
    return value(v);
  }

  // `name: {...}` for a field that is a Java map of kind `kind`: entries in
  // that map's iteration order (or sorted, see JsonOptions::sortMaps).
  template <typename K, typename V>
  JsonWriter& mapField(std::string_view name, const std::map<K, V>& m, JavaMapKind kind) {
    key(name);
    return map(m, kind);
  }
  template <typename K, typename V>
  JsonWriter& map(const std::map<K, V>& m, JavaMapKind kind = JavaMapKind::hashMap());

  // The text written so far; the writer is left empty.
  std::string take() { return std::move(out_); }

 private:
  template <typename T>
  struct isOptional : std::false_type {};
  template <typename T>
  struct isOptional<std::optional<T>> : std::true_type {};
  template <typename T>
  struct isMap : std::false_type {};
  template <typename K, typename V>
  struct isMap<std::map<K, V>> : std::true_type {};

  void separate();
  void appendEscaped(std::string_view text);
  template <typename K>
  void mapKey(const K& k);
  static std::int32_t keyHash(const std::string& k) { return javaStringHashCode(k); }
  static std::int32_t keyHash(std::int64_t k) { return javaLongHashCode(k); }
  template <typename K>
  static std::int32_t keyHash(const K& k) {
    return k.javaHashCode();
  }

  JsonOptions options_;
  std::string out_;
  // One entry per open object or array: true until its first element.
  std::vector<bool> first_;
  bool after_key_ = false;
};

template <typename T>
JsonWriter& JsonWriter::value(const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    return boolean(v);
  } else if constexpr (std::is_enum_v<T>) {
    return string(javaName(v));
  } else if constexpr (std::is_integral_v<T>) {
    return int64(static_cast<std::int64_t>(v));
  } else if constexpr (std::is_floating_point_v<T>) {
    return float64(static_cast<double>(v));
  } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    return string(std::string_view(v));
  } else if constexpr (isOptional<T>::value) {
    if (!v) {
      separate();
      out_ += "null";
      return *this;
    }
    return value(*v);
  } else if constexpr (isMap<T>::value) {
    return map(v);
  } else if constexpr (requires { v.writeJson(*this); }) {
    v.writeJson(*this);
    return *this;
  } else {
    beginArray();  // a vector or another range
    for (const auto& item : v) value(item);
    return endArray();
  }
}

template <typename K>
void JsonWriter::mapKey(const K& k) {
  if constexpr (std::is_same_v<K, std::string>) {
    key(k);
  } else if constexpr (std::is_integral_v<K>) {
    if (options_.style == JsonStyle::kBrowserCompatible) {
      key(std::to_string(k));
    } else {
      separate();
      out_ += std::to_string(k);
      out_.push_back(':');
      after_key_ = true;
    }
  } else {
    // An object key: written on its own, then placed bare or as a string.
    // Java renders the key with default settings, then writes that text as
    // a bare key or, under BrowserCompatible, as an escaped string.
    JsonWriter inner({.objectKeys = options_.objectKeys, .sortMaps = options_.sortMaps});
    k.writeJson(inner);
    const std::string text = inner.take();
    if (options_.style == JsonStyle::kBrowserCompatible ||
        options_.objectKeys == ObjectKeyStyle::kStringified) {
      key(text);
    } else {
      separate();
      out_ += text;
      out_.push_back(':');
      after_key_ = true;
    }
  }
}

template <typename K, typename V>
JsonWriter& JsonWriter::map(const std::map<K, V>& m, JavaMapKind kind) {
  std::vector<const typename std::map<K, V>::value_type*> entries;
  entries.reserve(m.size());
  for (const auto& entry : m) entries.push_back(&entry);
  if (!options_.sortMaps) {
    sortInJavaHashOrder(
        entries, [](const auto* e) { return keyHash(e->first); }, kind);
  }
  beginObject();
  for (const auto* e : entries) {
    mapKey(e->first);
    value(e->second);
  }
  return endObject();
}

// The JSON text of a body struct.
template <typename T>
std::string encodeJsonBody(const T& body, JsonOptions options = {}) {
  JsonWriter w(options);
  body.writeJson(w);
  return w.take();
}

}  // namespace apogee::remoting
