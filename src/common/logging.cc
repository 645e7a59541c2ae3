#include "common/logging.h"

#include <cstdlib>
#include <mutex>
#include <string>

#include <spdlog/sinks/stdout_color_sinks.h>

namespace apogee {
namespace {

std::once_flag g_init_once;

void initDefaults() {
  if (const char* env = std::getenv("APOGEE_LOG_LEVEL")) {
    spdlog::set_level(spdlog::level::from_str(env));
  }
  spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ [%n] %v");
}

}  // namespace

std::shared_ptr<spdlog::logger> logger(std::string_view subsystem) {
  std::call_once(g_init_once, initDefaults);
  std::string name(subsystem);
  if (auto existing = spdlog::get(name)) return existing;
  try {
    auto created = spdlog::stderr_color_mt(name);
    created->set_level(spdlog::get_level());
    return created;
  } catch (const spdlog::spdlog_ex&) {
    // Another thread registered it between get() and create().
    return spdlog::get(name);
  }
}

void setLogLevel(std::string_view level) {
  std::call_once(g_init_once, initDefaults);
  spdlog::set_level(spdlog::level::from_str(std::string(level)));
}

}  // namespace apogee
