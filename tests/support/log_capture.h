#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/sinks/base_sink.h>

namespace apogee::testing {

// Records the messages of one named logger while it exists (and still lets
// them reach stderr). Attach it while no other thread logs to that logger:
// spdlog's sink list is not thread-safe.
class LogCapture {
 public:
  explicit LogCapture(std::string_view logger_name);
  ~LogCapture();

  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  std::vector<std::string> messages() const;
  // Number of messages that contain `needle`.
  std::size_t count(std::string_view needle) const;

 private:
  class Sink;
  std::string logger_name_;
  std::shared_ptr<Sink> sink_;
};

}  // namespace apogee::testing
