#include "broker/topic_validator.h"

#include <algorithm>

namespace apogee::broker {

std::optional<std::string> validateTopicName(std::string_view topic) {
  const bool blank = std::all_of(topic.begin(), topic.end(),
                                 [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
  if (blank) return std::string("The specified topic is blank.");
  for (char c : topic) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '%' || c == '|' || c == '_' || c == '-';
    if (!ok) {
      return std::string(
          "The specified topic contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$");
    }
  }
  if (topic.size() > kTopicMaxLength) {
    return std::string("The specified topic is longer than topic max length.");
  }
  return std::nullopt;
}

bool isNotAllowedSendTopic(std::string_view topic) {
  return topic == kScheduleTopic || topic == kTransHalfTopic || topic == kTransOpHalfTopic ||
         topic == kTransCheckMaxTimeTopic;
}

}  // namespace apogee::broker
