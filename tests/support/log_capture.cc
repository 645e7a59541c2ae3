#include "support/log_capture.h"

#include <algorithm>

#include "common/logging.h"

namespace apogee::testing {

class LogCapture::Sink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::vector<std::string> messages() {
    std::lock_guard lock(mutex_);
    return messages_;
  }

 protected:
  // base_sink holds its own mutex_ around these calls.
  void sink_it_(const spdlog::details::log_msg& msg) override {
    messages_.emplace_back(msg.payload.data(), msg.payload.size());
  }
  void flush_() override {}

 private:
  std::vector<std::string> messages_;
};

LogCapture::LogCapture(std::string_view logger_name)
    : logger_name_(logger_name), sink_(std::make_shared<Sink>()) {
  apogee::logger(logger_name_)->sinks().push_back(sink_);
}

LogCapture::~LogCapture() {
  auto& sinks = apogee::logger(logger_name_)->sinks();
  sinks.erase(std::remove(sinks.begin(), sinks.end(), sink_), sinks.end());
}

std::vector<std::string> LogCapture::messages() const { return sink_->messages(); }

std::size_t LogCapture::count(std::string_view needle) const {
  auto all = messages();
  return static_cast<std::size_t>(std::count_if(all.begin(), all.end(), [&](const std::string& m) {
    return m.find(needle) != std::string::npos;
  }));
}

}  // namespace apogee::testing
