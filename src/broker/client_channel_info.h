#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "remoting/language_code.h"
#include "remoting/transport/connection.h"

namespace apogee::broker {

// One client connection of a producer or consumer group: the channel, the
// client id it announced, its language and version, and when it last sent a
// heartbeat (ms, steady clock).
struct ClientChannelInfo {
  remoting::ChannelPtr channel;
  std::string clientId;
  remoting::LanguageCode language = remoting::LanguageCode::JAVA;
  int version = 0;
  std::int64_t lastUpdateTimestamp = 0;
};

// Milliseconds on the steady clock (client expiry).
std::int64_t steadyMillis();
// Milliseconds since the epoch (data versions, timestamps on the wire).
std::int64_t wallMillis();

}  // namespace apogee::broker
