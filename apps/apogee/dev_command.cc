// `apogee dev`: the all-in-one development server.
#include <cstdio>
#include <cstdlib>

#include "commands.h"

namespace apogee::tool {

void addDevCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "dev", "Run a name server and a broker in one process on 127.0.0.1:9876 (development)");
  cmd->callback([] {
    std::fprintf(stderr,
                 "apogee dev: the broker is not built yet, so the all-in-one server cannot start.\n"
                 "The name server alone runs with: apogee namesrv\n");
    std::exit(1);
  });
}

}  // namespace apogee::tool
