#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <optional>

namespace apogee::tool {

// Each command adds its subcommand (with options and callback) to the app.
void addNamesrvCommand(CLI::App& app);
void addBrokerCommand(CLI::App& app);
void addDevCommand(CLI::App& app);
// Client-side commands (admin_support.h).
void addProduceCommand(CLI::App& app);
void addConsumeCommand(CLI::App& app);
void addTopicCommand(CLI::App& app);
void addClusterCommand(CLI::App& app);
void addGroupCommand(CLI::App& app);
void addMessageCommand(CLI::App& app);
void addDlqCommand(CLI::App& app);
void addBenchCommand(CLI::App& app);

// Blocks the calling thread until SIGINT or SIGTERM arrives. Call
// blockTerminationSignals() first, before any thread is started, so that
// every thread inherits the mask and the signal reaches only the waiter.
void blockTerminationSignals();
int waitForTerminationSignal();
// Like waitForTerminationSignal, for at most `timeout`: the signal, or
// nullopt when none came.
std::optional<int> waitForTerminationSignalFor(std::chrono::milliseconds timeout);

}  // namespace apogee::tool
