// `apogee dev`: a name server and a broker in one process, for development.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "broker/broker_config.h"
#include "broker/broker_controller.h"
#include "commands.h"
#include "common/logging.h"
#include "namesrv/name_server.h"
#include "server_support.h"

namespace apogee::tool {
namespace {

struct DevOptions {
  std::string host = "127.0.0.1";
  std::uint16_t namesrv_port = 9876;
  std::uint16_t broker_port = 10911;
  std::string data_dir = "apogee-data";
};

namesrv::NameServerConfig namesrvConfig(const DevOptions& options,
                                        const std::filesystem::path& data_dir) {
  namesrv::NameServerConfig config;
  config.listen_host = options.host;
  config.listen_port = options.namesrv_port;
  config.kv_config_path = (data_dir / "namesrv" / "kvConfig.json").string();
  return config;
}

broker::BrokerConfig brokerConfig(const DevOptions& options, const std::filesystem::path& data_dir,
                                  std::uint16_t namesrv_port) {
  broker::BrokerConfig config;
  config.listenHost = options.host;
  config.brokerIP1 = connectHost(options.host);
  config.listenPort = options.broker_port;
  config.storePathRootDir = data_dir;
  config.autoCreateTopicEnable = true;
  config.namesrvAddr = connectHost(options.host) + ":" + std::to_string(namesrv_port);
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
  const std::filesystem::path data_dir = displayPath(options.data_dir);
  if (Status s = prepareDataDir(data_dir); !s.ok()) {
    printStartupError("dev", s);
    return kExitStartupError;
  }
  if (Status s = prepareDataDir(data_dir / "namesrv"); !s.ok()) {
    printStartupError("dev", s);
    return kExitStartupError;
  }

  namesrv::NameServer name_server(namesrvConfig(options, data_dir));
  if (Status s = name_server.start(); !s.ok()) {
    printStartupError("dev", s);
    return kExitStartupError;
  }
  auto broker = std::make_unique<broker::BrokerController>(
      brokerConfig(options, data_dir, name_server.port()));
  Status s = broker->start();
  if (s.ok()) s = confirmRegistration(*broker, name_server);
  if (!s.ok()) {
    printStartupError("dev", s);
    broker.reset();
    name_server.shutdown();
    return kExitStartupError;
  }
  printReadyLine("apogee dev ready: namesrv=" + connectHost(options.host) + ":" +
                 std::to_string(name_server.port()) + " broker=" + broker->brokerAddr() +
                 " data=" + displayPath(data_dir));

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
      "Stops cleanly on SIGINT/SIGTERM.\n");
  cmd->add_option("--host", options->host, "Address both servers listen on")
      ->capture_default_str();
  cmd->add_option("--namesrv-port", options->namesrv_port, "Name server port (0: pick a free one)")
      ->capture_default_str();
  cmd->add_option("--broker-port", options->broker_port, "Broker port (0: pick a free one)")
      ->capture_default_str();
  cmd->add_option("--data-dir", options->data_dir, "Store and config directory")
      ->capture_default_str();
  cmd->callback([options] { std::exit(runDev(*options)); });
}

}  // namespace apogee::tool
