#include "remoting/body/subscription_group.h"

#include "remoting/body/json_reader.h"
#include "remoting/body/json_writer.h"

namespace apogee::remoting {

void SubscriptionGroupConfig::writeJson(JsonWriter& w) const {
  w.beginObject()
      .field("brokerId", brokerId)
      .field("consumeBroadcastEnable", consumeBroadcastEnable)
      .field("consumeEnable", consumeEnable)
      .field("consumeFromMinEnable", consumeFromMinEnable)
      .field("consumeMessageOrderly", consumeMessageOrderly)
      .field("groupName", groupName)
      .field("notifyConsumerIdsChangedEnable", notifyConsumerIdsChangedEnable)
      .field("retryMaxTimes", retryMaxTimes)
      .field("retryQueueNums", retryQueueNums)
      .field("whichBrokerWhenConsumeSlowly", whichBrokerWhenConsumeSlowly)
      .endObject();
}

Status SubscriptionGroupConfig::readJson(const JsonNode& n, SubscriptionGroupConfig& c) {
  APOGEE_RETURN_IF_ERROR(n.field("brokerId", c.brokerId));
  APOGEE_RETURN_IF_ERROR(n.field("consumeBroadcastEnable", c.consumeBroadcastEnable));
  APOGEE_RETURN_IF_ERROR(n.field("consumeEnable", c.consumeEnable));
  APOGEE_RETURN_IF_ERROR(n.field("consumeFromMinEnable", c.consumeFromMinEnable));
  APOGEE_RETURN_IF_ERROR(n.field("consumeMessageOrderly", c.consumeMessageOrderly));
  APOGEE_RETURN_IF_ERROR(n.field("groupName", c.groupName));
  APOGEE_RETURN_IF_ERROR(n.field("notifyConsumerIdsChangedEnable", c.notifyConsumerIdsChangedEnable));
  APOGEE_RETURN_IF_ERROR(n.field("retryMaxTimes", c.retryMaxTimes));
  APOGEE_RETURN_IF_ERROR(n.field("retryQueueNums", c.retryQueueNums));
  return n.field("whichBrokerWhenConsumeSlowly", c.whichBrokerWhenConsumeSlowly);
}

std::string SubscriptionGroupConfig::toJson() const { return encodeJsonBody(*this); }

Result<SubscriptionGroupConfig> SubscriptionGroupConfig::fromJson(std::string_view body) {
  return decodeJsonBody<SubscriptionGroupConfig>(body);
}

void SubscriptionGroupWrapper::writeJson(JsonWriter& w) const {
  w.beginObject()
      .field("dataVersion", dataVersion)
      .mapField("subscriptionGroupTable", subscriptionGroupTable,
                JavaMapKind::concurrentHashMap(1024))
      .endObject();
}

Status SubscriptionGroupWrapper::readJson(const JsonNode& n, SubscriptionGroupWrapper& out) {
  APOGEE_RETURN_IF_ERROR(n.field("dataVersion", out.dataVersion));
  APOGEE_RETURN_IF_ERROR(n.field("subscriptionGroupTable", out.subscriptionGroupTable));
  // The table's key is the group name; an entry without one takes its key.
  for (auto& [name, c] : out.subscriptionGroupTable) {
    if (c.groupName.empty()) c.groupName = name;
  }
  return Status::OK();
}

std::string SubscriptionGroupWrapper::toJson() const { return encodeJsonBody(*this); }

Result<SubscriptionGroupWrapper> SubscriptionGroupWrapper::fromJson(std::string_view body) {
  return decodeJsonBody<SubscriptionGroupWrapper>(body);
}

}  // namespace apogee::remoting
