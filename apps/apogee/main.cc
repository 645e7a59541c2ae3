// The apogee command-line tool. Only argument parsing and wiring live here;
// the servers and clients it runs are in src/.
#include <CLI/CLI.hpp>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"apogee: a RocketMQ-compatible messaging system"};
  app.require_subcommand(1);
  apogee::tool::addDevCommand(app);
  apogee::tool::addNamesrvCommand(app);
  apogee::tool::addBrokerCommand(app);
  apogee::tool::addProduceCommand(app);
  apogee::tool::addConsumeCommand(app);
  apogee::tool::addTopicCommand(app);
  apogee::tool::addClusterCommand(app);
  apogee::tool::addGroupCommand(app);
  apogee::tool::addMessageCommand(app);
  apogee::tool::addDlqCommand(app);
  apogee::tool::addBenchCommand(app);
  try {
    app.parse(argc, argv);  // the command runs here, in its callback
  } catch (const CLI::ParseError& e) {
    // Prints the help or the usage error; a usage error exits 2, like a bad
    // configuration value.
    return app.exit(e) == 0 ? 0 : 2;
  }
  return 0;
}
