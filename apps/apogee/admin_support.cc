#include "admin_support.h"

#include <cstdio>
#include <cstdlib>

#include "apogee/mq_client_exception.h"
#include "client/client_error.h"
#include "common/logging.h"
#include "remoting/response_code.h"

namespace apogee::tool {
namespace rc = remoting::ResponseCode;

void addClientOptions(CLI::App& cmd, ClientOptions& options, bool json) {
  const char* env = std::getenv("NAMESRV_ADDR");
  options.namesrv = env != nullptr && *env != '\0' ? env : "127.0.0.1:9876";
  cmd.add_option("-n,--namesrv", options.namesrv,
                 "Name server address(es), host:port[;host:port] (default: $NAMESRV_ADDR or "
                 "127.0.0.1:9876)");
  if (json) cmd.add_flag("--json", options.json, "Print JSON instead of a table");
}

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool isNameServer(const std::string& addr, const std::string& namesrv_list) {
  std::size_t start = 0;
  while (start <= namesrv_list.size()) {
    std::size_t end = namesrv_list.find(';', start);
    if (end == std::string::npos) end = namesrv_list.size();
    if (namesrv_list.compare(start, end - start, addr) == 0 && end - start == addr.size())
      return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

std::string describeError(const Status& status, const ErrorContext& ctx) {
  const std::string& msg = status.message();
  // The transport's wording: "connect to ADDR failed: REASON".
  if (msg.rfind("connect to ", 0) == 0) {
    const std::size_t failed = msg.find(" failed: ");
    if (failed != std::string::npos) {
      const std::string addr = msg.substr(11, failed - 11);
      const std::string reason = lower(msg.substr(failed + 9));
      if (isNameServer(addr, ctx.namesrv)) {
        return "cannot reach name server " + addr + ": " + reason +
               " — is 'apogee dev' running? (set -n or NAMESRV_ADDR for another)";
      }
      return "cannot reach broker " + addr + ": " + reason +
             " — is it running? ('apogee cluster list' shows the registered brokers)";
    }
  }
  const auto code = client::responseCodeOf(status);
  if (code == rc::kTopicNotExist) {
    std::string what = ctx.topic.empty() ? msg : "unknown topic " + ctx.topic;
    return what + " — 'apogee topic list' shows the topics, 'apogee topic create' makes one";
  }
  if (code == rc::kSubscriptionGroupNotExist || code == rc::kConsumerNotOnline) {
    if (!ctx.group.empty()) {
      return (code == rc::kConsumerNotOnline ? "consumer group " + ctx.group + " is not online"
                                             : "unknown consumer group " + ctx.group) +
             " — 'apogee group list' shows the groups";
    }
  }
  if (status.code() == StatusCode::kTimeout || lower(msg).find("timeout") != std::string::npos ||
      lower(msg).find("timed out") != std::string::npos) {
    return msg + " — is the server overloaded or behind a firewall?";
  }
  return msg;
}

void check(const Status& status, const ErrorContext& ctx) {
  if (!status.ok()) throw ToolError(describeError(status, ctx));
}

void runAndExit(const std::function<void()>& body) {
  // Errors reach the user as one line; the libraries' logs would add more.
  if (std::getenv("APOGEE_LOG_LEVEL") == nullptr) setLogLevel("off");
  int code = 0;
  try {
    body();
  } catch (const ToolError& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "apogee: %s\n", e.what());
    code = 1;
  } catch (const MQClientException& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "apogee: %s\n", e.what());
    code = 1;
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "apogee: %s\n", e.what());
    code = 1;
  }
  std::fflush(stdout);
  std::exit(code);
}

std::unique_ptr<client::MQAdminImpl> startAdmin(const ClientOptions& options) {
  auto admin = std::make_unique<client::MQAdminImpl>(options.namesrv);
  check(admin->start(), {.namesrv = options.namesrv});
  return admin;
}

void printJson(const Json& json) { std::fputs((json.dump() + "\n").c_str(), stdout); }

void printTable(const Table& table) { std::fputs(table.render().c_str(), stdout); }

}  // namespace apogee::tool
