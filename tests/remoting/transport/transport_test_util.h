#pragma once

#include <pthread.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "remoting/response_code.h"
#include "remoting/transport/remoting_client.h"
#include "remoting/transport/remoting_server.h"

namespace apogee::remoting::transport_test {

using namespace std::chrono_literals;

// Codes the transport itself answers with.
inline constexpr int kSuccess = ResponseCode::kSuccess;
inline constexpr int kSystemError = ResponseCode::kSystemError;
inline constexpr int kSystemBusy = ResponseCode::kSystemBusy;
inline constexpr int kRequestCodeNotSupported = ResponseCode::kRequestCodeNotSupported;
// Request codes for test processors; not RocketMQ codes.
inline constexpr int kEchoCode = 9001;
inline constexpr int kSlowCode = 9002;
inline constexpr int kParkCode = 9003;
inline constexpr int kUnknownCode = 9999;

inline ServerConfig testServerConfig() {
  ServerConfig config;
  config.host = "127.0.0.1";
  config.port = 0;
  config.io_threads = 2;
  config.executors.default_processor_threads = 2;
  config.executors.callback_threads = 1;
  return config;
}

inline ClientConfig testClientConfig() {
  ClientConfig config;
  config.connect_timeout = 3000ms;
  config.executors.callback_threads = 1;
  return config;
}

inline std::string addressOf(const RemotingServer& server) {
  return "127.0.0.1:" + std::to_string(server.port());
}

// Answers SUCCESS with the request's body and extFields.
inline std::shared_ptr<RequestProcessor> echoProcessor() {
  return makeProcessor([](const RequestContext&, RemotingCommand& request) -> std::optional<RemotingCommand> {
    auto response = RemotingCommand::createResponse(kSuccess);
    response.setExtFields(request.extFields());
    response.setBody(request.body().flatten());
    return response;
  });
}

inline RemotingCommand echoRequest(std::string body) {
  auto request = RemotingCommand::createRequest(kEchoCode, {{"k", "v"}});
  request.setBody(std::move(body));
  return request;
}

inline std::string currentThreadName() {
  char name[32] = {};
  pthread_getname_np(pthread_self(), name, sizeof(name));
  return name;
}

// Collects the connection events of an endpoint; thread-safe.
class EventRecorder {
 public:
  ConnectionEventHook hook() {
    return [this](ConnectionEvent event, const ChannelPtr& channel) {
      std::lock_guard lock(mutex_);
      events_.emplace_back(event, channel->id());
    };
  }
  std::vector<std::pair<ConnectionEvent, std::uint64_t>> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }
  std::vector<ConnectionEvent> eventsOf(std::uint64_t id) const {
    std::lock_guard lock(mutex_);
    std::vector<ConnectionEvent> out;
    for (const auto& [event, channel_id] : events_) {
      if (channel_id == id) out.push_back(event);
    }
    return out;
  }
  std::size_t count(ConnectionEvent event) const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& entry : events_) n += entry.first == event ? 1 : 0;
    return n;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::pair<ConnectionEvent, std::uint64_t>> events_;
};

}  // namespace apogee::remoting::transport_test
