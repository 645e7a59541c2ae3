#include "server_support.h"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

namespace apogee::tool {
namespace {

bool containsIgnoringCase(std::string_view text, std::string_view word) {
  if (word.size() > text.size()) return false;
  for (std::size_t i = 0; i + word.size() <= text.size(); ++i) {
    bool match = true;
    for (std::size_t j = 0; j < word.size() && match; ++j) {
      match = std::tolower(static_cast<unsigned char>(text[i + j])) ==
              std::tolower(static_cast<unsigned char>(word[j]));
    }
    if (match) return true;
  }
  return false;
}

// The remoting server reports "cannot listen on HOST:PORT: <system message>";
// for EADDRINUSE the hint matters more than the system's wording.
std::string describe(const Status& status) {
  const std::string& message = status.message();
  constexpr std::string_view kListen = "cannot listen on ";
  if (message.starts_with(kListen) && containsIgnoringCase(message, "already in use")) {
    const std::size_t end = message.find(": ", kListen.size());
    return message.substr(0, end) + ": address already in use — is another apogee running?";
  }
  return message.empty() ? status.toString() : message;
}

}  // namespace

void printReadyLine(std::string_view line) {
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

void printStartupError(std::string_view command, const Status& status) {
  std::fprintf(stderr, "apogee %.*s: %s\n", static_cast<int>(command.size()), command.data(),
               describe(status).c_str());
}

std::string connectHost(const std::string& listen_host) {
  if (listen_host.empty() || listen_host == "0.0.0.0" || listen_host == "::") return "127.0.0.1";
  return listen_host;
}

Status prepareDataDir(const std::filesystem::path& dir) {
  const std::string shown = displayPath(dir);
  std::error_code ec;
  if (std::filesystem::exists(dir, ec) && !std::filesystem::is_directory(dir, ec)) {
    return Status::IOError("data directory " + shown + " is not a directory");
  }
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError("cannot create data directory " + shown + ": " + ec.message());
  // access(W_OK) says yes to root on a read-only mount; creating a file is
  // the real test.
  const std::filesystem::path probe = dir / ".apogee-write-test";
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Status::IOError("data directory " + shown + " is not writable: " + std::strerror(errno));
  }
  ::close(fd);
  std::filesystem::remove(probe, ec);
  return Status::OK();
}

void KeyFlags::add(CLI::App& cmd, const std::string& names, std::string key,
                   const std::string& help, bool is_flag) {
  Entry& entry = entries_.emplace_back();
  entry.key = std::move(key);
  const std::string text = help + " (" + entry.key + ")";
  entry.option = is_flag ? cmd.add_flag(names + "{true}", entry.value, text)
                         : cmd.add_option(names, entry.value, text);
}

Status KeyFlags::apply(const PropertyBinder& binder, const std::string& config_file) const {
  if (!config_file.empty()) APOGEE_RETURN_IF_ERROR(binder.applyFile(config_file));
  for (const Entry& entry : entries_) {
    if (entry.option->count() == 0) continue;
    APOGEE_RETURN_IF_ERROR(
        binder.apply({Property{entry.key, entry.value, 0}}, entry.option->get_name()));
  }
  return Status::OK();
}

std::string displayPath(const std::filesystem::path& dir) {
  std::error_code ec;
  auto absolute = std::filesystem::absolute(dir, ec);
  if (ec) return dir.string();
  std::string shown = absolute.lexically_normal().string();
  if (shown.size() > 1 && shown.back() == '/') shown.pop_back();
  return shown;
}

}  // namespace apogee::tool
