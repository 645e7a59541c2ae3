#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace apogee::message {

// A host as RocketMQ stores it in a record (born host, store host) and in an
// offsetMsgId: 4 (IPv4) or 16 (IPv6) address bytes followed by an int32 port.
struct HostAddress {
  std::array<uint8_t, 16> ip{};  // IPv4 uses the first 4 bytes
  bool v6 = false;
  int32_t port = 0;

  static HostAddress ipv4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, int32_t port);
  // "10.0.0.1:10911" or "[::1]:10911".
  static Result<HostAddress> parse(std::string_view text);

  std::size_t encodedSize() const { return v6 ? 20 : 8; }
  // Writes encodedSize() bytes.
  void encodeTo(char* out) const;
  // Reads 8 or 20 bytes.
  static HostAddress decodeFrom(const char* in, bool v6);

  std::string toString() const;
  bool operator==(const HostAddress&) const = default;
};

}  // namespace apogee::message
