#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace apogee {

// What went wrong, coarse enough to act on. The message says the rest.
enum class StatusCode : int {
  kOk = 0,
  kInvalidArgument,  // the caller passed something unusable
  kCorruption,       // bytes that do not follow the format (bad frame, bad header, bad CRC)
  kNotFound,
  kIOError,          // a system call failed
  kTimeout,
  kUnavailable,      // the peer is gone or not reachable (connection closed or refused)
  kResourceExhausted,
  kAborted,          // the operation was cancelled (for example by shutdown)
  kInternal,
};

std::string_view statusCodeName(StatusCode code);

// An error value that costs one pointer on success (after leveldb's Status):
// OK holds no allocation; an error holds its code and a message.
class [[nodiscard]] Status {
 public:
  Status() noexcept = default;
  Status(StatusCode code, std::string message);

  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;

  static Status OK() { return Status(); }
  static Status InvalidArgument(std::string msg) { return {StatusCode::kInvalidArgument, std::move(msg)}; }
  static Status Corruption(std::string msg) { return {StatusCode::kCorruption, std::move(msg)}; }
  static Status NotFound(std::string msg) { return {StatusCode::kNotFound, std::move(msg)}; }
  static Status IOError(std::string msg) { return {StatusCode::kIOError, std::move(msg)}; }
  static Status Timeout(std::string msg) { return {StatusCode::kTimeout, std::move(msg)}; }
  static Status Unavailable(std::string msg) { return {StatusCode::kUnavailable, std::move(msg)}; }
  static Status ResourceExhausted(std::string msg) {
    return {StatusCode::kResourceExhausted, std::move(msg)};
  }
  static Status Aborted(std::string msg) { return {StatusCode::kAborted, std::move(msg)}; }
  static Status Internal(std::string msg) { return {StatusCode::kInternal, std::move(msg)}; }

  bool ok() const noexcept { return state_ == nullptr; }
  StatusCode code() const noexcept { return state_ ? state_->code : StatusCode::kOk; }
  // Empty for OK.
  const std::string& message() const noexcept;
  // "Corruption: header length 900 exceeds frame length 12", or "OK".
  std::string toString() const;

  // A subsystem's own finer error kind (for example remoting::FrameError),
  // so callers and tests can branch on it without parsing the message.
  // 0 when not set.
  int detail() const noexcept { return state_ ? state_->detail : 0; }
  Status&& withDetail(int detail) && {
    if (state_) state_->detail = detail;
    return std::move(*this);
  }

  // Discards the value on purpose; says so at the call site.
  void ignoreError() const noexcept {}

 private:
  struct State {
    StatusCode code;
    std::string message;
    int detail = 0;
  };
  std::unique_ptr<State> state_;
};

inline std::ostream& operator<<(std::ostream& os, const Status& s) { return os << s.toString(); }

}  // namespace apogee
