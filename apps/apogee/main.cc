// The apogee command-line tool. Only argument parsing and wiring live here;
// the servers and clients it runs are in src/.
#include <cstdio>

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app{"apogee: a RocketMQ-compatible messaging system"};
  app.require_subcommand(1);
  auto* dev = app.add_subcommand("dev", "Run a name server and a broker in one process (development)");
  CLI11_PARSE(app, argc, argv);
  if (dev->parsed()) {
    std::fprintf(stderr,
                 "apogee dev: the broker and name server are not built yet; only the remoting "
                 "layer exists so far (see docs/architecture.md).\n");
    return 1;
  }
  return 0;
}
