#include "remoting/body/json_reader.h"

#include <fmt/format.h>
#include <rapidjson/error/en.h>

#include <charconv>
#include <cmath>
#include <limits>

#include "remoting/body/java_compat.h"
#include "remoting/fastjson_compat.h"

namespace apogee::remoting {
namespace {

std::string_view kindName(const rapidjson::Value& v) {
  switch (v.GetType()) {
    case rapidjson::kNullType:
      return "null";
    case rapidjson::kFalseType:
    case rapidjson::kTrueType:
      return "a boolean";
    case rapidjson::kObjectType:
      return "an object";
    case rapidjson::kArrayType:
      return "an array";
    case rapidjson::kStringType:
      return "a string";
    case rapidjson::kNumberType:
      return "a number";
  }
  return "?";
}

std::string_view stringOf(const rapidjson::Value& v) {
  return {v.GetString(), v.GetStringLength()};
}

// The whole of `text` as a decimal integer (fastjson also reads "12" into a long).
bool parseInteger(std::string_view text, std::int64_t& out) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

}  // namespace

Status JsonNode::error(std::string_view what) const {
  return Status::Corruption(
      fmt::format("json body: {}: {}", path_.empty() ? "<root>" : path_, what));
}

Status JsonNode::read(std::string& out) const {
  const auto& v = *value_;
  if (v.IsNull()) return Status::OK();
  if (v.IsString()) {
    out.assign(stringOf(v));
  } else if (v.IsBool()) {
    out = v.GetBool() ? "true" : "false";
  } else if (v.IsInt64()) {
    out = std::to_string(v.GetInt64());
  } else if (v.IsUint64()) {
    out = std::to_string(v.GetUint64());
  } else if (v.IsDouble()) {
    out = javaDoubleToString(v.GetDouble());
  } else {
    return error(fmt::format("expected a string, got {}", kindName(v)));
  }
  return Status::OK();
}

Status JsonNode::read(std::int64_t& out) const {
  const auto& v = *value_;
  if (v.IsNull()) return Status::OK();
  if (v.IsInt64()) {
    out = v.GetInt64();
    return Status::OK();
  }
  if (v.IsDouble()) {
    // 5.0 for a long is what fastjson would truncate; only whole numbers pass here.
    const double d = v.GetDouble();
    if (std::trunc(d) == d && std::fabs(d) < 9.2e18) {
      out = static_cast<std::int64_t>(d);
      return Status::OK();
    }
    return error("expected an integer, got a fraction or an out-of-range number");
  }
  if (v.IsString()) {
    if (parseInteger(stringOf(v), out)) return Status::OK();
    return error(fmt::format("expected an integer, got \"{}\"", stringOf(v)));
  }
  if (v.IsUint64()) return error("integer out of range");
  return error(fmt::format("expected an integer, got {}", kindName(v)));
}

Status JsonNode::read(std::int32_t& out) const {
  std::int64_t wide = out;
  APOGEE_RETURN_IF_ERROR(read(wide));
  if (wide < std::numeric_limits<std::int32_t>::min() ||
      wide > std::numeric_limits<std::int32_t>::max()) {
    return error("integer out of int range");
  }
  out = static_cast<std::int32_t>(wide);
  return Status::OK();
}

Status JsonNode::read(bool& out) const {
  const auto& v = *value_;
  if (v.IsNull()) return Status::OK();
  if (v.IsBool()) {
    out = v.GetBool();
    return Status::OK();
  }
  // fastjson's castToBoolean: "true"/"false" in any case, and 1/0.
  if (v.IsString()) {
    const std::string_view s = stringOf(v);
    if (equalsIgnoreCase(s, "true") || s == "1") {
      out = true;
      return Status::OK();
    }
    if (equalsIgnoreCase(s, "false") || s == "0") {
      out = false;
      return Status::OK();
    }
    return error(fmt::format("expected a boolean, got \"{}\"", s));
  }
  if (v.IsInt64() && (v.GetInt64() == 0 || v.GetInt64() == 1)) {
    out = v.GetInt64() == 1;
    return Status::OK();
  }
  return error(fmt::format("expected a boolean, got {}", kindName(v)));
}

Status JsonNode::read(double& out) const {
  const auto& v = *value_;
  if (v.IsNull()) return Status::OK();
  if (v.IsNumber()) {
    out = v.GetDouble();
    return Status::OK();
  }
  if (v.IsString()) {
    const std::string_view s = stringOf(v);
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc() && end == s.data() + s.size() && !s.empty()) return Status::OK();
    return error(fmt::format("expected a number, got \"{}\"", s));
  }
  return error(fmt::format("expected a number, got {}", kindName(v)));
}

Status JsonNode::readKey(std::string_view key, std::int64_t& out) const {
  if (parseInteger(key, out)) return Status::OK();
  return error(fmt::format("map key \"{}\" is not an integer", key));
}

Result<rapidjson::Document> parseJsonBody(std::string_view body) {
  auto text = normalizeFastjson(body);
  if (!text.ok()) return text.status();
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseFullPrecisionFlag>(text->data(), text->size());
  if (doc.HasParseError()) {
    return Status::Corruption(fmt::format("json body: {} at byte {}",
                                          rapidjson::GetParseError_En(doc.GetParseError()),
                                          doc.GetErrorOffset()));
  }
  if (!doc.IsObject()) return Status::Corruption("json body: the root is not an object");
  return doc;
}

}  // namespace apogee::remoting
