#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "store/put_message.h"

namespace apogee::broker {

// The messages of a SEND_BATCH_MESSAGE body (rocketmq-protocol.md 4.8):
// per message TOTALSIZE, MAGICCODE, BODYCRC, FLAG, BODYLEN + BODY,
// PROPLEN + PROPERTIES (big-endian). As 4.9.8 does, each message is stored
// with its own properties followed by the batch header's properties and
// CLUSTER; a message without UNIQ_KEY gets one.
class DecodedBatch {
 public:
  // Entries whose bodies point into the decoded body and whose properties
  // point into this object; valid while both live.
  std::vector<store::BatchEntry> entries() const;
  std::size_t size() const { return items_.size(); }

 private:
  friend Result<DecodedBatch> decodeBatch(std::string_view body, std::string_view batch_properties,
                                          std::string_view cluster);
  struct Item {
    std::int32_t flag = 0;
    std::string_view body;
    std::size_t propsBegin = 0;
    std::size_t propsEnd = 0;
  };
  std::vector<Item> items_;
  std::string properties_;  // every message's properties, back to back
};

// InvalidArgument naming the problem when the body is empty, truncated or
// inconsistent.
Result<DecodedBatch> decodeBatch(std::string_view body, std::string_view batch_properties,
                                 std::string_view cluster);

}  // namespace apogee::broker
