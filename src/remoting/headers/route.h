#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "remoting/headers/header_fields.h"

// Name-server headers: routes, broker registration, KV config (rocketmq-protocol.md 3.1).
namespace apogee::remoting {

// GET_ROUTEINFO_BY_TOPIC (105) request, client -> name server. The answer is a
// TopicRouteData body.
struct GetRouteInfoRequestHeader {
  std::string topic;
  std::optional<bool> acceptStandardJsonOnly;  // true: route JSON with quoted map keys

  static constexpr std::string_view kName = "GetRouteInfoRequestHeader";
  using Self = GetRouteInfoRequestHeader;
  static constexpr auto kFields =
      std::make_tuple(field("topic", &Self::topic),
                      optionalField("acceptStandardJsonOnly", &Self::acceptStandardJsonOnly));
  bool operator==(const GetRouteInfoRequestHeader&) const = default;
};

// REGISTER_BROKER (103) request, broker -> every name server (every 30 s). The
// body is a RegisterBrokerBody.
struct RegisterBrokerRequestHeader {
  std::string brokerName;
  std::string brokerAddr;  // "ip:port"
  std::string clusterName;
  std::string haServerAddr;                            // "ip:haPort"
  std::int64_t brokerId = 0;                           // 0 = master
  std::optional<std::int64_t> heartbeatTimeoutMillis;  // 5.x
  std::optional<bool> enableActingMaster;              // 5.x
  bool compressed = false;     // body in the compressed RegisterBrokerBody form
  std::int32_t bodyCrc32 = 0;  // crc32(body) & 0x7FFFFFFF; 0 = do not check

  static constexpr std::string_view kName = "RegisterBrokerRequestHeader";
  using Self = RegisterBrokerRequestHeader;
  static constexpr auto kFields = std::make_tuple(
      field("brokerName", &Self::brokerName), field("brokerAddr", &Self::brokerAddr),
      field("clusterName", &Self::clusterName), field("haServerAddr", &Self::haServerAddr),
      field("brokerId", &Self::brokerId),
      optionalField("heartbeatTimeoutMillis", &Self::heartbeatTimeoutMillis),
      optionalField("enableActingMaster", &Self::enableActingMaster),
      defaultedField("compressed", &Self::compressed),
      defaultedField("bodyCrc32", &Self::bodyCrc32));
  bool operator==(const RegisterBrokerRequestHeader&) const = default;
};

// Response to REGISTER_BROKER (103), name server -> broker. For a slave, the
// master's addresses; the body is a KVTable of ORDER_TOPIC_CONFIG.
struct RegisterBrokerResponseHeader {
  std::optional<std::string> haServerAddr;
  std::optional<std::string> masterAddr;

  static constexpr std::string_view kName = "RegisterBrokerResponseHeader";
  using Self = RegisterBrokerResponseHeader;
  static constexpr auto kFields =
      std::make_tuple(optionalField("haServerAddr", &Self::haServerAddr),
                      optionalField("masterAddr", &Self::masterAddr));
  bool operator==(const RegisterBrokerResponseHeader&) const = default;
};

// UNREGISTER_BROKER (104) request, broker -> every name server, at shutdown.
// (Java spells the class UnRegisterBrokerRequestHeader.)
struct UnregisterBrokerRequestHeader {
  std::string brokerName;
  std::string brokerAddr;
  std::string clusterName;
  std::int64_t brokerId = 0;

  static constexpr std::string_view kName = "UnregisterBrokerRequestHeader";
  using Self = UnregisterBrokerRequestHeader;
  static constexpr auto kFields = std::make_tuple(
      field("brokerName", &Self::brokerName), field("brokerAddr", &Self::brokerAddr),
      field("clusterName", &Self::clusterName), field("brokerId", &Self::brokerId));
  bool operator==(const UnregisterBrokerRequestHeader&) const = default;
};

// QUERY_DATA_VERSION (322) request, broker -> name server; the body is the
// broker's DataVersion.
struct QueryDataVersionRequestHeader {
  std::string brokerName;
  std::string brokerAddr;
  std::string clusterName;
  std::int64_t brokerId = 0;

  static constexpr std::string_view kName = "QueryDataVersionRequestHeader";
  using Self = QueryDataVersionRequestHeader;
  static constexpr auto kFields = std::make_tuple(
      field("brokerName", &Self::brokerName), field("brokerAddr", &Self::brokerAddr),
      field("clusterName", &Self::clusterName), field("brokerId", &Self::brokerId));
  bool operator==(const QueryDataVersionRequestHeader&) const = default;
};

// Response to QUERY_DATA_VERSION (322), name server -> broker.
struct QueryDataVersionResponseHeader {
  bool changed = false;  // the broker's registration is out of date

  static constexpr std::string_view kName = "QueryDataVersionResponseHeader";
  static constexpr auto kFields =
      std::make_tuple(field("changed", &QueryDataVersionResponseHeader::changed));
  bool operator==(const QueryDataVersionResponseHeader&) const = default;
};

// DELETE_TOPIC_IN_NAMESRV (216) request, admin -> name server.
struct DeleteTopicFromNamesrvRequestHeader {
  std::string topic;
  std::optional<std::string> clusterName;  // only this cluster's brokers

  static constexpr std::string_view kName = "DeleteTopicFromNamesrvRequestHeader";
  using Self = DeleteTopicFromNamesrvRequestHeader;
  static constexpr auto kFields = std::make_tuple(field("topic", &Self::topic),
                                                  optionalField("clusterName", &Self::clusterName));
  bool operator==(const DeleteTopicFromNamesrvRequestHeader&) const = default;
};

// PUT_KV_CONFIG (100) request, admin -> name server.
struct PutKVConfigRequestHeader {
  std::string namespace_;  // extFields key "namespace" (a C++ keyword)
  std::string key;
  std::string value;

  static constexpr std::string_view kName = "PutKVConfigRequestHeader";
  using Self = PutKVConfigRequestHeader;
  static constexpr auto kFields =
      std::make_tuple(field("namespace", &Self::namespace_), field("key", &Self::key),
                      field("value", &Self::value));
  bool operator==(const PutKVConfigRequestHeader&) const = default;
};

// GET_KV_CONFIG (101) request, admin/broker -> name server.
struct GetKVConfigRequestHeader {
  std::string namespace_;  // key "namespace"
  std::string key;

  static constexpr std::string_view kName = "GetKVConfigRequestHeader";
  using Self = GetKVConfigRequestHeader;
  static constexpr auto kFields =
      std::make_tuple(field("namespace", &Self::namespace_), field("key", &Self::key));
  bool operator==(const GetKVConfigRequestHeader&) const = default;
};

// Response to GET_KV_CONFIG (101); QUERY_NOT_FOUND carries no header.
struct GetKVConfigResponseHeader {
  std::optional<std::string> value;

  static constexpr std::string_view kName = "GetKVConfigResponseHeader";
  static constexpr auto kFields =
      std::make_tuple(optionalField("value", &GetKVConfigResponseHeader::value));
  bool operator==(const GetKVConfigResponseHeader&) const = default;
};

// DELETE_KV_CONFIG (102) request, admin -> name server.
struct DeleteKVConfigRequestHeader {
  std::string namespace_;  // key "namespace"
  std::string key;

  static constexpr std::string_view kName = "DeleteKVConfigRequestHeader";
  using Self = DeleteKVConfigRequestHeader;
  static constexpr auto kFields =
      std::make_tuple(field("namespace", &Self::namespace_), field("key", &Self::key));
  bool operator==(const DeleteKVConfigRequestHeader&) const = default;
};

// GET_KVLIST_BY_NAMESPACE (219) request, admin -> name server; the answer is a
// KVTable body.
struct GetKVListByNamespaceRequestHeader {
  std::string namespace_;  // key "namespace"

  static constexpr std::string_view kName = "GetKVListByNamespaceRequestHeader";
  static constexpr auto kFields =
      std::make_tuple(field("namespace", &GetKVListByNamespaceRequestHeader::namespace_));
  bool operator==(const GetKVListByNamespaceRequestHeader&) const = default;
};

// GET_TOPICS_BY_CLUSTER (224) request, admin -> name server.
struct GetTopicsByClusterRequestHeader {
  std::string cluster;

  static constexpr std::string_view kName = "GetTopicsByClusterRequestHeader";
  static constexpr auto kFields =
      std::make_tuple(field("cluster", &GetTopicsByClusterRequestHeader::cluster));
  bool operator==(const GetTopicsByClusterRequestHeader&) const = default;
};

}  // namespace apogee::remoting
