#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "common/status.h"

namespace apogee {

// A value or the Status saying why there is none (std::expected is C++23).
// Constructing from an OK Status is a programming error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : data_(std::in_place_index<1>, std::move(status)) {  // NOLINT
    assert(!std::get<1>(data_).ok() && "Result built from an OK status");
  }

  bool ok() const noexcept { return data_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & { return std::get<0>(data_); }
  const T& value() const& { return std::get<0>(data_); }
  T&& value() && { return std::get<0>(std::move(data_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // OK when a value is held.
  Status status() const { return ok() ? Status::OK() : std::get<1>(data_); }
  const Status& error() const { return std::get<1>(data_); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace apogee

// Returns the Status of `expr` from the enclosing function when it is an error.
#define APOGEE_RETURN_IF_ERROR(expr)          \
  do {                                        \
    ::apogee::Status apogee_status_ = (expr); \
    if (!apogee_status_.ok()) return apogee_status_; \
  } while (false)
