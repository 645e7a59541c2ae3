// The apogee command-line tool. Only argument parsing and wiring live here;
// the servers and clients it runs are in src/.
#include <CLI/CLI.hpp>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"apogee: a RocketMQ-compatible messaging system"};
  app.require_subcommand(1);
  apogee::tool::addDevCommand(app);
  apogee::tool::addNamesrvCommand(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
