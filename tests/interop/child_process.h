#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace apogee::interop {

// A child process the interop tests talk to through lines: its stdout is
// read line by line on a thread of ours, its stdin takes lines, and its
// stderr goes to a log file (printed by the tests when they fail).
//
// Thread safety: the accessors may be called from any thread; start(),
// closeStdin(), terminate() and wait() from the owner only. The destructor
// kills a child that is still running (SIGKILL) and reaps it.
class ChildProcess {
 public:
  ChildProcess() = default;
  ~ChildProcess();

  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Runs `argv[0]` (looked up in PATH) with `argv`. Returns an error text, or
  // an empty string on success.
  std::string start(const std::vector<std::string>& argv, const std::filesystem::path& stderr_log);

  // Writes `line` and a newline to the child's stdin; false if it is closed.
  bool writeLine(const std::string& line);
  void closeStdin();

  // Waits until some stdout line satisfies `match`, at most `timeout`;
  // returns the first such line. Lines are kept, so a line printed before
  // the call counts too.
  std::optional<std::string> waitForLine(const std::function<bool(const std::string&)>& match,
                                         std::chrono::milliseconds timeout);
  // Waits until `condition` holds for the lines read so far (re-checked on
  // every new line and when stdout ends).
  bool waitUntil(const std::function<bool(const std::vector<std::string>&)>& condition,
                 std::chrono::milliseconds timeout);
  // Waits until stdout ends; whether it did within `timeout`.
  bool waitForEof(std::chrono::milliseconds timeout);
  std::vector<std::string> lines() const;
  // Whether stdout reached its end (the child exited or closed it).
  bool stdoutClosed() const;

  void signal(int signo);
  // Waits for the child to exit; its wait status, or nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  bool running() const { return pid_ > 0 && !status_; }
  pid_t pid() const { return pid_; }

  // "exit code N" / "signal N" for a wait status.
  static std::string describeStatus(int status);

 private:
  void readLoop(int fd);

  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  std::optional<int> status_;
  std::thread reader_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> lines_;  // guarded by mu_
  bool eof_ = false;                // guarded by mu_
};

}  // namespace apogee::interop
