#include "client/mq_client_instance.h"

#include <algorithm>
#include <set>

#include "client/client_constants.h"
#include "client/client_error.h"
#include "client/producer/default_mq_producer_impl.h"
#include "client/topic_publish_info.h"
#include "common/logging.h"
#include "remoting/response_code.h"

namespace apogee::client {
namespace {

using Clock = RouteWatchList::Clock;

remoting::MessageModel toWire(MessageModel m) {
  return m == MessageModel::BROADCASTING ? remoting::MessageModel::BROADCASTING
                                         : remoting::MessageModel::CLUSTERING;
}

remoting::ConsumeFromWhere toWire(ConsumeFromWhere w) {
  // Same enumerators in the same order.
  return static_cast<remoting::ConsumeFromWhere>(static_cast<int>(w));
}

}  // namespace

MQClientInstance::MQClientInstance(ClientConfig config, std::string clientId)
    : config_(std::move(config)),
      client_id_(std::move(clientId)),
      api_(std::make_unique<MQClientAPIImpl>(config_)),
      scheduler_("client-scheduler " + client_id_),
      cache_budget_(std::make_shared<CacheBudget>(config_.getCacheBudgetBytes())) {
  processor_ = ClientRemotingProcessor::install(api_->remotingClient());
  processor_->setHooks(BrokerRequestHooks{
      .onConsumerIdsChanged = [this](const std::string&) { rebalanceImmediately(); },
      .consumerRunningInfo = [this](const std::string& group,
                                    bool jstack) -> std::optional<std::string> {
        auto consumer = selectConsumer(group);
        if (!consumer) return std::nullopt;
        return consumer->consumerRunningInfo(jstack);
      },
      .consumeMessageDirectly = [this](const std::string& group, const MessageExt& msg,
                                       const std::string& brokerName)
          -> std::optional<std::string> {
        auto consumer = selectConsumer(group);
        if (!consumer) return std::nullopt;
        return consumer->consumeMessageDirectly(msg, brokerName);
      },
      .resetOffset =
          [this](const std::string& topic, const std::string& group,
                 const std::map<MessageQueue, std::int64_t>& offsets) {
            if (auto consumer = selectConsumer(group)) consumer->resetOffset(topic, offsets);
          },
  });
  scheduler_.schedule("updateRoutes", std::chrono::milliseconds(10),
                      config_.getPollNameServerInterval(),
                      [this] { updateTopicRouteInfoFromNameServer(); });
  scheduler_.schedule("heartbeat", std::chrono::seconds(1), config_.getHeartbeatBrokerInterval(),
                      [this] {
                        cleanOfflineBroker();
                        sendHeartbeatToAllBrokers();
                      });
  // RocketMQ waits 10 s before the first commit; a shorter interval (tests)
  // starts sooner.
  scheduler_.schedule("persistOffsets",
                      std::min<std::chrono::milliseconds>(
                          std::chrono::seconds(10), config_.getPersistConsumerOffsetInterval()),
                      config_.getPersistConsumerOffsetInterval(),
                      [this] { persistAllConsumerOffset(); });
  scheduler_.schedule("rebalance", kRebalanceInterval, kRebalanceInterval,
                      [this] { doRebalance(); });
  scheduler_.schedule("brokerProbe", kBrokerProbeInterval, kBrokerProbeInterval,
                      [this] { probeBrokers(); });
  scheduler_.schedule("routeWatch", kRouteWatchInterval, kRouteWatchInterval,
                      [this] { refreshWatchedRoutes(); });
  // StatsItemSet's samplers: one-minute rates from 10 s samples, one-hour
  // sums from 10 min samples.
  scheduler_.schedule("statsMinute", std::chrono::seconds(10), std::chrono::seconds(10),
                      [this] { consumer_stats_.sampleMinute(); });
  scheduler_.schedule("statsHour", std::chrono::minutes(10), std::chrono::minutes(10),
                      [this] { consumer_stats_.sampleHour(); });
}

MQClientInstance::~MQClientInstance() {
  scheduler_.shutdown();
  if (inner_producer_) inner_producer_->shutdownInner();
  shutdownExecutors();
  api_->shutdown();
}

Status MQClientInstance::start() {
  std::lock_guard lock(mutex_);
  if (state_ == State::kRunning) return Status::OK();
  if (state_ == State::kShutdown) {
    return Status::InvalidArgument("The Factory object[" + client_id_ + "] has been shutdown");
  }
  APOGEE_RETURN_IF_ERROR(api_->start());
  scheduler_.start();
  state_ = State::kRunning;
  return Status::OK();
}

bool MQClientInstance::isRunning() const {
  std::lock_guard lock(mutex_);
  return state_ == State::kRunning;
}

void MQClientInstance::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (!consumer_table_.empty() || !producer_table_.empty()) return;
    if (state_ == State::kShutdown) return;
    const bool was_running = state_ == State::kRunning;
    state_ = State::kShutdown;
    if (!was_running) {
      MQClientManager::getInstance().removeClientFactory(client_id_);
      return;
    }
  }
  scheduler_.shutdown();
  std::shared_ptr<DefaultMQProducerImpl> inner;
  {
    std::lock_guard lock(mutex_);
    inner = std::move(inner_producer_);
  }
  if (inner) inner->shutdownInner();
  shutdownExecutors();
  // RocketMQ's instance owns an inner producer, which leaves the brokers last.
  unregisterClient(std::string(kClientInnerProducerGroup), {});
  api_->shutdown();
  MQClientManager::getInstance().removeClientFactory(client_id_);
}

std::shared_ptr<LaneExecutor> MQClientInstance::consumeExecutor(std::size_t minWorkers) {
  std::lock_guard lock(executors_mutex_);
  if (!consume_executor_) {
    consume_executor_ = std::make_shared<LaneExecutor>("consume", minWorkers, true);
  } else {
    consume_executor_->ensureWorkers(minWorkers);
  }
  return consume_executor_;
}

std::shared_ptr<LaneExecutor> MQClientInstance::pullExecutor() {
  std::lock_guard lock(executors_mutex_);
  if (!pull_executor_) pull_executor_ = std::make_shared<LaneExecutor>("pull", 1, false);
  return pull_executor_;
}

void MQClientInstance::shutdownExecutors() {
  std::shared_ptr<LaneExecutor> consume;
  std::shared_ptr<LaneExecutor> pull;
  {
    std::lock_guard lock(executors_mutex_);
    consume = std::move(consume_executor_);
    pull = std::move(pull_executor_);
  }
  if (pull) pull->shutdown();
  if (consume) consume->shutdown();
}

Status MQClientInstance::registerProducer(const std::string& group,
                                          std::shared_ptr<MQProducerInner> producer) {
  std::lock_guard lock(mutex_);
  if (!producer_table_.emplace(group, std::move(producer)).second) {
    return Status::InvalidArgument("The producer group[" + group +
                                   "] has been created before, specify another name please.");
  }
  return Status::OK();
}

void MQClientInstance::unregisterProducer(const std::string& group) {
  {
    std::lock_guard lock(mutex_);
    if (producer_table_.erase(group) == 0) return;
  }
  unregisterClient(group, {});
}

Status MQClientInstance::registerConsumer(const std::string& group,
                                          std::shared_ptr<MQConsumerInner> consumer) {
  std::lock_guard lock(mutex_);
  if (!consumer_table_.emplace(group, std::move(consumer)).second) {
    return Status::InvalidArgument("The consumer group[" + group +
                                   "] has been created before, specify another name please.");
  }
  return Status::OK();
}

void MQClientInstance::unregisterConsumer(const std::string& group) {
  {
    std::lock_guard lock(mutex_);
    if (consumer_table_.erase(group) == 0) return;
  }
  unregisterClient({}, group);
}

std::shared_ptr<MQConsumerInner> MQClientInstance::selectConsumer(const std::string& group) const {
  std::lock_guard lock(mutex_);
  auto it = consumer_table_.find(group);
  return it == consumer_table_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<MQProducerInner>> MQClientInstance::producers() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<MQProducerInner>> out;
  for (const auto& [group, p] : producer_table_) out.push_back(p);
  if (inner_producer_) out.push_back(inner_producer_);
  return out;
}

std::shared_ptr<DefaultMQProducerImpl> MQClientInstance::innerProducer() {
  std::lock_guard lock(mutex_);
  if (state_ != State::kRunning) return nullptr;
  if (!inner_producer_) {
    DefaultMQProducer config{std::string(kClientInnerProducerGroup)};
    static_cast<ClientConfig&>(config) = config_;  // RocketMQ's resetClientConfig
    config.setNamespace({});
    auto producer = std::make_shared<DefaultMQProducerImpl>();
    // Not owning: the instance owns the producer and stops it before it
    // goes away.
    producer->startInner(config, std::shared_ptr<MQClientInstance>(std::shared_ptr<void>(), this));
    inner_producer_ = std::move(producer);
  }
  return inner_producer_;
}

std::vector<std::shared_ptr<MQConsumerInner>> MQClientInstance::consumers() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<MQConsumerInner>> out;
  for (const auto& [group, c] : consumer_table_) out.push_back(c);
  return out;
}

void MQClientInstance::unregisterClient(const std::string& producerGroup,
                                        const std::string& consumerGroup) {
  for (const auto& addr : route_table_.allAddresses()) {
    Status s = api_->unregisterClient(addr, client_id_, producerGroup, consumerGroup,
                                      config_.getMqClientApiTimeout());
    if (!s.ok())
      logger("client")->warn("unregister client {} from {} failed: {}", client_id_, addr,
                             s.toString());
  }
}

Status MQClientInstance::updateTopicRouteInfoFromNameServer(const std::string& topic,
                                                            bool isDefault,
                                                            int defaultTopicQueueNums) {
  std::lock_guard update_lock(route_update_mutex_);
  const auto timeout = config_.getMqClientApiTimeout();
  auto route = api_->getTopicRouteInfoFromNameServer(
      isDefault ? std::string(kAutoCreateTopicKeyTopic) : topic, timeout);
  std::optional<remoting::TopicRouteData> old;
  if (!isDefault) old = route_table_.route(topic);
  if (!route.ok()) {
    // The name server forgot the topic (its brokers unregistered or
    // expired). The old route stays, as in RocketMQ: the broker may come
    // back at the same address. Ask again every second meanwhile.
    if (old && responseCodeOf(route.status()) == remoting::ResponseCode::kTopicNotExist) {
      route_watch_.watch(topic, RouteWatchList::brokersOf(*old), true, Clock::now());
    }
    return route.status();
  }
  bool returned = false;
  if (isDefault) {
    for (auto& qd : route->queueDatas) {
      const int nums = std::min(defaultTopicQueueNums, qd.readQueueNums);
      qd.readQueueNums = nums;
      qd.writeQueueNums = nums;
    }
  } else {
    // A broker left the topic's route (stopped, or expired by the name
    // server): watch for its return.
    if (old) {
      const auto before = RouteWatchList::brokersOf(*old);
      const auto after = RouteWatchList::brokersOf(*route);
      if (!std::includes(after.begin(), after.end(), before.begin(), before.end())) {
        route_watch_.watch(topic, before, true, Clock::now());
      }
    }
    returned = route_watch_.settle(topic, *route);
  }
  bool changed = route_table_.update(topic, *route);
  if (returned) {
    // A restarted broker has forgotten our groups and queue locks:
    // heartbeat, then rebalance (which renews the locks), in that order
    // (the scheduler runs what was asked for first first), before pulls
    // reach it and are answered "group info not exist".
    logger("client")->info("route of {} is complete again", topic);
    heartbeatImmediately();
    rebalanceImmediately();
  }
  const auto producer_list = producers();
  const auto consumer_list = consumers();
  if (!changed) {
    // Like RocketMQ's isNeedUpdateTopicRouteInfo: a client that lost or
    // never had the info gets it even when the route is the same.
    for (const auto& p : producer_list) changed = changed || p->isPublishTopicNeedUpdate(topic);
    for (const auto& c : consumer_list) changed = changed || c->isSubscribeTopicNeedUpdate(topic);
  }
  if (!changed) return Status::OK();
  if (!producer_list.empty()) {
    auto info = toTopicPublishInfo(topic, *route);
    for (const auto& p : producer_list) p->updateTopicPublishInfo(topic, info);
  }
  if (!consumer_list.empty()) {
    const auto queues = toTopicSubscribeInfo(topic, *route);
    for (const auto& c : consumer_list) c->updateTopicSubscribeInfo(topic, queues);
  }
  return Status::OK();
}

std::set<std::string> MQClientInstance::topicsInUse() const {
  std::set<std::string> topics;
  for (const auto& p : producers()) {
    for (auto& t : p->getPublishTopicList()) topics.insert(std::move(t));
  }
  for (const auto& c : consumers()) {
    for (auto& sub : c->subscriptions()) topics.insert(std::move(sub.topic));
  }
  return topics;
}

void MQClientInstance::updateTopicRouteInfoFromNameServer() {
  for (const auto& topic : topicsInUse()) {
    Status s = updateTopicRouteInfoFromNameServer(topic);
    if (!s.ok()) logger("client")->debug("route refresh of {} failed: {}", topic, s.toString());
  }
}

void MQClientInstance::checkRouteSoon(const std::string& topic) {
  auto current = route_table_.route(topic);
  route_watch_.watch(topic, current ? RouteWatchList::brokersOf(*current) : std::set<std::string>{},
                     false, Clock::now());
}

void MQClientInstance::brokerUnreachable(const std::string& brokerName) {
  std::lock_guard lock(outage_mutex_);
  unreachable_brokers_.insert(brokerName);
}

void MQClientInstance::probeBrokers() {
  std::set<std::string> connected;
  std::vector<std::pair<std::string, std::string>> probes;  // name, address
  {
    std::lock_guard lock(outage_mutex_);
    connected.swap(connected_brokers_);
    for (auto it = unreachable_brokers_.begin(); it != unreachable_brokers_.end();) {
      auto found = route_table_.findBrokerAddressInAdmin(*it);
      if (!found) {
        // No route names it any more: the route watch notices its return.
        it = unreachable_brokers_.erase(it);
        continue;
      }
      probes.emplace_back(*it, found->brokerAddr);
      ++it;
    }
  }
  // Brokers that accept connections again: back once they answer a
  // heartbeat. One still starting answers "request type not supported"
  // (or nothing): probed again. Any other answer counts as back, so that a
  // broker refusing our heartbeat for good is not asked 4 times a second.
  bool back = false;
  if (!connected.empty()) {
    std::lock_guard heartbeat_lock(heartbeat_mutex_);
    const remoting::HeartbeatData data = prepareHeartbeatData();
    for (const auto& name : connected) {
      auto found = route_table_.findBrokerAddressInAdmin(name);
      if (!found) continue;
      auto version = api_->sendHeartbeat(found->brokerAddr, data, config_.getMqClientApiTimeout());
      const auto code = version.ok() ? std::nullopt : responseCodeOf(version.status());
      if (!version.ok() && (!code || *code == remoting::ResponseCode::kRequestCodeNotSupported)) {
        logger("client")->info("broker {} at {} accepts connections but not the heartbeat yet: {}",
                               name, found->brokerAddr, version.status().toString());
        brokerUnreachable(name);
        continue;
      }
      logger("client")->info("broker {} at {} answers again{}", name, found->brokerAddr,
                             version.ok() ? "" : " (heartbeat refused: " +
                                                     version.status().toString() + ")");
      back = true;
    }
  }
  // Renews the queue locks the broker forgot and takes on queues again.
  if (back) doRebalance();
  for (const auto& [name, addr] : probes) {
    // Runs on an I/O thread, which api_->shutdown() joins before `this`
    // dies, or here when the connection is open already.
    api_->remotingClient().connectAsync(addr, [this, name](Status s) {
      if (!s.ok()) return;
      std::lock_guard lock(outage_mutex_);
      if (unreachable_brokers_.erase(name) > 0) connected_brokers_.insert(name);
    });
  }
}

void MQClientInstance::refreshWatchedRoutes() {
  const auto watched = route_watch_.due(Clock::now(), kRouteWatchWindow);
  if (watched.empty()) return;
  const auto used = topicsInUse();
  for (const auto& topic : watched) {
    if (!used.contains(topic)) {
      route_watch_.forget(topic);
      continue;
    }
    Status s = updateTopicRouteInfoFromNameServer(topic);
    if (s.ok()) continue;
    if (responseCodeOf(s) == remoting::ResponseCode::kTopicNotExist) {
      logger("client")->debug("route of {}: not found", topic);
    } else {
      logger("client")->debug("route of {}: {}", topic, s.toString());
    }
  }
}

Result<std::vector<std::string>> MQClientInstance::findConsumerIdList(const std::string& topic,
                                                                      const std::string& group) {
  std::string addr = route_table_.findBrokerAddrByTopic(topic);
  if (addr.empty()) {
    updateTopicRouteInfoFromNameServer(topic).ignoreError();
    addr = route_table_.findBrokerAddrByTopic(topic);
  }
  if (addr.empty()) return Status::NotFound("no broker serves topic " + topic);
  return api_->getConsumerIdListByGroup(addr, group, config_.getMqClientApiTimeout());
}

remoting::HeartbeatData MQClientInstance::prepareHeartbeatData() const {
  remoting::HeartbeatData data;
  data.clientID = client_id_;
  std::vector<std::shared_ptr<MQConsumerInner>> consumer_list;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [group, p] : producer_table_) data.producerDataSet.push_back({group});
    for (const auto& [group, c] : consumer_table_) consumer_list.push_back(c);
  }
  data.producerDataSet.push_back({std::string(kClientInnerProducerGroup)});
  for (const auto& c : consumer_list) {
    remoting::ConsumerData cd;
    cd.groupName = c->groupName();
    cd.consumeType = c->consumeType();
    cd.messageModel = toWire(c->messageModel());
    cd.consumeFromWhere = toWire(c->consumeFromWhere());
    cd.subscriptionDataSet = c->subscriptions();
    cd.unitMode = c->isUnitMode();
    data.consumerDataSet.push_back(std::move(cd));
  }
  return data;
}

void MQClientInstance::sendHeartbeatToAllBrokers() {
  std::lock_guard heartbeat_lock(heartbeat_mutex_);
  const remoting::HeartbeatData data = prepareHeartbeatData();
  // Only the inner producer: nothing to announce.
  if (data.consumerDataSet.empty() && data.producerDataSet.size() <= 1) return;
  const auto addrs =
      data.consumerDataSet.empty() ? route_table_.masterAddresses() : route_table_.allAddresses();
  for (const auto& addr : addrs) {
    auto version = api_->sendHeartbeat(addr, data, config_.getMqClientApiTimeout());
    if (!version.ok()) {
      logger("client")->info("heartbeat to {} failed: {}", addr, version.status().toString());
      const std::string name = route_table_.brokerNameOf(addr);
      if (!responseCodeOf(version.status()) && !name.empty()) brokerUnreachable(name);
    }
  }
}

void MQClientInstance::persistAllConsumerOffset() {
  for (const auto& c : consumers()) c->persistConsumerOffset();
}

void MQClientInstance::doRebalance() {
  for (const auto& c : consumers()) c->doRebalance();
}

void MQClientInstance::cleanOfflineBroker() {
  for (const auto& addr : route_table_.cleanOfflineBrokers()) {
    logger("client")->info("broker {} is offline (no route names it)", addr);
  }
}

MQClientManager& MQClientManager::getInstance() {
  static MQClientManager manager;
  return manager;
}

std::shared_ptr<MQClientInstance> MQClientManager::getOrCreateMQClientInstance(
    const ClientConfig& config) {
  const std::string id = config.buildMQClientId();
  std::lock_guard lock(mutex_);
  auto& slot = table_[id];
  if (!slot) slot = std::make_shared<MQClientInstance>(config, id);
  return slot;
}

void MQClientManager::removeClientFactory(const std::string& clientId) {
  std::shared_ptr<MQClientInstance> removed;  // destroyed outside the lock
  std::lock_guard lock(mutex_);
  auto it = table_.find(clientId);
  if (it == table_.end()) return;
  removed = std::move(it->second);
  table_.erase(it);
}

std::size_t MQClientManager::size() const {
  std::lock_guard lock(mutex_);
  return table_.size();
}

}  // namespace apogee::client
