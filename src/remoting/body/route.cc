#include "remoting/body/route.h"

#include "remoting/body/json_reader.h"

namespace apogee::remoting {

void QueueData::writeJson(JsonWriter& w) const {
  w.beginObject()
      .field("brokerName", brokerName)
      .field("perm", perm)
      .field("readQueueNums", readQueueNums)
      .field("topicSysFlag", topicSysFlag)
      .field("writeQueueNums", writeQueueNums)
      .endObject();
}

Status QueueData::readJson(const JsonNode& n, QueueData& out) {
  APOGEE_RETURN_IF_ERROR(n.field("brokerName", out.brokerName));
  APOGEE_RETURN_IF_ERROR(n.field("perm", out.perm));
  APOGEE_RETURN_IF_ERROR(n.field("readQueueNums", out.readQueueNums));
  APOGEE_RETURN_IF_ERROR(n.field("topicSysFlag", out.topicSysFlag));
  return n.field("writeQueueNums", out.writeQueueNums);
}

void BrokerData::writeJson(JsonWriter& w) const {
  w.beginObject()
      .mapField("brokerAddrs", brokerAddrs, JavaMapKind::hashMap())
      .field("brokerName", brokerName)
      .field("cluster", cluster)
      .field("enableActingMaster", enableActingMaster)
      .field("zoneName", zoneName)
      .endObject();
}

Status BrokerData::readJson(const JsonNode& n, BrokerData& out) {
  APOGEE_RETURN_IF_ERROR(n.field("brokerAddrs", out.brokerAddrs));
  APOGEE_RETURN_IF_ERROR(n.field("brokerName", out.brokerName));
  APOGEE_RETURN_IF_ERROR(n.field("cluster", out.cluster));
  APOGEE_RETURN_IF_ERROR(n.field("enableActingMaster", out.enableActingMaster));
  return n.field("zoneName", out.zoneName);
}

void TopicRouteData::writeJson(JsonWriter& w) const {
  w.beginObject()
      .field("brokerDatas", brokerDatas)
      .mapField("filterServerTable", filterServerTable, JavaMapKind::hashMap())
      .field("orderTopicConf", orderTopicConf)
      .field("queueDatas", queueDatas)
      .endObject();
}

Status TopicRouteData::readJson(const JsonNode& n, TopicRouteData& out) {
  APOGEE_RETURN_IF_ERROR(n.field("brokerDatas", out.brokerDatas));
  APOGEE_RETURN_IF_ERROR(n.field("filterServerTable", out.filterServerTable));
  APOGEE_RETURN_IF_ERROR(n.field("orderTopicConf", out.orderTopicConf));
  return n.field("queueDatas", out.queueDatas);
}

std::string TopicRouteData::toJson(bool standard) const {
  // The standard form is fastjson's BrowserCompatible + MapSortField; map
  // keys, including broker ids, are then quoted strings.
  JsonWriter w = standard ? JsonWriter({.style = JsonStyle::kBrowserCompatible, .sortMaps = true})
                          : JsonWriter();
  writeJson(w);
  return w.take();
}

Result<TopicRouteData> TopicRouteData::fromJson(std::string_view body) {
  return decodeJsonBody<TopicRouteData>(body);
}

void ClusterInfo::writeJson(JsonWriter& w) const {
  w.beginObject()
      .mapField("brokerAddrTable", brokerAddrTable, JavaMapKind::hashMap())
      .mapField("clusterAddrTable", clusterAddrTable, JavaMapKind::hashMap())
      .endObject();
}

Status ClusterInfo::readJson(const JsonNode& n, ClusterInfo& out) {
  APOGEE_RETURN_IF_ERROR(n.field("brokerAddrTable", out.brokerAddrTable));
  return n.field("clusterAddrTable", out.clusterAddrTable);
}

std::string ClusterInfo::toJson() const { return encodeJsonBody(*this); }

Result<ClusterInfo> ClusterInfo::fromJson(std::string_view body) {
  return decodeJsonBody<ClusterInfo>(body);
}

}  // namespace apogee::remoting
