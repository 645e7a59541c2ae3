// `apogee namesrv`: runs one name server until SIGINT/SIGTERM.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "commands.h"
#include "common/logging.h"
#include "namesrv/name_server.h"
#include "namesrv/name_server_config_loader.h"
#include "server_support.h"

namespace apogee::tool {
namespace {

struct NamesrvOptions {
  std::string config_file;
  KeyFlags flags;
};

int runNamesrv(const NamesrvOptions& options) {
  blockTerminationSignals();
  namesrv::NameServerConfig config;
  if (Status s = options.flags.apply(namesrv::nameServerConfigBinder(config), options.config_file);
      !s.ok()) {
    printStartupError("namesrv", s);
    return kExitConfigError;
  }
  namesrv::NameServer server(config);
  if (Status s = server.start(); !s.ok()) {
    printStartupError("namesrv", s);
    return kExitStartupError;
  }
  printReadyLine("apogee namesrv ready: namesrv=" + connectHost(config.listen_host) + ":" +
                 std::to_string(server.port()));
  const int signal = waitForTerminationSignal();
  logger("namesrv")->info("signal {} received, shutting down", signal);
  server.shutdown();
  return kExitOk;
}

}  // namespace

void addNamesrvCommand(CLI::App& app) {
  auto options = std::make_shared<NamesrvOptions>();
  auto* cmd = app.add_subcommand("namesrv", "Run a name server");
  cmd->footer(
      "\nFlags override the config file. Prints one line on stdout once serving:\n"
      "  apogee namesrv ready: namesrv=127.0.0.1:9876\n"
      "Example:\n  apogee namesrv --port 9876\n");
  cmd->add_option("-c,--config", options->config_file,
                  "RocketMQ-style properties file (namesrv.conf keys)");
  KeyFlags& f = options->flags;
  f.add(*cmd, "--host", "listenHost", "Address to listen on [0.0.0.0]");
  f.add(*cmd, "-p,--port", "listenPort", "Port to listen on [9876]; 0 picks a free one");
  f.add(*cmd, "--io-threads", "serverSelectorThreads", "Socket I/O threads [2]");
  f.add(*cmd, "--kv-config", "kvConfigPath", "File keeping the KV config [memory only]");
  cmd->callback([options] { std::exit(runNamesrv(*options)); });
}

}  // namespace apogee::tool
