#pragma once

#include <CLI/CLI.hpp>
#include <deque>
#include <filesystem>
#include <string>
#include <string_view>

#include "common/properties.h"
#include "common/status.h"

// What the server commands (namesrv, broker, dev) share: exit codes, the
// "ready" line, startup error messages and the data-directory check.
namespace apogee::tool {

inline constexpr int kExitOk = 0;
// The server could not start (port in use, data directory locked or not
// writable, ...).
inline constexpr int kExitStartupError = 1;
// A bad configuration file or flag value.
inline constexpr int kExitConfigError = 2;

// Writes `line` and a newline to stdout and flushes, so a parent process
// reading the pipe sees it at once. Logs go to stderr; stdout carries only
// this line.
void printReadyLine(std::string_view line);

// One line on stderr: "apogee <command>: <what went wrong>", with the usual
// causes spelled out (a port in use, a data directory another process holds).
void printStartupError(std::string_view command, const Status& status);

// The address to connect to a server listening on `listen_host` from this
// machine: the host itself, or 127.0.0.1 for the wildcard addresses.
std::string connectHost(const std::string& listen_host);

// Creates `dir` (and its parents) and checks that a file can be created in
// it. IOError naming the directory otherwise.
Status prepareDataDir(const std::filesystem::path& dir);

// `dir` made absolute, for messages and the ready line.
std::string displayPath(const std::filesystem::path& dir);

// Command-line flags that stand for configuration keys (--port for
// listenPort, ...). The values are checked by the same binder as the
// config file's, and applied after it, so a flag overrides the file.
class KeyFlags {
 public:
  // `names` as for CLI11 ("-p,--port"). A flag (`is_flag`) takes an
  // optional value: `--auto-create-topic` means true, `=false` is allowed.
  void add(CLI::App& cmd, const std::string& names, std::string key, const std::string& help,
           bool is_flag = false);

  // Reads `config_file` (if not empty) into the binder's object, then applies
  // the given flags. Errors name the file, line and key, or the flag.
  Status apply(const PropertyBinder& binder, const std::string& config_file) const;

 private:
  struct Entry {
    std::string key;
    std::string value;
    CLI::Option* option = nullptr;
  };
  std::deque<Entry> entries_;  // CLI11 keeps pointers to the values
};

}  // namespace apogee::tool
