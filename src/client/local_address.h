#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace apogee::client {

// This host's IPv4 address as RocketMQ picks it (UtilAll.getIP): the first
// public address of any interface, else the first private (10/8, 172.16/12,
// 192.168/16) one; loopback, 0.x and multicast/broadcast addresses are
// skipped. nullopt when the host has none. Reads the interfaces once per call.
std::optional<std::array<std::uint8_t, 4>> localIPv4();

// localIPv4() as "a.b.c.d", or "127.0.0.1" when there is none.
std::string localIPv4String();

}  // namespace apogee::client
