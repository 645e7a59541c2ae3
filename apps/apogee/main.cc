// The apogee command-line tool. Only argument parsing and wiring live here;
// the servers and clients it runs are in src/.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <string>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"apogee: a RocketMQ-compatible messaging system"};
  app.require_subcommand(1);
  app.footer(
      "\nExample (the servers, then in a second terminal a producer and a consumer):\n"
      "  apogee dev\n"
      "  apogee produce --topic TopicTest --count 10 --tag TagA --body hello\n"
      "  apogee consume --topic TopicTest --group demo\n"
      "Each command's --help has its options and an example; docs/tool/ has a page per group.\n");
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
  // CLI11 reads an unknown command word as a missing subcommand ("A
  // subcommand is required"); name it instead, as a usage error.
  std::string parents;  // the command words before argv[i], e.g. "topic "
  CLI::App* level = &app;
  for (int i = 1; i < argc && argv[i][0] != '-'; ++i) {
    const auto subs = level->get_subcommands([](CLI::App*) { return true; });
    if (subs.empty()) break;
    auto it = std::find_if(subs.begin(), subs.end(),
                           [&](const CLI::App* sub) { return sub->get_name() == argv[i]; });
    if (it == subs.end()) {
      std::fprintf(stderr,
                   "apogee: unknown command '%s%s' — 'apogee %s--help' lists the commands\n",
                   parents.c_str(), argv[i], parents.c_str());
      return 2;
    }
    parents += std::string(argv[i]) + " ";
    level = *it;
  }
  try {
    app.parse(argc, argv);  // the command runs here, in its callback
  } catch (const CLI::ParseError& e) {
    // Prints the help or the usage error; a usage error exits 2, like a bad
    // configuration value.
    return app.exit(e) == 0 ? 0 : 2;
  }
  return 0;
}
