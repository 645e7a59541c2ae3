#include "apogee/namespace_util.h"

#include <array>

#include "client/client_constants.h"

namespace apogee {
namespace {

using client::kDlqGroupTopicPrefix;
using client::kRetryGroupTopicPrefix;

// TopicValidator's SYSTEM_TOPIC_SET of 4.9.8 (cluster and broker names,
// which Java adds at run time, are not known to a client).
constexpr std::array<std::string_view, 9> kSystemTopics = {"TBW102",
                                                           "SCHEDULE_TOPIC_XXXX",
                                                           "BenchmarkTest",
                                                           "RMQ_SYS_TRANS_HALF_TOPIC",
                                                           "RMQ_SYS_TRACE_TOPIC",
                                                           "RMQ_SYS_TRANS_OP_HALF_TOPIC",
                                                           "TRANS_CHECK_MAX_TIME_TOPIC",
                                                           "SELF_TEST_TOPIC",
                                                           "OFFSET_MOVED_EVENT"};

std::string_view withoutRetryAndDlq(std::string_view resource) {
  if (resource.starts_with(kRetryGroupTopicPrefix))
    return resource.substr(kRetryGroupTopicPrefix.size());
  if (resource.starts_with(kDlqGroupTopicPrefix))
    return resource.substr(kDlqGroupTopicPrefix.size());
  return resource;
}

bool startsWithNamespace(std::string_view resource, std::string_view ns) {
  return resource.size() > ns.size() && resource.starts_with(ns) &&
         resource[ns.size()] == NamespaceUtil::kNamespaceSeparator;
}

// Java's StringUtils.isNotBlank: some character above ' '.
bool notBlank(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) > ' ') return true;
  }
  return false;
}

}  // namespace

bool NamespaceUtil::isSystemResource(std::string_view resource) {
  if (resource.empty()) return false;
  for (auto topic : kSystemTopics) {
    if (resource == topic) return true;
  }
  return resource.starts_with(client::kSystemTopicPrefix) ||
         resource.starts_with(client::kSystemConsumerGroupPrefix);
}

bool NamespaceUtil::isRetryTopic(std::string_view resource) {
  return notBlank(resource) && resource.starts_with(kRetryGroupTopicPrefix);
}

bool NamespaceUtil::isDLQTopic(std::string_view resource) {
  return notBlank(resource) && resource.starts_with(kDlqGroupTopicPrefix);
}

bool NamespaceUtil::isAlreadyWithNamespace(std::string_view resource, std::string_view ns) {
  if (ns.empty() || resource.empty() || isSystemResource(resource)) return false;
  return startsWithNamespace(withoutRetryAndDlq(resource), ns);
}

std::string NamespaceUtil::wrapNamespace(std::string_view ns, std::string_view resource) {
  if (ns.empty() || resource.empty()) return std::string(resource);
  if (isSystemResource(resource) || isAlreadyWithNamespace(resource, ns)) {
    return std::string(resource);
  }
  std::string out;
  out.reserve(resource.size() + ns.size() + 8);
  if (isRetryTopic(resource)) out += kRetryGroupTopicPrefix;
  if (isDLQTopic(resource)) out += kDlqGroupTopicPrefix;
  out += ns;
  out += kNamespaceSeparator;
  out += withoutRetryAndDlq(resource);
  return out;
}

std::string NamespaceUtil::withoutNamespace(std::string_view resource) {
  if (resource.empty() || isSystemResource(resource)) return std::string(resource);
  std::string out;
  if (isRetryTopic(resource)) out += kRetryGroupTopicPrefix;
  if (isDLQTopic(resource)) out += kDlqGroupTopicPrefix;
  const std::string_view bare = withoutRetryAndDlq(resource);
  const std::size_t index = bare.find(kNamespaceSeparator);
  if (index != std::string_view::npos && index > 0) {
    out += bare.substr(index + 1);
    return out;
  }
  return std::string(resource);
}

std::string NamespaceUtil::withoutNamespace(std::string_view resource, std::string_view ns) {
  if (resource.empty() || ns.empty()) return std::string(resource);
  if (startsWithNamespace(withoutRetryAndDlq(resource), ns)) return withoutNamespace(resource);
  return std::string(resource);
}

std::string NamespaceUtil::wrapNamespaceAndRetry(std::string_view ns, std::string_view group) {
  if (group.empty()) return {};
  return std::string(kRetryGroupTopicPrefix) + wrapNamespace(ns, group);
}

std::string NamespaceUtil::getNamespaceFromResource(std::string_view resource) {
  if (resource.empty() || isSystemResource(resource)) return {};
  const std::string_view bare = withoutRetryAndDlq(resource);
  const std::size_t index = bare.find(kNamespaceSeparator);
  return index != std::string_view::npos && index > 0 ? std::string(bare.substr(0, index))
                                                      : std::string();
}

}  // namespace apogee
