#pragma once

#include <compare>
#include <cstddef>
#include <functional>
#include <ostream>

namespace apogee {

// An integer that does not mix with integers of another meaning (after
// redpanda's named_type in src/v/model/fundamental.h). A CommitLogOffset and a
// QueueOffset are both int64 in RocketMQ; here passing one where the other is
// expected does not compile. Arithmetic is limited to what offsets need:
// adding a plain delta and taking the distance between two values.
template <typename T, typename Tag>
class StrongInt {
 public:
  using ValueType = T;

  constexpr StrongInt() noexcept = default;
  constexpr explicit StrongInt(T value) noexcept : value_(value) {}

  constexpr T value() const noexcept { return value_; }

  constexpr auto operator<=>(const StrongInt&) const noexcept = default;

  constexpr StrongInt operator+(T delta) const noexcept { return StrongInt(value_ + delta); }
  constexpr StrongInt operator-(T delta) const noexcept { return StrongInt(value_ - delta); }
  constexpr T operator-(StrongInt other) const noexcept { return value_ - other.value_; }
  constexpr StrongInt& operator+=(T delta) noexcept {
    value_ += delta;
    return *this;
  }
  constexpr StrongInt& operator++() noexcept {
    ++value_;
    return *this;
  }

  friend std::ostream& operator<<(std::ostream& os, StrongInt v) { return os << v.value_; }

 private:
  T value_{};
};

}  // namespace apogee

template <typename T, typename Tag>
struct std::hash<apogee::StrongInt<T, Tag>> {
  std::size_t operator()(apogee::StrongInt<T, Tag> v) const noexcept {
    return std::hash<T>{}(v.value());
  }
};
