#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "broker/broker_config.h"
#include "broker/broker_context.h"
#include "common/service_thread.h"
#include "common/ordered_thread_pool.h"
#include "common/status.h"
#include "common/thread_pool.h"
#include "remoting/transport/connection.h"

namespace apogee::remoting {
class RemotingServer;
class RemotingClient;
}  // namespace apogee::remoting

namespace apogee::store {
class DefaultMessageStore;
}

namespace apogee::broker {

class TopicConfigManager;
class SubscriptionGroupManager;
class ConsumerOffsetManager;
class ConsumerManager;
class ProducerManager;
class RebalanceLockManager;
class PullRequestHoldService;
class PullMessageProcessor;
class BrokerOuterApi;
class ScheduleMessageService;

// One broker: the remoting server with every processor, the message store,
// the managers (topics, groups, offsets, clients, locks), long polling,
// delayed delivery, and registration with the name servers
// (docs/broker.md describes the requests, files and threads).
//
// Thread safety: start() and shutdown() from one owner thread; the
// accessors from any thread after start() returned OK. Lifetime: start() at
// most once; shutdown() (also run by the destructor) unregisters from the
// name servers, answers held pulls, closes connections, writes the config
// files and closes the store.
class BrokerController {
 public:
  explicit BrokerController(BrokerConfig config);
  ~BrokerController();

  BrokerController(const BrokerController&) = delete;
  BrokerController& operator=(const BrokerController&) = delete;

  Status start();
  void shutdown();

  // The bound port (the chosen one for listenPort 0); 0 before start().
  std::uint16_t port() const;
  // brokerIP1:port, the address registered with the name servers.
  const std::string& brokerAddr() const { return context_.brokerAddr; }
  const BrokerConfig& config() const { return context_.config; }
  // The request server (tests replace a processor to simulate a failure).
  remoting::RemotingServer& remotingServer() { return *server_; }

  // Registers with every name server now (also done periodically and on
  // topic changes). Returns the first failure, if any.
  Status registerBrokerAll();
  // How many registration rounds completed (tests).
  std::uint64_t registrationRounds() const { return registration_rounds_.load(); }

  // Writes consumer offsets, groups, topics and delay offsets now.
  void persistAll();

  TopicConfigManager& topicConfigManager() { return *topics_; }
  SubscriptionGroupManager& subscriptionGroupManager() { return *groups_; }
  ConsumerOffsetManager& consumerOffsetManager() { return *offsets_; }
  ConsumerManager& consumerManager() { return *consumers_; }
  ProducerManager& producerManager() { return *producers_; }
  PullRequestHoldService& pullRequestHoldService() { return *hold_; }
  store::DefaultMessageStore& messageStore() { return *store_; }

 private:
  void registerProcessors();
  void notifyConsumerIdsChanged(const std::string& group,
                                const std::vector<remoting::ChannelPtr>& channels);
  void scanInactiveClients();

  BrokerContext context_;
  std::unique_ptr<remoting::RemotingServer> server_;
  std::unique_ptr<remoting::RemotingClient> namesrv_client_;
  std::unique_ptr<BrokerOuterApi> outer_api_;
  std::unique_ptr<store::DefaultMessageStore> store_;
  std::unique_ptr<TopicConfigManager> topics_;
  std::unique_ptr<SubscriptionGroupManager> groups_;
  std::unique_ptr<ConsumerOffsetManager> offsets_;
  std::unique_ptr<ConsumerManager> consumers_;
  std::unique_ptr<ProducerManager> producers_;
  std::unique_ptr<RebalanceLockManager> locks_;
  std::unique_ptr<PullRequestHoldService> hold_;
  std::unique_ptr<ScheduleMessageService> schedule_;
  std::shared_ptr<PullMessageProcessor> pull_processor_;

  std::shared_ptr<OrderedThreadPool> send_pool_;
  std::shared_ptr<ThreadPool> pull_pool_;
  std::shared_ptr<ThreadPool> admin_pool_;
  std::shared_ptr<ThreadPool> client_pool_;

  ServiceThread registrar_{"BrokerRegistrar"};
  ServiceThread offset_flusher_{"ConsumerOffsetFlusher"};
  ServiceThread client_housekeeper_{"ClientHousekeeping"};
  std::atomic<std::uint64_t> registration_rounds_{0};
  std::mutex registration_mu_;  // one registration round at a time

  bool started_ = false;
  bool shut_down_ = false;
};

}  // namespace apogee::broker
