#pragma once

// Internal to the body codecs (it exposes RapidJSON, which apogee_remoting
// links privately): include it from .cc files only.

#include <rapidjson/document.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/result.h"
#include "common/status.h"

namespace apogee::remoting {

// A value inside a parsed body plus its path ("brokerDatas[0].brokerName")
// for error messages. Reading is tolerant the way fastjson is: a missing or
// null member leaves the target's default in place, unknown members are
// ignored, numbers and booleans may come as strings, strings may come as
// numbers. A value of the wrong kind gives Corruption naming the path.
//
// Body structs take part by defining
//   static Status readJson(const JsonNode& node, T& out);
// enums by an ADL-found `bool fromJavaName(std::string_view, E&)`.
class JsonNode {
 public:
  JsonNode(const rapidjson::Value& value, std::string path)
      : value_(&value), path_(std::move(path)) {}

  const rapidjson::Value& raw() const noexcept { return *value_; }
  const std::string& path() const noexcept { return path_; }
  bool isNull() const noexcept { return value_->IsNull(); }

  // Corruption: "json body: <path>: <what>".
  Status error(std::string_view what) const;

  // The member `name` of this object. Absent or null: `out` is untouched.
  // Fails when this node is not an object.
  template <typename T>
  Status field(std::string_view name, T& out) const;

  Status read(std::string& out) const;
  Status read(std::int64_t& out) const;
  Status read(std::int32_t& out) const;
  Status read(bool& out) const;
  Status read(double& out) const;

  template <typename T>
  Status read(std::optional<T>& out) const {
    if (isNull()) return Status::OK();
    T v{};
    APOGEE_RETURN_IF_ERROR(read(v));
    out = std::move(v);
    return Status::OK();
  }

  template <typename T>
  Status read(std::vector<T>& out) const {
    if (isNull()) return Status::OK();
    if (!value_->IsArray()) return error("expected an array");
    out.clear();
    out.reserve(value_->Size());
    for (rapidjson::SizeType i = 0; i < value_->Size(); ++i) {
      JsonNode item((*value_)[i], path_ + "[" + std::to_string(i) + "]");
      if (item.isNull()) continue;  // a null element has nothing to add
      T v{};
      APOGEE_RETURN_IF_ERROR(item.read(v));
      out.push_back(std::move(v));
    }
    return Status::OK();
  }

  template <typename K, typename V>
  Status read(std::map<K, V>& out) const {
    if (isNull()) return Status::OK();
    if (!value_->IsObject()) return error("expected an object");
    out.clear();
    for (auto it = value_->MemberBegin(); it != value_->MemberEnd(); ++it) {
      std::string_view key(it->name.GetString(), it->name.GetStringLength());
      JsonNode item(it->value, childPath(key));
      K k{};
      APOGEE_RETURN_IF_ERROR(item.readKey(key, k));
      V v{};
      APOGEE_RETURN_IF_ERROR(item.read(v));
      out.insert_or_assign(std::move(k), std::move(v));
    }
    return Status::OK();
  }

  template <typename E>
  requires std::is_enum_v<E> Status read(E& out)
  const {
    if (isNull()) return Status::OK();
    std::string name;
    APOGEE_RETURN_IF_ERROR(read(name));
    if (!fromJavaName(name, out)) return error("unknown enum name \"" + name + "\"");
    return Status::OK();
  }

  template <typename T>
  requires requires(const JsonNode& n, T& t) {
    { T::readJson(n, t) } -> std::same_as<Status>;
  }
  Status read(T& out) const {
    if (isNull()) return Status::OK();
    if (!value_->IsObject()) return error("expected an object");
    return T::readJson(*this, out);
  }

 private:
  std::string childPath(std::string_view name) const {
    return path_.empty() ? std::string(name) : path_ + "." + std::string(name);
  }

  // Map keys arrive as strings once normalizeFastjson has quoted bare keys.
  Status readKey(std::string_view key, std::string& out) const {
    out.assign(key);
    return Status::OK();
  }
  Status readKey(std::string_view key, std::int64_t& out) const;
  // An object key (a MessageQueue): the key string holds the object's JSON.
  template <typename K>
  Status readKey(std::string_view key, K& out) const;

  const rapidjson::Value* value_;
  std::string path_;
};

// Parses a body written by Java (normalizeFastjson first) or by anyone else.
// The root must be an object.
Result<rapidjson::Document> parseJsonBody(std::string_view body);

// Parses `body` and reads its root into a T.
template <typename T>
Result<T> decodeJsonBody(std::string_view body) {
  auto doc = parseJsonBody(body);
  if (!doc.ok()) return doc.status();
  T out{};
  APOGEE_RETURN_IF_ERROR(JsonNode(*doc, "").read(out));
  return out;
}

template <typename T>
Status JsonNode::field(std::string_view name, T& out) const {
  if (!value_->IsObject()) return error("expected an object");
  auto it = value_->FindMember(rapidjson::StringRef(name.data(), name.size()));
  if (it == value_->MemberEnd()) return Status::OK();
  return JsonNode(it->value, childPath(name)).read(out);
}

template <typename K>
Status JsonNode::readKey(std::string_view key, K& out) const {
  rapidjson::Document doc;
  doc.Parse(key.data(), key.size());
  if (doc.HasParseError() || !doc.IsObject()) return error("map key is not an object");
  return JsonNode(doc, path_ + "<key>").read(out);
}

}  // namespace apogee::remoting
