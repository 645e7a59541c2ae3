#pragma once

#include <cstdint>
#include <cstring>

// Big-endian (network order, Java ByteBuffer default) loads and stores on raw
// bytes. Callers check bounds; these do not.
namespace apogee::message {

inline void putBE32(char* p, uint32_t v) {
  p[0] = static_cast<char>(v >> 24);
  p[1] = static_cast<char>(v >> 16);
  p[2] = static_cast<char>(v >> 8);
  p[3] = static_cast<char>(v);
}
inline void putBE16(char* p, uint16_t v) {
  p[0] = static_cast<char>(v >> 8);
  p[1] = static_cast<char>(v);
}
inline void putBE64(char* p, uint64_t v) {
  putBE32(p, static_cast<uint32_t>(v >> 32));
  putBE32(p + 4, static_cast<uint32_t>(v));
}
inline uint32_t getBE32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) | (uint32_t{u[2]} << 8) | uint32_t{u[3]};
}
inline uint16_t getBE16(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return static_cast<uint16_t>((u[0] << 8) | u[1]);
}
inline uint64_t getBE64(const char* p) {
  return (uint64_t{getBE32(p)} << 32) | getBE32(p + 4);
}
inline void putI32(char* p, int32_t v) { putBE32(p, static_cast<uint32_t>(v)); }
inline void putI64(char* p, int64_t v) { putBE64(p, static_cast<uint64_t>(v)); }
inline int32_t getI32(const char* p) { return static_cast<int32_t>(getBE32(p)); }
inline int64_t getI64(const char* p) { return static_cast<int64_t>(getBE64(p)); }

}  // namespace apogee::message
