#pragma once

#include <string>
#include <string_view>

namespace apogee {

// RocketMQ's NamespaceUtil: how a namespace is put in front of topic and
// group names. A resource "T" in namespace "ns" becomes "ns%T"; retry and
// dead-letter names keep their prefix in front ("%RETRY%ns%G", "%DLQ%ns%G").
// System topics and groups (TBW102, SCHEDULE_TOPIC_XXXX, rmq_sys_*,
// CID_RMQ_SYS_*, ...) are never wrapped. Stateless; thread-safe.
class NamespaceUtil {
 public:
  static constexpr char kNamespaceSeparator = '%';
  static constexpr std::string_view kRetryPrefix = "%RETRY%";
  static constexpr std::string_view kDlqPrefix = "%DLQ%";

  // `resource` in `ns`; unchanged when either is empty, the resource is a
  // system resource, or it is already in `ns`.
  static std::string wrapNamespace(std::string_view ns, std::string_view resource);
  // `resource` with any namespace removed ("ns%T" -> "T",
  // "%RETRY%ns%G" -> "%RETRY%G"); system resources unchanged.
  static std::string withoutNamespace(std::string_view resource);
  // `resource` with `ns` removed, only if it is in `ns`.
  static std::string withoutNamespace(std::string_view resource, std::string_view ns);
  // Whether `resource` (retry/DLQ prefix ignored) starts with "ns%".
  static bool isAlreadyWithNamespace(std::string_view resource, std::string_view ns);
  // "%RETRY%" + wrapNamespace(ns, group); empty when the group is.
  static std::string wrapNamespaceAndRetry(std::string_view ns, std::string_view group);
  // The namespace part of `resource`, empty when none.
  static std::string getNamespaceFromResource(std::string_view resource);
  // Starts with "%RETRY%".
  static bool isRetryTopic(std::string_view resource);
  // Starts with "%DLQ%".
  static bool isDLQTopic(std::string_view resource);
  // RocketMQ's system topics and system consumer groups, and TBW102.
  static bool isSystemResource(std::string_view resource);
};

}  // namespace apogee
