#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "common/status.h"
#include "remoting/body/register_broker_body.h"
#include "remoting/transport/remoting_client.h"

namespace apogee::broker {

// Who this broker is, as the name servers see it.
struct BrokerIdentity {
  std::string clusterName;
  std::string brokerName;
  std::string brokerAddr;    // "ip:port"
  std::string haServerAddr;  // "ip:haPort"
  std::int64_t brokerId = 0;
};

// The broker's requests to the name servers (RocketMQ's BrokerOuterAPI):
// REGISTER_BROKER to every name server at once, UNREGISTER_BROKER at
// shutdown. Thread-safe; blocks the caller up to `timeout` per call.
class BrokerOuterApi {
 public:
  // `namesrv_addr`: "host:port;host:port".
  BrokerOuterApi(const std::string& namesrv_addr, remoting::RemotingClient& client,
                 std::chrono::milliseconds timeout);

  const std::vector<std::string>& nameServers() const { return namesrvs_; }

  // Sends the JSON body with its CRC to every name server in parallel and
  // waits for all; returns one status per name server, in list order.
  std::vector<Status> registerBrokerAll(const BrokerIdentity& id,
                                        const remoting::RegisterBrokerBody& body);
  void unregisterBrokerAll(const BrokerIdentity& id);

 private:
  std::vector<std::string> namesrvs_;
  remoting::RemotingClient& client_;
  const std::chrono::milliseconds timeout_;
};

std::vector<std::string> splitNameServers(const std::string& addr);

}  // namespace apogee::broker
