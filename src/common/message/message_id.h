#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/message/host_address.h"
#include "common/result.h"

namespace apogee::message {

// The broker-generated message id (offsetMsgId): store host address bytes,
// store port (int32) and commit-log offset (int64), as uppercase hex: 32
// characters for IPv4, 56 for IPv6.
std::string encodeOffsetMsgId(const HostAddress& storeHost, int64_t commitLogOffset);

struct OffsetMsgId {
  HostAddress storeHost;
  int64_t commitLogOffset = 0;
};

// Accepts upper or lower case hex of length 32 or 56; InvalidArgument otherwise.
Result<OffsetMsgId> decodeOffsetMsgId(std::string_view id);

}  // namespace apogee::message
