#include "namesrv/name_server.h"

#include <memory>
#include <utility>

#include "common/logging.h"
#include "namesrv/broker_processor.h"
#include "namesrv/kv_config_processor.h"
#include "namesrv/route_processor.h"

namespace apogee::namesrv {

namespace {

remoting::ServerConfig serverConfigOf(const NameServerConfig& config) {
  remoting::ServerConfig server;
  server.host = config.listen_host;
  server.port = config.listen_port;
  server.io_threads = config.io_threads;
  server.connection.idle_timeout = config.idle_timeout;
  server.executors.default_processor_threads = config.processor_threads;
  return server;
}

template <typename Processor>
void registerAll(remoting::RemotingServer& server, const std::shared_ptr<Processor>& processor) {
  for (int code : Processor::kRequestCodes) server.registerProcessor(code, processor);
}

}  // namespace

NameServer::NameServer(NameServerConfig config)
    : config_(std::move(config)),
      routes_(config_.broker_expiry),
      kv_(config_.kv_config_path),
      housekeeping_(routes_, config_.scan_initial_delay, config_.scan_interval),
      server_(std::make_unique<remoting::RemotingServer>(serverConfigOf(config_))) {
  registerAll(*server_, std::make_shared<BrokerProcessor>(routes_, kv_));
  registerAll(*server_, std::make_shared<RouteProcessor>(routes_, kv_, config_.order_message_enable));
  registerAll(*server_, std::make_shared<KVConfigProcessor>(kv_));
  server_->setConnectionEventHook(
      [this](remoting::ConnectionEvent event, const remoting::ChannelPtr& channel) {
        housekeeping_.onConnectionEvent(event, channel);
      });
}

NameServer::~NameServer() { shutdown(); }

Status NameServer::start() {
  APOGEE_RETURN_IF_ERROR(kv_.load());
  APOGEE_RETURN_IF_ERROR(server_->start());
  housekeeping_.start();
  logger("namesrv")->info("name server listening on {}:{} (broker expiry {} ms, scan every {} ms)",
                          config_.listen_host, server_->port(), config_.broker_expiry.count(),
                          config_.scan_interval.count());
  return Status::OK();
}

void NameServer::shutdown() {
  std::call_once(shutdown_once_, [this] {
    // The server first: after it returns no processor or hook runs, so the
    // tables are no longer touched from its threads.
    server_->shutdown();
    housekeeping_.stop();
  });
}

}  // namespace apogee::namesrv
