#pragma once

#include <chrono>
#include <thread>

namespace apogee::testing {

// Re-checks `condition` until it holds or `timeout` has passed; returns
// whether it held. For conditions that another thread makes true; the poll
// interval only bounds how late we notice, never whether the test passes.
template <typename Condition>
bool waitUntil(Condition&& condition,
               std::chrono::milliseconds timeout = std::chrono::seconds(10),
               std::chrono::milliseconds poll = std::chrono::milliseconds(2)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return condition();
    std::this_thread::sleep_for(poll);
  }
}

}  // namespace apogee::testing
