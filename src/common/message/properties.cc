#include "common/message/properties.h"

namespace apogee::message {

Result<std::string> encodeProperties(const std::vector<Property>& properties) {
  std::size_t total = 0;
  for (const auto& [key, value] : properties) {
    if (key.empty() || value.empty()) {
      return Status::InvalidArgument("empty property key or value for key '" + std::string(key) + "'");
    }
    for (std::string_view part : {key, value}) {
      if (part.find(property::kNameValueSeparator) != std::string_view::npos ||
          part.find(property::kPropertySeparator) != std::string_view::npos) {
        return Status::InvalidArgument("property '" + std::string(key) +
                                       "' contains a separator byte (0x01 or 0x02)");
      }
    }
    total += key.size() + value.size() + 2;
  }
  std::string out;
  out.reserve(total);
  for (const auto& [key, value] : properties) appendProperty(out, key, value);
  return out;
}

void appendProperty(std::string& properties, std::string_view key, std::string_view value) {
  properties.append(key);
  properties.push_back(property::kNameValueSeparator);
  properties.append(value);
  properties.push_back(property::kPropertySeparator);
}

std::optional<std::string_view> findProperty(std::string_view properties, std::string_view key) {
  std::optional<std::string_view> found;
  forEachProperty(properties, [&](std::string_view k, std::string_view v) {
    if (k == key) found = v;
  });
  return found;
}

std::vector<Property> decodeProperties(std::string_view properties) {
  std::vector<Property> out;
  forEachProperty(properties, [&](std::string_view k, std::string_view v) { out.emplace_back(k, v); });
  return out;
}

}  // namespace apogee::message
