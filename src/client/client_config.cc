#include "apogee/client_config.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "apogee/namespace_util.h"
#include "client/local_address.h"

namespace apogee {

ClientConfig::ClientConfig()
    : client_ip_(client::localIPv4String()),
      client_callback_executor_threads_(
          static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))) {}

std::string ClientConfig::buildMQClientId() const {
  std::string id = client_ip_ + "@" + instance_name_;
  if (!unit_name_.empty()) id += "@" + unit_name_;
  return id;
}

void ClientConfig::changeInstanceNameToPID() {
  if (instance_name_ == "DEFAULT") {
    const auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(
                           std::chrono::steady_clock::now().time_since_epoch())
                           .count();
    instance_name_ = std::to_string(::getpid()) + "#" + std::to_string(nanos);
  }
}

std::string ClientConfig::withNamespace(std::string_view resource) const {
  return NamespaceUtil::wrapNamespace(namespace_, resource);
}

std::string ClientConfig::withoutNamespace(std::string_view resource) const {
  return NamespaceUtil::withoutNamespace(resource, namespace_);
}

MessageQueue ClientConfig::queueWithNamespace(const MessageQueue& queue) const {
  if (namespace_.empty()) return queue;
  return MessageQueue(withNamespace(queue.getTopic()), queue.getBrokerName(), queue.getQueueId());
}

std::string ClientConfig::toString() const {
  return "ClientConfig [namesrvAddr=" + namesrv_addr_ + ", clientIP=" + client_ip_ +
         ", instanceName=" + instance_name_ + ", unitName=" + unit_name_ +
         ", namespace=" + namespace_ +
         ", pollNameServerInterval=" + std::to_string(poll_name_server_interval_.count()) +
         ", heartbeatBrokerInterval=" + std::to_string(heartbeat_broker_interval_.count()) +
         ", persistConsumerOffsetInterval=" +
         std::to_string(persist_consumer_offset_interval_.count()) +
         ", mqClientApiTimeout=" + std::to_string(mq_client_api_timeout_.count()) +
         ", serializeType=" + (serialize_type_ == SerializeType::JSON ? "JSON" : "ROCKETMQ") +
         ", language=" + language_ + "]";
}

}  // namespace apogee
