#pragma once

#include <string>

namespace apogee::broker {

// A fresh UNIQ_KEY for a message that arrived without one: 32 uppercase hex
// characters in the client layout (rocketmq-protocol.md 4.5): 4 bytes of
// local IPv4 address, 2 of process id, 4 random, 4 of ms since the start of
// the month, 2 of a counter. Thread-safe.
std::string createUniqKey();

}  // namespace apogee::broker
