#include <algorithm>
#include <csignal>
#include <cstdint>
#include <ctime>

#include "commands.h"

namespace apogee::tool {
namespace {

sigset_t terminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

void blockTerminationSignals() {
  sigset_t set = terminationSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int waitForTerminationSignal() {
  sigset_t set = terminationSignals();
  int signal = 0;
  sigwait(&set, &signal);
  return signal;
}

std::optional<int> waitForTerminationSignalFor(std::chrono::milliseconds timeout) {
  sigset_t set = terminationSignals();
  const auto ms = std::max<std::int64_t>(timeout.count(), 0);
  timespec ts{.tv_sec = static_cast<time_t>(ms / 1000),
              .tv_nsec = static_cast<long>(ms % 1000) * 1000000};
  const int signal = sigtimedwait(&set, nullptr, &ts);
  if (signal <= 0) return std::nullopt;
  return signal;
}

}  // namespace apogee::tool
