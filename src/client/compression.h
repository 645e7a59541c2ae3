#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.h"

// zlib (RFC 1950, java.util.zip.Deflater/Inflater framing) for message bodies
// (rocketmq-protocol.md 4.7).
namespace apogee::client {

// Compresses `in` at `level` (RocketMQ's compressLevel, default 5).
std::string zlibCompress(std::string_view in, int level);

// Inflates `in`; Corruption when it is not a complete zlib stream or would
// inflate past `max_size` bytes.
Result<std::string> zlibUncompress(std::string_view in, std::size_t max_size);

}  // namespace apogee::client
