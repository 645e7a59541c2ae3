#include "client/compression.h"

#include <zlib.h>

#include <algorithm>

namespace apogee::client {

std::string zlibCompress(std::string_view in, int level) {
  uLongf bound = compressBound(static_cast<uLong>(in.size()));
  std::string out(bound, '\0');
  // compress2 writes the RFC 1950 wrapper, as Java's Deflater does by default.
  compress2(reinterpret_cast<Bytef*>(out.data()), &bound, reinterpret_cast<const Bytef*>(in.data()),
            static_cast<uLong>(in.size()), level);
  out.resize(bound);
  return out;
}

Result<std::string> zlibUncompress(std::string_view in, std::size_t max_size) {
  z_stream zs{};
  if (inflateInit(&zs) != Z_OK) return Status::Internal("inflateInit failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  std::string out;
  out.resize(std::min<std::size_t>(max_size, std::max<std::size_t>(in.size() * 4, 256)));
  std::size_t produced = 0;
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    if (produced == out.size()) {
      if (out.size() >= max_size) {
        inflateEnd(&zs);
        return Status::Corruption("inflated body exceeds " + std::to_string(max_size) + " bytes");
      }
      out.resize(std::min(max_size, out.size() * 2));
    }
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    zs.avail_out = static_cast<uInt>(out.size() - produced);
    rc = inflate(&zs, Z_NO_FLUSH);
    produced = out.size() - zs.avail_out;
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      return Status::Corruption("body is not a zlib stream");
    }
    if (rc == Z_OK && zs.avail_in == 0 && produced < out.size()) {
      inflateEnd(&zs);
      return Status::Corruption("truncated zlib stream");
    }
  }
  inflateEnd(&zs);
  out.resize(produced);
  return out;
}

}  // namespace apogee::client
