#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "broker/client_channel_info.h"
#include "remoting/body/heartbeat.h"

namespace apogee::broker {

// What the broker knows of one consumer group: its live connections and the
// union of their subscriptions (RocketMQ's ConsumerGroupInfo).
struct ConsumerGroupInfo {
  std::string groupName;
  std::unordered_map<std::uint64_t, ClientChannelInfo> channels;  // by connection id
  std::map<std::string, remoting::SubscriptionData> subscriptionTable;  // by topic
  remoting::ConsumeType consumeType = remoting::ConsumeType::CONSUME_PASSIVELY;
  remoting::MessageModel messageModel = remoting::MessageModel::CLUSTERING;
  remoting::ConsumeFromWhere consumeFromWhere = remoting::ConsumeFromWhere::CONSUME_FROM_LAST_OFFSET;

  // Client ids of the live connections, sorted.
  std::vector<std::string> allClientIds() const;
};

// Consumer groups and their connections (RocketMQ's ConsumerManager).
//
// When a group's set of connections or subscribed topics changes, the
// listener gets the group and its remaining channels, after the lock is
// released (the broker sends NOTIFY_CONSUMER_IDS_CHANGED to each).
// Thread safety: any thread; one mutex, never held while calling out.
class ConsumerManager {
 public:
  using ChangeListener =
      std::function<void(const std::string& group, const std::vector<remoting::ChannelPtr>&)>;

  // A client id that has no connection left in a group (closed,
  // unregistered or expired); called before the group's change notice, so
  // what it releases (queue locks) is free when the others rebalance.
  using DepartureListener = std::function<void(const std::string& group, const std::string& clientId)>;

  // Before use.
  void setChangeListener(ChangeListener listener) { listener_ = std::move(listener); }
  void setDepartureListener(DepartureListener listener) { departure_ = std::move(listener); }

  // HEART_BEAT of one consumer group from one connection; returns whether
  // membership or subscriptions changed. Notifies when they did and `notify`.
  bool registerConsumer(const std::string& group, const ClientChannelInfo& client,
                        const remoting::ConsumerData& data, bool notify);
  // UNREGISTER_CLIENT: drops the connection from the group.
  void unregisterConsumer(const std::string& group, const remoting::ChannelPtr& channel,
                          bool notify);
  // The connection closed: drops it from every group.
  void doChannelCloseEvent(const remoting::ChannelPtr& channel);
  // Drops connections without a heartbeat for `expiry_ms`; returns them so
  // the caller can close them.
  std::vector<remoting::ChannelPtr> scanNotActiveChannel(std::int64_t expiry_ms);

  std::optional<ConsumerGroupInfo> getConsumerGroupInfo(std::string_view group) const;
  // A copy of the group's subscription of `topic`.
  std::optional<remoting::SubscriptionData> findSubscriptionData(std::string_view group,
                                                                 std::string_view topic) const;
  // The live connection of `group` whose client id is `clientId`.
  std::optional<ClientChannelInfo> findChannel(std::string_view group,
                                               std::string_view clientId) const;
  // Groups with a subscription to `topic`.
  std::vector<std::string> queryTopicConsumeByWho(std::string_view topic) const;

 private:
  struct Departure {
    std::string group;
    std::string clientId;
  };
  void notifyChanged(const std::string& group, std::vector<remoting::ChannelPtr> channels);
  void notifyDeparted(const std::vector<Departure>& departed);
  // `clientId` left `info` when none of its remaining channels has it.
  static void noteIfDeparted(const ConsumerGroupInfo& info, const std::string& clientId,
                             std::vector<Departure>& departed);
  static std::vector<remoting::ChannelPtr> channelsOf(const ConsumerGroupInfo& info);

  ChangeListener listener_;
  DepartureListener departure_;
  mutable std::mutex mu_;
  std::map<std::string, ConsumerGroupInfo, std::less<>> groups_;  // guarded by mu_
};

}  // namespace apogee::broker
