#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace apogee::client {

// The MD5 digest (RFC 1321) of `data`. Used only for RocketMQ's consistent
// hash ring, where the digest must equal Java's MessageDigest("MD5"); not for
// anything that needs a secure hash.
std::array<std::uint8_t, 16> md5(std::string_view data);

}  // namespace apogee::client
