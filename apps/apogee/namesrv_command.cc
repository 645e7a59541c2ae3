// `apogee namesrv`: runs one name server until SIGINT/SIGTERM.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "commands.h"
#include "common/logging.h"
#include "namesrv/name_server.h"

namespace apogee::tool {
namespace {

struct NamesrvOptions {
  std::string host = "0.0.0.0";
  std::uint16_t port = 9876;
  std::size_t io_threads = 2;
  std::string kv_config_path;
};

int runNamesrv(const NamesrvOptions& options) {
  blockTerminationSignals();
  namesrv::NameServerConfig config;
  config.listen_host = options.host;
  config.listen_port = options.port;
  config.io_threads = options.io_threads;
  config.kv_config_path = options.kv_config_path;
  namesrv::NameServer server(config);
  if (Status s = server.start(); !s.ok()) {
    std::fprintf(stderr, "apogee namesrv: cannot start on %s:%u: %s\n", options.host.c_str(),
                 options.port, s.toString().c_str());
    return 1;
  }
  int signal = waitForTerminationSignal();
  logger("namesrv")->info("signal {} received, shutting down", signal);
  server.shutdown();
  return 0;
}

}  // namespace

void addNamesrvCommand(CLI::App& app) {
  auto options = std::make_shared<NamesrvOptions>();
  auto* cmd = app.add_subcommand("namesrv", "Run a name server");
  cmd->footer("\nExample: apogee namesrv --port 9876\n");
  cmd->add_option("--host", options->host, "Address to listen on")->capture_default_str();
  cmd->add_option("-p,--port", options->port, "Port to listen on")->capture_default_str();
  cmd->add_option("--io-threads", options->io_threads, "Socket I/O threads")->capture_default_str();
  cmd->add_option("--kv-config", options->kv_config_path,
                  "File keeping the KV config (empty: memory only)");
  cmd->callback([options] { std::exit(runNamesrv(*options)); });
}

}  // namespace apogee::tool
