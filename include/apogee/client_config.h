#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "apogee/message_queue.h"

namespace apogee {

// Header format of the requests a client sends. Brokers and name servers
// answer in the format of the request, so either works against RocketMQ
// 4.9.x and Apogee.
enum class SerializeType {
  JSON,      // RocketMQ's default
  ROCKETMQ,  // RocketMQ's compact binary header ("rocketmq.serialize.type=ROCKETMQ")
};

// Settings shared by producers and consumers (RocketMQ's ClientConfig).
// Producers and consumers derive from it; clients with the same
// buildMQClientId() in one process share one MQClientInstance (connections,
// route cache, heartbeats), whose settings come from the first client that
// created it.
//
// A plain value type; configure before start(), changes afterwards have no
// effect.
class ClientConfig {
 public:
  // clientIP defaults to this host's address (see getClientIP).
  ClientConfig();
  virtual ~ClientConfig() = default;
  ClientConfig(const ClientConfig&) = default;
  ClientConfig& operator=(const ClientConfig&) = default;
  ClientConfig(ClientConfig&&) = default;
  ClientConfig& operator=(ClientConfig&&) = default;

  // `clientIP@instanceName`, plus `@unitName` when a unit name is set: the id
  // brokers know this client by, and the key of the per-process instance map.
  std::string buildMQClientId() const;

  // Name server addresses "host:port", several separated by ';'.
  const std::string& getNamesrvAddr() const noexcept { return namesrv_addr_; }
  // Sets the name server list ("127.0.0.1:9876;10.0.0.2:9876").
  void setNamesrvAddr(std::string addr) { namesrv_addr_ = std::move(addr); }

  // This host's address as reported to brokers: a public IPv4 address if the
  // host has one, else its first non-loopback IPv4 address, else 127.0.0.1.
  const std::string& getClientIP() const noexcept { return client_ip_; }
  // Overrides the reported address.
  void setClientIP(std::string ip) { client_ip_ = std::move(ip); }

  // The instance name, "DEFAULT" unless set. Producers and consumers replace
  // "DEFAULT" by "<pid>#<nanotime>" when they start (changeInstanceNameToPID),
  // as RocketMQ 4.9.8 does, so each gets its own instance unless given a name.
  const std::string& getInstanceName() const noexcept { return instance_name_; }
  // Sets the instance name; clients with the same name share an instance.
  void setInstanceName(std::string name) { instance_name_ = std::move(name); }
  // Replaces the instance name "DEFAULT" by "<pid>#<nanotime>".
  void changeInstanceNameToPID();

  // Optional unit name, appended to the client id.
  const std::string& getUnitName() const noexcept { return unit_name_; }
  // Sets the unit name.
  void setUnitName(std::string name) { unit_name_ = std::move(name); }

  // Namespace: topics and groups are sent as "namespace%name" (see
  // NamespaceUtil); empty for none.
  const std::string& getNamespace() const noexcept { return namespace_; }
  // Sets the namespace.
  void setNamespace(std::string ns) { namespace_ = std::move(ns); }
  // `resource` wrapped with this client's namespace (NamespaceUtil::wrapNamespace).
  std::string withNamespace(std::string_view resource) const;
  // `resource` without this client's namespace (NamespaceUtil::withoutNamespace).
  std::string withoutNamespace(std::string_view resource) const;
  // The queue with its topic wrapped in the namespace.
  MessageQueue queueWithNamespace(const MessageQueue& queue) const;

  // How often topic routes are refreshed from the name servers (30 s).
  std::chrono::milliseconds getPollNameServerInterval() const noexcept {
    return poll_name_server_interval_;
  }
  // Sets the route refresh interval.
  void setPollNameServerInterval(std::chrono::milliseconds v) noexcept {
    poll_name_server_interval_ = v;
  }
  // How often heartbeats go to the brokers (30 s).
  std::chrono::milliseconds getHeartbeatBrokerInterval() const noexcept {
    return heartbeat_broker_interval_;
  }
  // Sets the heartbeat interval.
  void setHeartbeatBrokerInterval(std::chrono::milliseconds v) noexcept {
    heartbeat_broker_interval_ = v;
  }
  // How often consumers commit their offsets to the brokers (5 s).
  std::chrono::milliseconds getPersistConsumerOffsetInterval() const noexcept {
    return persist_consumer_offset_interval_;
  }
  // Sets the offset commit interval.
  void setPersistConsumerOffsetInterval(std::chrono::milliseconds v) noexcept {
    persist_consumer_offset_interval_ = v;
  }
  // Timeout of the client's own requests to name servers and brokers (3 s).
  std::chrono::milliseconds getMqClientApiTimeout() const noexcept {
    return mq_client_api_timeout_;
  }
  // Sets the request timeout.
  void setMqClientApiTimeout(std::chrono::milliseconds v) noexcept { mq_client_api_timeout_ = v; }

  // Header format of requests (ROCKETMQ binary unless set).
  SerializeType getSerializeType() const noexcept { return serialize_type_; }
  // Sets the header format.
  void setSerializeType(SerializeType t) noexcept { serialize_type_ = t; }

  // The language code sent in every request header: "CPP" (RocketMQ's
  // LanguageCode names; an unknown name is sent as CPP).
  const std::string& getLanguage() const noexcept { return language_; }
  // Sets the language code name.
  void setLanguage(std::string language) { language_ = std::move(language); }

  // Threads that run send callbacks and broker-to-client requests (the
  // number of hardware threads by default).
  int getClientCallbackExecutorThreads() const noexcept {
    return client_callback_executor_threads_;
  }
  // Sets the callback thread count (at least 1).
  void setClientCallbackExecutorThreads(int n) noexcept { client_callback_executor_threads_ = n; }

  // The byte budget for messages cached by all push consumers of one client
  // instance (256 MiB; not in RocketMQ 4.9). Over it, only queues holding
  // nothing pull; under it, a queue at or above its fair share (budget /
  // queues held by the instance) waits while the queues below their share
  // that have messages still miss part of it (50 ms retries), so one hot
  // queue cannot take the memory the others need. The instance never holds
  // more than the budget plus one pull batch per queue (docs/client.md).
  // The instance takes it from the client that creates it; <= 0 = no budget.
  std::int64_t getCacheBudgetBytes() const noexcept { return cache_budget_bytes_; }
  void setCacheBudgetBytes(std::int64_t bytes) noexcept { cache_budget_bytes_ = bytes; }

  // "ClientConfig [namesrvAddr=..., clientIP=..., ...]".
  std::string toString() const;

 private:
  std::string namesrv_addr_;
  std::string client_ip_;
  std::string instance_name_ = "DEFAULT";
  std::string unit_name_;
  std::string namespace_;
  std::chrono::milliseconds poll_name_server_interval_{30000};
  std::chrono::milliseconds heartbeat_broker_interval_{30000};
  std::chrono::milliseconds persist_consumer_offset_interval_{5000};
  std::chrono::milliseconds mq_client_api_timeout_{3000};
  SerializeType serialize_type_ = SerializeType::ROCKETMQ;
  std::string language_ = "CPP";
  int client_callback_executor_threads_;
  std::int64_t cache_budget_bytes_ = 256LL * 1024 * 1024;
};

}  // namespace apogee
