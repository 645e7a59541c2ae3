#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <vector>

// The order check of the orderly tests with several consumer processes.
// Each process printed, per order id, a sequence of steps. It is in order
// when, cut where it goes backwards (a re-delivery from the last committed
// offset: a restart) or jumps forwards (the process got the queue back after
// another process consumed the steps in between: a handover jump), it is
// made of runs that each go up by exactly 1 -- and a forward jump, or a
// first step above 0, only passes over steps some other process printed.
namespace apogee::testing {

using PrintedSteps = std::map<int, std::vector<int>>;  // order id -> steps as printed

struct OrderRuns {
  int restarts = 0;
  int handover_jumps = 0;
  std::vector<std::string> violations;  // one line per step skipped that nobody printed
};

inline OrderRuns checkOrderRuns(const std::vector<PrintedSteps>& processes) {
  OrderRuns out;
  for (std::size_t i = 0; i < processes.size(); ++i) {
    for (const auto& [order, steps] : processes[i]) {
      const auto elsewhere = [&, order = order](int step) {
        for (std::size_t j = 0; j < processes.size(); ++j) {
          if (j == i) continue;
          const auto it = processes[j].find(order);
          if (it != processes[j].end() &&
              std::find(it->second.begin(), it->second.end(), step) != it->second.end()) {
            return true;
          }
        }
        return false;
      };
      const auto passOver = [&, order = order](int from, int to) {  // steps from..to-1
        for (int s = from; s < to; ++s) {
          if (!elsewhere(s)) {
            out.violations.push_back("process " + std::to_string(i) + ", order " +
                                     std::to_string(order) + ": went past step " +
                                     std::to_string(s) + ", which no other process printed");
          }
        }
      };
      if (steps.empty()) continue;
      passOver(0, steps.front());
      for (std::size_t k = 1; k < steps.size(); ++k) {
        if (steps[k] == steps[k - 1] + 1) continue;
        if (steps[k] <= steps[k - 1]) {
          ++out.restarts;
        } else {
          ++out.handover_jumps;
          passOver(steps[k - 1] + 1, steps[k]);
        }
      }
    }
  }
  return out;
}

}  // namespace apogee::testing
