#include "store/message_filter.h"

#include "common/message/tag_hash.h"

namespace apogee::store {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

TagFilter TagFilter::fromExpression(std::string_view expression) {
  TagFilter f;
  expression = trim(expression);
  if (expression.empty() || expression == "*") return f;
  f.all_ = false;
  std::size_t pos = 0;
  while (pos <= expression.size()) {
    std::size_t bar = expression.find("||", pos);
    if (bar == std::string_view::npos) bar = expression.size();
    std::string_view tag = trim(expression.substr(pos, bar - pos));
    if (!tag.empty()) f.codes_.insert(message::javaStringHashCode(tag));
    pos = bar + 2;
  }
  return f;
}

bool TagFilter::isMatchedByConsumeQueue(std::optional<int64_t> tagsCode) const {
  if (all_ || !tagsCode) return true;
  // RocketMQ compares the code's int value (codeSet.contains(tagsCode.intValue())).
  return codes_.contains(static_cast<int32_t>(*tagsCode));
}

}  // namespace apogee::store
