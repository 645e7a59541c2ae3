#include "broker/broker_outer_api.h"

#include <zlib.h>

#include <future>
#include <memory>

#include "common/logging.h"
#include "remoting/headers/route.h"
#include "remoting/request_code.h"
#include "remoting/response_code.h"

namespace apogee::broker {

std::vector<std::string> splitNameServers(const std::string& addr) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= addr.size()) {
    std::size_t end = addr.find(';', pos);
    if (end == std::string::npos) end = addr.size();
    std::string part = addr.substr(pos, end - pos);
    while (!part.empty() && part.front() == ' ') part.erase(part.begin());
    while (!part.empty() && part.back() == ' ') part.pop_back();
    if (!part.empty()) out.push_back(std::move(part));
    pos = end + 1;
  }
  return out;
}

BrokerOuterApi::BrokerOuterApi(const std::string& namesrv_addr, remoting::RemotingClient& client,
                               std::chrono::milliseconds timeout)
    : namesrvs_(splitNameServers(namesrv_addr)), client_(client), timeout_(timeout) {}

std::vector<Status> BrokerOuterApi::registerBrokerAll(const BrokerIdentity& id,
                                                      const remoting::RegisterBrokerBody& body) {
  const std::string json = body.toJson();
  remoting::RegisterBrokerRequestHeader header;
  header.brokerName = id.brokerName;
  header.brokerAddr = id.brokerAddr;
  header.clusterName = id.clusterName;
  header.haServerAddr = id.haServerAddr;
  header.brokerId = id.brokerId;
  header.compressed = false;
  const uLong crc = ::crc32(0L, reinterpret_cast<const Bytef*>(json.data()),
                            static_cast<uInt>(json.size()));
  header.bodyCrc32 = static_cast<std::int32_t>(crc & 0x7FFFFFFF);

  std::vector<std::shared_ptr<std::promise<Status>>> promises;
  for (const auto& addr : namesrvs_) {
    auto promise = std::make_shared<std::promise<Status>>();
    promises.push_back(promise);
    auto request = remoting::RemotingCommand::createRequest(remoting::RequestCode::kRegisterBroker,
                                                            remoting::toExtFields(header));
    request.setBody(json);
    client_.invokeAsync(addr, std::move(request), timeout_,
                        [promise, addr](Result<remoting::RemotingCommand> r) {
                          if (!r.ok()) {
                            promise->set_value(r.status());
                          } else if (r->code() != remoting::ResponseCode::kSuccess) {
                            promise->set_value(Status::Internal(
                                "register with " + addr + " answered " + std::to_string(r->code()) +
                                " " + r->remark().value_or("")));
                          } else {
                            promise->set_value(Status::OK());
                          }
                        });
  }
  std::vector<Status> out;
  for (std::size_t i = 0; i < promises.size(); ++i) {
    Status s = promises[i]->get_future().get();
    if (!s.ok()) logger("broker")->warn("register broker to {}: {}", namesrvs_[i], s.toString());
    out.push_back(std::move(s));
  }
  return out;
}

void BrokerOuterApi::unregisterBrokerAll(const BrokerIdentity& id) {
  remoting::UnregisterBrokerRequestHeader header;
  header.brokerName = id.brokerName;
  header.brokerAddr = id.brokerAddr;
  header.clusterName = id.clusterName;
  header.brokerId = id.brokerId;
  for (const auto& addr : namesrvs_) {
    auto request = remoting::RemotingCommand::createRequest(remoting::RequestCode::kUnregisterBroker,
                                                            remoting::toExtFields(header));
    auto r = client_.invokeSync(addr, std::move(request), timeout_);
    if (!r.ok()) logger("broker")->warn("unregister broker from {}: {}", addr, r.status().toString());
  }
}

}  // namespace apogee::broker
