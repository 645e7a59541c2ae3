#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace apogee::testing {

// The real `apogee` executable (APOGEE_TOOL_PATH) run as a child process:
// stdout is a pipe the test reads the ready line from, stderr goes to a file
// the test can read after a failure. Every wait has a deadline. The
// destructor kills (SIGKILL) and reaps a child that is still running.
// Not thread-safe; one test thread drives it.
class ApogeeProcess {
 public:
  // Starts `apogee <args...>`; nullptr (and a test failure) if it cannot.
  static std::unique_ptr<ApogeeProcess> start(const std::vector<std::string>& args,
                                              const std::filesystem::path& stderr_file);
  ~ApogeeProcess();

  ApogeeProcess(const ApogeeProcess&) = delete;
  ApogeeProcess& operator=(const ApogeeProcess&) = delete;

  // The next line on stdout without its newline, or nullopt if none came
  // within `timeout` (or stdout closed).
  std::optional<std::string> readLine(std::chrono::milliseconds timeout);
  void signal(int signal_number);
  // The exit code (128 + n if killed by signal n), or nullopt if the child
  // is still running after `timeout`.
  std::optional<int> waitExit(std::chrono::milliseconds timeout);
  // What the child wrote to stderr so far.
  std::string stderrText() const;
  pid_t pid() const { return pid_; }

 private:
  ApogeeProcess() = default;

  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string buffer_;
  std::filesystem::path stderr_file_;
  std::optional<int> exit_code_;
};

// The path of the apogee executable under test.
std::string apogeeToolPath();

}  // namespace apogee::testing
