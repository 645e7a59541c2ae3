#pragma once

#include <memory>
#include <string_view>

#include <spdlog/spdlog.h>

namespace apogee {

// One named spdlog logger per subsystem ("remoting", "store", ...), all
// writing to stderr with the same pattern. Safe to call from any thread.
std::shared_ptr<spdlog::logger> logger(std::string_view subsystem);

// Sets the level of every Apogee logger ("trace" ... "off"); also read from
// $APOGEE_LOG_LEVEL when the first logger is created.
void setLogLevel(std::string_view level);

}  // namespace apogee
