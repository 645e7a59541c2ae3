#include "common/message/host_address.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

#include "common/message/big_endian.h"

namespace apogee::message {

HostAddress HostAddress::ipv4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, int32_t port) {
  HostAddress h;
  h.ip[0] = a;
  h.ip[1] = b;
  h.ip[2] = c;
  h.ip[3] = d;
  h.port = port;
  return h;
}

Result<HostAddress> HostAddress::parse(std::string_view text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon + 1 >= text.size()) {
    return Status::InvalidArgument("host address without port: '" + std::string(text) + "'");
  }
  std::string_view host = text.substr(0, colon);
  std::string_view port_text = text.substr(colon + 1);
  int32_t port = 0;
  auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || ptr != port_text.data() + port_text.size() || port < 0 || port > 65535) {
    return Status::InvalidArgument("bad port in host address '" + std::string(text) + "'");
  }
  HostAddress h;
  h.port = port;
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    std::string inner(host.substr(1, host.size() - 2));
    if (inet_pton(AF_INET6, inner.c_str(), h.ip.data()) != 1) {
      return Status::InvalidArgument("bad IPv6 address '" + inner + "'");
    }
    h.v6 = true;
    return h;
  }
  std::string v4(host);
  if (inet_pton(AF_INET, v4.c_str(), h.ip.data()) != 1) {
    return Status::InvalidArgument("bad IPv4 address '" + v4 + "'");
  }
  return h;
}

void HostAddress::encodeTo(char* out) const {
  const std::size_t n = v6 ? 16 : 4;
  std::memcpy(out, ip.data(), n);
  putI32(out + n, port);
}

HostAddress HostAddress::decodeFrom(const char* in, bool is_v6) {
  HostAddress h;
  h.v6 = is_v6;
  const std::size_t n = is_v6 ? 16 : 4;
  std::memcpy(h.ip.data(), in, n);
  h.port = getI32(in + n);
  return h;
}

std::string HostAddress::toString() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(v6 ? AF_INET6 : AF_INET, ip.data(), buf, sizeof(buf));
  std::string out = v6 ? "[" + std::string(buf) + "]" : std::string(buf);
  return out + ":" + std::to_string(port);
}

}  // namespace apogee::message
