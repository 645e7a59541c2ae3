#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <iostream>
#include <stdexcept>
#include <string>

#include "apogee/output.h"
#include "client/admin/mq_admin_impl.h"
#include "common/result.h"

// What the client-side commands (produce, topic, cluster, group, message,
// dlq) share: the -n/--namesrv and --json options, the admin client, and
// turning errors into one line on stderr with a hint.
namespace apogee::tool {

// A failure a command reports: one line, printed as "apogee: <what>".
class ToolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ClientOptions {
  std::string namesrv;  // -n/--namesrv, default $NAMESRV_ADDR or 127.0.0.1:9876
  bool json = false;
};

// Adds -n/--namesrv (and --json when `json`) to `cmd`.
void addClientOptions(CLI::App& cmd, ClientOptions& options, bool json = true);

// What an error was about, for its hint.
struct ErrorContext {
  std::string namesrv{};
  std::string topic{};
  std::string group{};
};

// The message of `status` for a person: unreachable servers, unknown topics
// and groups get a hint ("cannot reach name server ...: connection refused
// — is 'apogee dev' running?").
std::string describeError(const Status& status, const ErrorContext& ctx);

// Throws ToolError(describeError(...)) when `status` is not OK.
void check(const Status& status, const ErrorContext& ctx);
template <typename T>
T unwrap(Result<T> result, const ErrorContext& ctx) {
  check(result.status(), ctx);
  return std::move(result).value();
}

// Runs `body`, then exits the process: 0, or 1 after printing a ToolError
// (or any other exception) as one line on stderr.
[[noreturn]] void runAndExit(const std::function<void()>& body);

// A started admin client on `options.namesrv`.
std::unique_ptr<client::MQAdminImpl> startAdmin(const ClientOptions& options);

// Prints a JSON document (one line) or a table on stdout.
void printJson(const Json& json);
void printTable(const Table& table);

}  // namespace apogee::tool
