#include "broker/broker_controller.h"

#include <algorithm>

#include "broker/broker_outer_api.h"
#include "broker/consumer_manager.h"
#include "broker/consumer_offset_manager.h"
#include "broker/processors/client_manage_processor.h"
#include "broker/processors/connection_admin_processor.h"
#include "broker/processors/consume_stats_processor.h"
#include "broker/processors/consumer_manage_processor.h"
#include "broker/processors/offset_query_processor.h"
#include "broker/processors/pull_message_processor.h"
#include "broker/processors/query_message_processor.h"
#include "broker/processors/queue_lock_processor.h"
#include "broker/processors/reset_offset_processor.h"
#include "broker/processors/runtime_info_processor.h"
#include "broker/processors/send_message_back_processor.h"
#include "broker/processors/send_message_processor.h"
#include "broker/processors/subscription_group_admin_processor.h"
#include "broker/processors/topic_admin_processor.h"
#include "broker/producer_manager.h"
#include "broker/pull_request_hold_service.h"
#include "broker/rebalance_lock_manager.h"
#include "broker/schedule_message_service.h"
#include "broker/subscription_group_manager.h"
#include "broker/topic_config_manager.h"
#include "broker/topic_validator.h"
#include "common/logging.h"
#include "remoting/headers/heartbeat.h"
#include "remoting/request_code.h"
#include "remoting/transport/remoting_client.h"
#include "remoting/transport/remoting_server.h"
#include "store/default_message_store.h"

namespace apogee::broker {

namespace code = remoting::RequestCode;

namespace {

// What GET_BROKER_RUNTIME_INFO reports of a pool's queue.
template <typename Pool>
RuntimeInfoProcessor::Pool queueOf(const std::shared_ptr<Pool>& pool, std::size_t capacity) {
  return {[pool] { return pool->queuedTasks(); }, capacity};
}

}  // namespace

BrokerController::BrokerController(BrokerConfig config) { context_.config = std::move(config); }

BrokerController::~BrokerController() { shutdown(); }

std::uint16_t BrokerController::port() const { return server_ ? server_->port() : 0; }

Status BrokerController::start() {
  if (started_) return Status::InvalidArgument("broker already started");
  started_ = true;
  BrokerConfig& cfg = context_.config;
  auto levels = store::DelayLevels::parse(cfg.messageDelayLevel);
  if (!levels.ok()) return levels.status();
  context_.delayLevels = *levels;

  // The server binds first: its port is part of every stored record's store
  // host. It accepts connections only once the store runs and the
  // processors are registered (start() below), so no client is answered
  // "request type not supported" while the broker starts.
  remoting::ServerConfig server_config;
  server_config.host = cfg.listenHost;
  server_config.port = cfg.listenPort;
  server_config.io_threads = cfg.ioThreads;
  server_ = std::make_unique<remoting::RemotingServer>(server_config);
  server_->setConnectionEventHook(
      [this](remoting::ConnectionEvent event, const remoting::ChannelPtr& channel) {
        if (event != remoting::ConnectionEvent::kClose) return;
        if (consumers_) consumers_->doChannelCloseEvent(channel);
        if (producers_) producers_->doChannelCloseEvent(channel);
      });
  APOGEE_RETURN_IF_ERROR(server_->bind());
  context_.brokerAddr = cfg.brokerIP1 + ":" + std::to_string(server_->port());
  auto host = message::HostAddress::parse(context_.brokerAddr);
  if (!host.ok()) return host.status();
  context_.storeHost = *host;

  store::MessageStoreConfig store_config = cfg.store;
  store_config.storePathRootDir = cfg.storePathRootDir;
  store_config.maxMessageSize = cfg.maxMessageSize;
  store_config.storeHost = context_.storeHost;
  store_config.messageDelayLevel = cfg.messageDelayLevel;
  store_ = std::make_unique<store::DefaultMessageStore>(store_config);

  topics_ = std::make_unique<TopicConfigManager>(cfg, cfg.configDir() / "topics.json");
  groups_ = std::make_unique<SubscriptionGroupManager>(cfg, cfg.configDir() / "subscriptionGroup.json");
  offsets_ = std::make_unique<ConsumerOffsetManager>(cfg.configDir() / "consumerOffset.json");
  consumers_ = std::make_unique<ConsumerManager>();
  producers_ = std::make_unique<ProducerManager>();
  locks_ = std::make_unique<RebalanceLockManager>(cfg.rebalanceLockMaxLiveTime);
  schedule_ = std::make_unique<ScheduleMessageService>(*store_, context_.delayLevels,
                                                       cfg.configDir() / "delayOffset.json");
  consumers_->setChangeListener(
      [this](const std::string& group, const std::vector<remoting::ChannelPtr>& channels) {
        notifyConsumerIdsChanged(group, channels);
      });
  consumers_->setDepartureListener([this](const std::string& group, const std::string& client_id) {
    const std::size_t released = locks_->releaseClient(group, client_id);
    if (released > 0) {
      logger("broker")->info("released {} queue locks of {} in group {}: it left the group", released,
                      client_id, group);
    }
  });
  topics_->setChangeListener([this] { registrar_.wakeup(); });

  pull_pool_ = std::make_shared<ThreadPool>("BrokerPull", cfg.pullThreads);
  // One lane per thread, chosen by connection: a client's pipelined sends
  // are stored in the order it sent them.
  send_pool_ = std::make_shared<OrderedThreadPool>("BrokerSend", cfg.sendThreads, 10000);
  admin_pool_ = std::make_shared<ThreadPool>("BrokerAdmin", cfg.adminThreads, 10000);
  client_pool_ = std::make_shared<ThreadPool>("BrokerClient", 2, 10000);
  pull_processor_ = std::make_shared<PullMessageProcessor>(context_, pull_pool_);
  const auto hold_check = cfg.longPollingEnable ? cfg.holdCheckInterval : cfg.shortPollingTime;
  hold_ = std::make_unique<PullRequestHoldService>(
      [this](PullRequest r) { pull_processor_->executeRequestWhenWakeup(std::move(r)); },
      [this](std::string_view topic, std::int32_t queueId) {
        return store_->getMaxOffsetInQueue(topic, QueueId(queueId)).value();
      },
      hold_check);

  store_->addArrivalListener([this](const store::ArrivalNotice& n) {
    if (n.topic == kScheduleTopic) schedule_->onArrival();
    hold_->notifyMessageArriving(n.topic, n.queueId.value(), n.maxOffset.value(), n.tagsCode);
  });
  // The store takes the data directory's lock, so a second broker on the
  // same directory stops here, before it reads or rewrites config/.
  APOGEE_RETURN_IF_ERROR(store_->start());
  APOGEE_RETURN_IF_ERROR(topics_->load());
  APOGEE_RETURN_IF_ERROR(topics_->persist());
  APOGEE_RETURN_IF_ERROR(groups_->load());
  APOGEE_RETURN_IF_ERROR(offsets_->load());
  APOGEE_RETURN_IF_ERROR(schedule_->load());

  context_.store = store_.get();
  context_.topics = topics_.get();
  context_.groups = groups_.get();
  context_.offsets = offsets_.get();
  context_.consumers = consumers_.get();
  context_.producers = producers_.get();
  context_.locks = locks_.get();
  context_.hold = hold_.get();

  hold_->start();
  schedule_->start();
  registerProcessors();
  APOGEE_RETURN_IF_ERROR(server_->start());

  offset_flusher_.start([this](ServiceThread& self) {
    while (!self.stopping()) {
      self.waitForRunning(context_.config.flushConsumerOffsetInterval);
      if (self.stopping()) break;
      persistAll();
    }
  });
  client_housekeeper_.start([this](ServiceThread& self) {
    while (!self.stopping()) {
      self.waitForRunning(context_.config.clientScanInterval);
      if (self.stopping()) break;
      scanInactiveClients();
    }
  });

  namesrv_client_ = std::make_unique<remoting::RemotingClient>();
  APOGEE_RETURN_IF_ERROR(namesrv_client_->start());
  outer_api_ = std::make_unique<BrokerOuterApi>(cfg.namesrvAddr, *namesrv_client_,
                                                cfg.registerBrokerTimeout);
  if (!outer_api_->nameServers().empty()) {
    registerBrokerAll().ignoreError();  // logged; retried every period
    const auto period = std::clamp(cfg.registerNameServerPeriod, std::chrono::milliseconds(10000),
                                   std::chrono::milliseconds(60000));
    registrar_.start([this, period](ServiceThread& self) {
      while (!self.stopping()) {
        self.waitForRunning(period);
        if (self.stopping()) break;
        registerBrokerAll().ignoreError();
      }
    });
  }
  logger("broker")->info("broker {} serving at {}", cfg.brokerName, context_.brokerAddr);
  return Status::OK();
}

void BrokerController::registerProcessors() {
  auto send = std::make_shared<SendMessageProcessor>(context_);
  for (int c : {code::kSendMessage, code::kSendMessageV2, code::kSendBatchMessage}) {
    server_->registerProcessor(c, send, send_pool_);
  }
  server_->registerProcessor(code::kConsumerSendMsgBack,
                             std::make_shared<SendMessageBackProcessor>(context_), send_pool_);
  server_->registerProcessor(code::kPullMessage, pull_processor_, pull_pool_);
  auto consumer_manage = std::make_shared<ConsumerManageProcessor>(context_);
  for (int c : {code::kQueryConsumerOffset, code::kUpdateConsumerOffset, code::kGetConsumerListByGroup}) {
    server_->registerProcessor(c, consumer_manage, admin_pool_);
  }
  auto client_manage = std::make_shared<ClientManageProcessor>(context_);
  for (int c : {code::kHeartBeat, code::kUnregisterClient}) {
    server_->registerProcessor(c, client_manage, client_pool_);
  }
  auto offsets = std::make_shared<OffsetQueryProcessor>(context_);
  for (int c : {code::kSearchOffsetByTimestamp, code::kGetMaxOffset, code::kGetMinOffset,
                code::kGetEarliestMsgStoretime}) {
    server_->registerProcessor(c, offsets, admin_pool_);
  }
  auto topics = std::make_shared<TopicAdminProcessor>(context_);
  for (int c : {code::kUpdateAndCreateTopic, code::kDeleteTopicInBroker, code::kGetAllTopicConfig}) {
    server_->registerProcessor(c, topics, admin_pool_);
  }
  auto locks = std::make_shared<QueueLockProcessor>(context_);
  for (int c : {code::kLockBatchMq, code::kUnlockBatchMq}) {
    server_->registerProcessor(c, locks, admin_pool_);
  }
  auto query = std::make_shared<QueryMessageProcessor>(context_);
  for (int c : {code::kViewMessageById, code::kQueryMessage}) {
    server_->registerProcessor(c, query, admin_pool_);
  }
  auto groups = std::make_shared<SubscriptionGroupAdminProcessor>(context_);
  for (int c : {code::kUpdateAndCreateSubscriptionGroup, code::kGetAllSubscriptionGroupConfig,
                code::kDeleteSubscriptionGroup}) {
    server_->registerProcessor(c, groups, admin_pool_);
  }
  auto stats = std::make_shared<ConsumeStatsProcessor>(context_);
  for (int c : {code::kGetTopicStatsInfo, code::kGetConsumeStats, code::kQueryTopicConsumeByWho}) {
    server_->registerProcessor(c, stats, admin_pool_);
  }
  auto connections = std::make_shared<ConnectionAdminProcessor>(context_);
  for (int c : {code::kGetConsumerConnectionList, code::kGetProducerConnectionList,
                code::kGetConsumerRunningInfo, code::kConsumeMessageDirectly}) {
    server_->registerProcessor(c, connections, admin_pool_);
  }
  server_->registerProcessor(code::kInvokeBrokerToResetOffset,
                             std::make_shared<ResetOffsetProcessor>(context_), admin_pool_);
  auto runtime = std::make_shared<RuntimeInfoProcessor>(
      context_, RuntimeInfoProcessor::Sources{store_.get(), schedule_.get(),
                                              queueOf(send_pool_, 10000), queueOf(pull_pool_, 0),
                                              queueOf(admin_pool_, 10000)});
  for (int c : {code::kGetBrokerRuntimeInfo, code::kGetBrokerConfig}) {
    server_->registerProcessor(c, runtime, admin_pool_);
  }
}

Status BrokerController::registerBrokerAll() {
  if (!outer_api_ || outer_api_->nameServers().empty()) return Status::OK();
  std::lock_guard lock(registration_mu_);
  const BrokerConfig& cfg = context_.config;
  BrokerIdentity id;
  id.clusterName = cfg.brokerClusterName;
  id.brokerName = cfg.brokerName;
  id.brokerAddr = context_.brokerAddr;
  id.haServerAddr = cfg.brokerIP1 + ":" + std::to_string(server_->port() + 1);
  id.brokerId = cfg.brokerId;
  remoting::RegisterBrokerBody body;
  body.topicConfigSerializeWrapper = topics_->snapshot();
  // A broker without write (or read) permission advertises it on every topic.
  if (!remoting::isWriteable(cfg.brokerPermission) || !remoting::isReadable(cfg.brokerPermission)) {
    for (auto& [name, tc] : body.topicConfigSerializeWrapper.topicConfigTable) {
      tc.perm &= cfg.brokerPermission;
    }
  }
  Status first;
  for (auto& s : outer_api_->registerBrokerAll(id, body)) {
    if (!s.ok() && first.ok()) first = s;
  }
  registration_rounds_.fetch_add(1);
  return first;
}

void BrokerController::notifyConsumerIdsChanged(const std::string& group,
                                                const std::vector<remoting::ChannelPtr>& channels) {
  remoting::NotifyConsumerIdsChangedRequestHeader header;
  header.consumerGroup = group;
  for (const auto& channel : channels) {
    auto request = remoting::RemotingCommand::createRequest(code::kNotifyConsumerIdsChanged,
                                                            remoting::toExtFields(header));
    request.markOneway();
    Status s = channel->invokeOneway(std::move(request));
    if (!s.ok()) logger("broker")->debug("notify {} of group {}: {}", channel->remoteAddress(), group, s.toString());
  }
}

void BrokerController::scanInactiveClients() {
  const std::int64_t expiry = context_.config.channelExpiredTimeout.count();
  auto expired = consumers_->scanNotActiveChannel(expiry);
  auto producers = producers_->scanNotActiveChannel(expiry);
  expired.insert(expired.end(), producers.begin(), producers.end());
  for (const auto& channel : expired) {
    logger("broker")->info("closing client connection {}: no heartbeat for {} ms",
                           channel->remoteAddress(), expiry);
    channel->close(Status::Aborted("client heartbeat expired"));
  }
}

void BrokerController::persistAll() {
  if (offsets_) {
    Status s = offsets_->persist();
    if (!s.ok()) logger("broker")->error("persisting consumer offsets: {}", s.toString());
  }
  if (schedule_) {
    Status s = schedule_->persist();
    if (!s.ok()) logger("broker")->error("persisting delay offsets: {}", s.toString());
  }
}

void BrokerController::shutdown() {
  if (!started_ || shut_down_) return;
  shut_down_ = true;
  registrar_.stop();
  if (outer_api_ && !outer_api_->nameServers().empty() && !context_.brokerAddr.empty()) {
    BrokerIdentity id{context_.config.brokerClusterName, context_.config.brokerName,
                      context_.brokerAddr, "", context_.config.brokerId};
    outer_api_->unregisterBrokerAll(id);
  }
  // Held pulls are answered while the connections are still open.
  if (hold_) hold_->shutdown();
  if (pull_pool_) pull_pool_->shutdown();
  if (server_) server_->shutdown();
  if (send_pool_) send_pool_->shutdown();
  for (auto& pool : {admin_pool_, client_pool_}) {
    if (pool) pool->shutdown();
  }
  offset_flusher_.stop();
  client_housekeeper_.stop();
  if (schedule_) schedule_->shutdown();
  if (namesrv_client_) namesrv_client_->shutdown();
  if (store_ && context_.store) {
    persistAll();
    if (groups_) groups_->persist().ignoreError();
    if (topics_) topics_->persist().ignoreError();
  }
  if (store_) store_->shutdown();
}

}  // namespace apogee::broker
