#include "broker/message_rewrite.h"

#include <algorithm>
#include <charconv>

#include "broker/topic_validator.h"
#include "broker/uniq_key.h"
#include "common/message/message_const.h"
#include "common/message/properties.h"

namespace apogee::broker {

namespace prop = message::property;

std::string buildStoredProperties(std::string_view client_properties, std::string_view cluster) {
  std::string props;
  props.reserve(client_properties.size() + cluster.size() + 64);
  props.append(client_properties);
  if (!props.empty() && props.back() != prop::kPropertySeparator) {
    props.push_back(prop::kPropertySeparator);
  }
  if (!message::findProperty(client_properties, prop::kUniqClientMessageId)) {
    message::appendProperty(props, prop::kUniqClientMessageId, createUniqKey());
  }
  message::appendProperty(props, prop::kCluster, cluster);
  return props;
}

int delayLevelOf(std::string_view properties) {
  auto v = message::findProperty(properties, prop::kDelayTimeLevel);
  if (!v) return 0;
  int level = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), level);
  if (ec != std::errc() || p != v->data() + v->size()) return 0;
  return level;
}

bool applyDelayLevel(StoredTarget& target, std::int32_t sys_flag, const store::DelayLevels& levels) {
  const std::int32_t tran_type = sys_flag & 0xC;
  if (tran_type != 0 && tran_type != 0x8) return false;  // only NOT and COMMIT types
  int level = delayLevelOf(target.properties);
  if (level <= 0 || levels.maxLevel() == 0) return false;
  if (level > levels.maxLevel()) {
    level = levels.maxLevel();
    message::appendProperty(target.properties, prop::kDelayTimeLevel, std::to_string(level));
  }
  message::appendProperty(target.properties, prop::kRealTopic, target.topic);
  message::appendProperty(target.properties, prop::kRealQueueId, std::to_string(target.queueId));
  target.topic = std::string(kScheduleTopic);
  target.queueId = level - 1;
  return true;
}

std::string removeProperties(std::string_view properties,
                             std::initializer_list<std::string_view> keys) {
  std::string out;
  out.reserve(properties.size());
  message::forEachProperty(properties, [&](std::string_view k, std::string_view v) {
    if (std::find(keys.begin(), keys.end(), k) != keys.end()) return;
    message::appendProperty(out, k, v);
  });
  return out;
}

}  // namespace apogee::broker
