#include "interop/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace apogee::interop {

ChildProcess::~ChildProcess() {
  if (running()) {
    ::kill(pid_, SIGKILL);
    (void)wait(std::chrono::seconds(10));
  }
  closeStdin();
  if (reader_.joinable()) reader_.join();
}

std::string ChildProcess::start(const std::vector<std::string>& argv,
                                const std::filesystem::path& stderr_log) {
  int in[2];
  int out[2];
  if (::pipe2(in, O_CLOEXEC) != 0) return std::string("pipe: ") + std::strerror(errno);
  if (::pipe2(out, O_CLOEXEC) != 0) {
    ::close(in[0]);
    ::close(in[1]);
    return std::string("pipe: ") + std::strerror(errno);
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_log.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int rc = ::posix_spawnp(&pid_, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  ::close(out[1]);
  if (rc != 0) {
    pid_ = -1;
    ::close(in[1]);
    ::close(out[0]);
    return "cannot start " + argv[0] + ": " + std::strerror(rc);
  }
  stdin_fd_ = in[1];
  reader_ = std::thread([this, fd = out[0]] { readLoop(fd); });
  return {};
}

void ChildProcess::readLoop(int fd) {
  std::string pending;
  char buf[8192];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    pending.append(buf, static_cast<std::size_t>(n));
    std::vector<std::string> complete;
    std::size_t start = 0;
    for (std::size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
      complete.push_back(pending.substr(start, nl - start));
    }
    pending.erase(0, start);
    if (!complete.empty()) {
      std::lock_guard lock(mu_);
      for (auto& l : complete) lines_.push_back(std::move(l));
      cv_.notify_all();
    }
  }
  ::close(fd);
  std::lock_guard lock(mu_);
  if (!pending.empty()) lines_.push_back(std::move(pending));
  eof_ = true;
  cv_.notify_all();
}

bool ChildProcess::writeLine(const std::string& line) {
  if (stdin_fd_ < 0) return false;
  const std::string data = line + "\n";
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(stdin_fd_, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

void ChildProcess::closeStdin() {
  if (stdin_fd_ >= 0) ::close(stdin_fd_);
  stdin_fd_ = -1;
}

std::optional<std::string> ChildProcess::waitForLine(
    const std::function<bool(const std::string&)>& match, std::chrono::milliseconds timeout) {
  std::optional<std::string> found;
  waitUntil(
      [&](const std::vector<std::string>& lines) {
        for (const auto& l : lines) {
          if (match(l)) {
            found = l;
            return true;
          }
        }
        return false;
      },
      timeout);
  return found;
}

bool ChildProcess::waitUntil(const std::function<bool(const std::vector<std::string>&)>& condition,
                             std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return condition(lines_) || eof_; }) &&
         condition(lines_);
}

bool ChildProcess::waitForEof(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return eof_; });
}

std::vector<std::string> ChildProcess::lines() const {
  std::lock_guard lock(mu_);
  return lines_;
}

bool ChildProcess::stdoutClosed() const {
  std::lock_guard lock(mu_);
  return eof_;
}

void ChildProcess::signal(int signo) {
  if (running()) ::kill(pid_, signo);
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
  if (status_) return status_;
  if (pid_ <= 0) return std::nullopt;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      status_ = status;
      return status_;
    }
    if (r < 0 && errno != EINTR) return std::nullopt;
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::string ChildProcess::describeStatus(int status) {
  if (WIFEXITED(status)) return "exit code " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status));
  return "status " + std::to_string(status);
}

}  // namespace apogee::interop
