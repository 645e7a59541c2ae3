// `apogee dev`: a name server and a broker in one process, for development.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "broker/broker_config_loader.h"
#include "broker/broker_controller.h"
#include "commands.h"
#include "common/logging.h"
#include "namesrv/name_server.h"
#include "server_support.h"

namespace apogee::tool {
namespace {

struct DevOptions {
  std::string config_file;
  std::string host = "127.0.0.1";
  CLI::Option* host_option = nullptr;
  std::uint16_t namesrv_port = 9876;
  KeyFlags broker_flags;  // --broker-port, --data-dir
};

// The broker's defaults in dev, before the config file and the flags.
broker::BrokerConfig devBrokerDefaults() {
  broker::BrokerConfig config;
  config.listenHost = "127.0.0.1";
  config.brokerIP1 = "127.0.0.1";
  config.listenPort = 10911;
  config.storePathRootDir = "apogee-data";
  config.autoCreateTopicEnable = true;
  return config;
}

// The broker registered at start; this confirms the name server has it (and
// registers once more if that first round failed).
Status confirmRegistration(broker::BrokerController& broker, namesrv::NameServer& server) {
  auto registered = [&] {
    for (const auto& addr : server.routeInfoManager().liveBrokerAddrs()) {
      if (addr == broker.brokerAddr()) return true;
    }
    return false;
  };
  if (registered()) return Status::OK();
  APOGEE_RETURN_IF_ERROR(broker.registerBrokerAll());
  if (registered()) return Status::OK();
  return Status::Internal("the broker " + broker.brokerAddr() +
                          " did not register with the in-process name server");
}

int runDev(const DevOptions& options) {
  blockTerminationSignals();
  broker::BrokerConfig config = devBrokerDefaults();
  if (Status s =
          options.broker_flags.apply(broker::brokerConfigBinder(config), options.config_file);
      !s.ok()) {
    printStartupError("dev", s);
    return kExitConfigError;
  }
  if (options.host_option->count() > 0) {
    config.listenHost = options.host;
    config.brokerIP1 = connectHost(options.host);
  }
  config.storePathRootDir = displayPath(config.storePathRootDir);
  const std::filesystem::path namesrv_dir = config.storePathRootDir / "namesrv";
  for (const auto& dir : {config.storePathRootDir, namesrv_dir}) {
    if (Status s = prepareDataDir(dir); !s.ok()) {
      printStartupError("dev", s);
      return kExitStartupError;
    }
  }

  namesrv::NameServerConfig namesrv_config;
  namesrv_config.listen_host = options.host;
  namesrv_config.listen_port = options.namesrv_port;
  namesrv_config.kv_config_path = (namesrv_dir / "kvConfig.json").string();
  namesrv::NameServer name_server(namesrv_config);
  if (Status s = name_server.start(); !s.ok()) {
    printStartupError("dev", s);
    return kExitStartupError;
  }
  const std::string namesrv_addr =
      connectHost(options.host) + ":" + std::to_string(name_server.port());
  // The in-process name server is the one the broker registers with.
  config.namesrvAddr = namesrv_addr;
  auto broker = std::make_unique<broker::BrokerController>(config);
  Status s = broker->start();
  if (s.ok()) s = confirmRegistration(*broker, name_server);
  if (!s.ok()) {
    printStartupError("dev", s);
    broker.reset();
    name_server.shutdown();
    return kExitStartupError;
  }
  printReadyLine("apogee dev ready: namesrv=" + namesrv_addr + " broker=" + broker->brokerAddr() +
                 " data=" + config.storePathRootDir.string());

  const int signal = waitForTerminationSignal();
  logger("dev")->info("signal {} received, shutting down", signal);
  // The broker first: it unregisters from the name server, answers held
  // pulls, flushes the store and writes offsets and the checkpoint.
  broker->shutdown();
  name_server.shutdown();
  return kExitOk;
}

}  // namespace

void addDevCommand(CLI::App& app) {
  auto options = std::make_shared<DevOptions>();
  auto* cmd = app.add_subcommand(
      "dev", "Run a name server and a broker in one process on 127.0.0.1 (development)");
  cmd->footer(
      "\nPrints one line on stdout once both servers are up and the broker is registered:\n"
      "  apogee dev ready: namesrv=127.0.0.1:9876 broker=127.0.0.1:10911 data=/abs/apogee-data\n"
      "Stops cleanly on SIGINT/SIGTERM.\n"
      "Example:\n  apogee dev --namesrv-port 19876 --broker-port 20911 --data-dir /tmp/apogee-data\n");
  cmd->add_option("-c,--config", options->config_file,
                  "RocketMQ-style properties file with broker keys (broker.conf)");
  options->host_option = cmd->add_option("--host", options->host, "Address both servers listen on")
                             ->capture_default_str();
  cmd->add_option("--namesrv-port", options->namesrv_port, "Name server port (0: pick a free one)")
      ->capture_default_str();
  KeyFlags& f = options->broker_flags;
  f.add(*cmd, "--broker-port", "listenPort", "Broker port [10911]; 0 picks a free one");
  f.add(*cmd, "--data-dir", "storePathRootDir", "Store and config directory [./apogee-data]");
  cmd->callback([options] { std::exit(runDev(*options)); });
}

}  // namespace apogee::tool
