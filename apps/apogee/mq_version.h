#pragma once

#include <cstdint>
#include <string>

namespace apogee::tool {

// The name of a RocketMQ MQVersion.Version ordinal, as a client reports it
// in its heartbeat and RocketMQ's tools print it: 409 -> "V4_9_8", 408 ->
// "V4_9_8_SNAPSHOT"; past the last version "HIGHER_VERSION" (as
// MQVersion.getVersionDesc answers), a negative one "#<n>".
std::string mqVersionName(std::int32_t ordinal);

}  // namespace apogee::tool
