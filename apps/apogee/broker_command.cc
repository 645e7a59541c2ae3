// `apogee broker`: runs one broker until SIGINT/SIGTERM.
#include <cstdlib>
#include <memory>
#include <string>

#include "broker/broker_config_loader.h"
#include "broker/broker_controller.h"
#include "commands.h"
#include "common/logging.h"
#include "server_support.h"

namespace apogee::tool {
namespace {

struct BrokerOptions {
  std::string config_file;
  KeyFlags flags;
};

int runBroker(const BrokerOptions& options) {
  blockTerminationSignals();
  broker::BrokerConfig config;
  config.storePathRootDir = "apogee-data";
  if (Status s = options.flags.apply(broker::brokerConfigBinder(config), options.config_file);
      !s.ok()) {
    printStartupError("broker", s);
    return kExitConfigError;
  }
  config.storePathRootDir = displayPath(config.storePathRootDir);
  if (Status s = prepareDataDir(config.storePathRootDir); !s.ok()) {
    printStartupError("broker", s);
    return kExitStartupError;
  }
  broker::BrokerController broker(config);
  if (Status s = broker.start(); !s.ok()) {
    printStartupError("broker", s);
    broker.shutdown();
    return kExitStartupError;
  }
  printReadyLine("apogee broker ready: broker=" + broker.brokerAddr() +
                 " data=" + config.storePathRootDir.string());
  const int signal = waitForTerminationSignal();
  logger("broker")->info("signal {} received, shutting down", signal);
  broker.shutdown();
  return kExitOk;
}

}  // namespace

void addBrokerCommand(CLI::App& app) {
  auto options = std::make_shared<BrokerOptions>();
  auto* cmd = app.add_subcommand("broker", "Run a broker");
  cmd->footer(
      "\nFlags override the config file. Prints one line on stdout once serving:\n"
      "  apogee broker ready: broker=127.0.0.1:10911 data=/abs/apogee-data\n"
      "Example:\n  apogee broker -n 127.0.0.1:9876 -c broker.conf\n");
  cmd->add_option("-c,--config", options->config_file,
                  "RocketMQ-style properties file (broker.conf keys)");
  KeyFlags& f = options->flags;
  f.add(*cmd, "-n,--namesrv", "namesrvAddr", "Name servers, host:port;host:port");
  f.add(*cmd, "-p,--port", "listenPort", "Port to listen on [10911]; 0 picks a free one");
  f.add(*cmd, "--host", "listenHost", "Address to listen on [0.0.0.0]");
  f.add(*cmd, "--broker-ip", "brokerIP1", "Address announced to clients [127.0.0.1]");
  f.add(*cmd, "--data-dir", "storePathRootDir", "Store and config directory [./apogee-data]");
  f.add(*cmd, "--broker-name", "brokerName", "Broker name [broker-a]");
  f.add(*cmd, "--broker-id", "brokerId", "Broker id, 0 = master [0]");
  f.add(*cmd, "--cluster", "brokerClusterName", "Cluster name [DefaultCluster]");
  f.add(*cmd, "--auto-create-topic", "autoCreateTopicEnable",
        "Create unknown topics on first send [false]", true);
  f.add(*cmd, "--flush", "flushDiskType", "sync or async [async]");
  cmd->callback([options] { std::exit(runBroker(*options)); });
}

}  // namespace apogee::tool
