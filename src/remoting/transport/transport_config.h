#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "remoting/frame_codec.h"
#include "remoting/remoting_command.h"

namespace apogee::remoting {

// Settings every connection has, on either side. Defaults follow RocketMQ
// (docs: rocketmq-protocol.md 1.1 and 1.2).
struct ConnectionConfig {
  // Close a connection after this long without traffic in either direction
  // (Java: serverChannelMaxIdleTimeSeconds / clientChannelMaxIdleTimeSeconds).
  // Zero disables the check.
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(120)};
  // Largest frame accepted, counting the 4-byte length word.
  std::size_t max_frame_bytes = kDefaultMaxFrameBytes;
  // Serialize type of the requests this side sends. Responses always mirror
  // the request they answer.
  SerializeType request_serialize_type = SerializeType::kRocketMQ;
  // When set, requests this side sends on a connection use the serialize type
  // of the last request received on it (a server talking to ali-ons, which
  // reads only JSON, answers it in JSON and also asks it in JSON).
  bool mirror_peer_serialize_type = false;
  // Initial size of each connection's read buffer; it grows for larger
  // frames and shrinks back once they are consumed. Small, because a broker
  // holds one per client connection.
  std::size_t read_buffer_bytes = 16 * 1024;
};

// Threads of one endpoint (server or client) outside the I/O threads.
struct ExecutorConfig {
  // Runs processors registered without an executor of their own.
  std::size_t default_processor_threads = 4;
  // 0 = unbounded. When full, requests are answered SYSTEM_BUSY.
  std::size_t default_processor_queue = 10000;
  // Runs invokeAsync callbacks.
  std::size_t callback_threads = 2;
};

struct ServerConfig {
  std::string host = "0.0.0.0";
  // 0 picks a free port; RemotingServer::port() tells which.
  std::uint16_t port = 0;
  // One io_context per thread; connections are spread round-robin.
  std::size_t io_threads = 2;
  int listen_backlog = 1024;
  ConnectionConfig connection{.request_serialize_type = SerializeType::kJson,
                              .mirror_peer_serialize_type = true};
  ExecutorConfig executors;
};

struct ClientConfig {
  std::chrono::milliseconds connect_timeout{3000};
  std::size_t io_threads = 1;
  ConnectionConfig connection;
  ExecutorConfig executors{.default_processor_threads = 1, .callback_threads = 2};
};

}  // namespace apogee::remoting
