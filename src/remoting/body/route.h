#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "remoting/body/json_writer.h"

namespace apogee::remoting {

class JsonNode;

// Route bodies of the name server (docs: rocketmq-protocol.md 3.6.1, 3.6.4).
// Fields keep their JSON names and are listed in the order fastjson writes
// them (alphabetical).

// One broker's queues of a topic.
struct QueueData {
  std::string brokerName;
  std::int32_t perm = 0;  // PermName bits, see topic_config.h
  std::int32_t readQueueNums = 0;
  std::int32_t topicSysFlag = 0;
  std::int32_t writeQueueNums = 0;

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, QueueData& out);
  friend bool operator==(const QueueData&, const QueueData&) = default;
};

// One broker group: its addresses by broker id (0 is the master).
struct BrokerData {
  std::map<std::int64_t, std::string> brokerAddrs;
  std::string brokerName;
  std::string cluster;
  std::optional<bool> enableActingMaster;  // 5.x; 4.9.x does not have it
  std::optional<std::string> zoneName;     // 5.x

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, BrokerData& out);
  friend bool operator==(const BrokerData&, const BrokerData&) = default;
};

// The GET_ROUTEINFO_BY_TOPIC (105) response body. 5.x's
// topicQueueMappingByBroker (static topics) is not modelled; reading skips it.
struct TopicRouteData {
  std::vector<BrokerData> brokerDatas;
  std::map<std::string, std::vector<std::string>>
      filterServerTable;                      // broker addr -> filter servers
  std::optional<std::string> orderTopicConf;  // "brokerA:4;brokerB:4"
  std::vector<QueueData> queueDatas;

  // `standard`: the form a 4.9.4+ name server sends when the request version
  // is >= 401 or the request says acceptStandardJsonOnly (see
  // useStandardRouteJson): quoted and sorted map keys, fastjson's
  // BrowserCompatible escaping. Otherwise Java's default form, where broker
  // ids are bare numbers: {"brokerAddrs":{0:"10.0.0.1:10911"}}.
  std::string toJson(bool standard) const;
  static Result<TopicRouteData> fromJson(std::string_view body);

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, TopicRouteData& out);
  friend bool operator==(const TopicRouteData&, const TopicRouteData&) = default;
};

// MQVersion V4_9_4: from this request version on the name server answers
// GET_ROUTEINFO_BY_TOPIC in the standard form.
inline constexpr int kStandardRouteJsonVersion = 401;

// Whether a route reply to a request of `request_version` with header field
// acceptStandardJsonOnly (absent: nullopt) uses the standard form.
inline bool useStandardRouteJson(int request_version,
                                 std::optional<bool> accept_standard_json_only) {
  return request_version >= kStandardRouteJsonVersion || accept_standard_json_only.value_or(false);
}

// The GET_BROKER_CLUSTER_INFO (106) response body. Java writes it in the
// default form only (bare broker-id keys).
struct ClusterInfo {
  std::map<std::string, BrokerData> brokerAddrTable;                 // broker name -> data
  std::map<std::string, std::vector<std::string>> clusterAddrTable;  // cluster -> broker names

  std::string toJson() const;
  static Result<ClusterInfo> fromJson(std::string_view body);

  void writeJson(JsonWriter& w) const;
  static Status readJson(const JsonNode& node, ClusterInfo& out);
  friend bool operator==(const ClusterInfo&, const ClusterInfo&) = default;
};

}  // namespace apogee::remoting
