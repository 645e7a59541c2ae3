#include "client/local_address.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include <cstdio>
#include <cstring>

namespace apogee::client {
namespace {

bool usable(const std::array<std::uint8_t, 4>& ip) {
  // Loopback, "this network", multicast and reserved ranges are not addresses
  // another host can reach us at.
  return ip[0] != 127 && ip[0] != 0 && ip[0] < 224;
}

bool isPrivate(const std::array<std::uint8_t, 4>& ip) {
  return ip[0] == 10 || (ip[0] == 172 && ip[1] >= 16 && ip[1] <= 31) ||
         (ip[0] == 192 && ip[1] == 168);
}

}  // namespace

std::optional<std::array<std::uint8_t, 4>> localIPv4() {
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return std::nullopt;
  std::optional<std::array<std::uint8_t, 4>> first_private;
  std::optional<std::array<std::uint8_t, 4>> found;
  for (ifaddrs* it = list; it != nullptr && !found; it = it->ifa_next) {
    if (it->ifa_addr == nullptr || it->ifa_addr->sa_family != AF_INET) continue;
    sockaddr_in sin{};
    std::memcpy(&sin, it->ifa_addr, sizeof(sin));
    const std::uint32_t host = ntohl(sin.sin_addr.s_addr);
    const std::array<std::uint8_t, 4> ip{
        static_cast<std::uint8_t>(host >> 24), static_cast<std::uint8_t>(host >> 16),
        static_cast<std::uint8_t>(host >> 8), static_cast<std::uint8_t>(host)};
    if (!usable(ip)) continue;
    if (!isPrivate(ip)) {
      found = ip;
    } else if (!first_private) {
      first_private = ip;
    }
  }
  ::freeifaddrs(list);
  return found ? found : first_private;
}

std::string localIPv4String() {
  const auto ip = localIPv4();
  if (!ip) return "127.0.0.1";
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%u.%u.%u.%u", (*ip)[0], (*ip)[1], (*ip)[2], (*ip)[3]);
  return buf;
}

}  // namespace apogee::client
