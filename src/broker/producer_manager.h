#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "broker/client_channel_info.h"

namespace apogee::broker {

// Producer groups and their connections (RocketMQ's ProducerManager): kept
// for housekeeping and for transaction checks, which need a channel of the
// producing group. Thread safety: any thread; one mutex.
class ProducerManager {
 public:
  void registerProducer(const std::string& group, const ClientChannelInfo& client);
  void unregisterProducer(const std::string& group, const remoting::ChannelPtr& channel);
  void doChannelCloseEvent(const remoting::ChannelPtr& channel);
  // Drops connections without a heartbeat for `expiry_ms`; returns them.
  std::vector<remoting::ChannelPtr> scanNotActiveChannel(std::int64_t expiry_ms);
  // The connections of `group` ordered by client id; nullopt when the group
  // has none.
  std::optional<std::vector<ClientChannelInfo>> groupChannels(std::string_view group) const;
  // Client ids registered under `group`, sorted.
  std::vector<std::string> clientIds(std::string_view group) const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::unordered_map<std::uint64_t, ClientChannelInfo>, std::less<>>
      groups_;  // guarded by mu_
};

}  // namespace apogee::broker
