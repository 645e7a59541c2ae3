#pragma once

#include <cstdint>

namespace apogee {

// A push consumer's rates for one topic over the last minute (RocketMQ's
// ConsumeStatus, what `mqadmin consumerStatus` shows): pulls that found
// messages and their round trip, listener calls and their outcome.
struct ConsumeStats {
  double pullRT = 0;            // ms per pull that found messages (long polls included)
  double pullTPS = 0;           // messages pulled per second
  double consumeRT = 0;         // ms per listener call
  double consumeOKTPS = 0;      // messages consumed successfully per second
  double consumeFailedTPS = 0;  // messages whose consumption failed per second
  std::int64_t consumeFailedMsgs = 0;  // failed messages in the last hour
};

}  // namespace apogee
