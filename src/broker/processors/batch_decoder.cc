#include "broker/processors/batch_decoder.h"

#include "broker/uniq_key.h"
#include "common/message/big_endian.h"
#include "common/message/message_const.h"
#include "common/message/properties.h"

namespace apogee::broker {

namespace prop = message::property;

std::vector<store::BatchEntry> DecodedBatch::entries() const {
  std::vector<store::BatchEntry> out;
  out.reserve(items_.size());
  const std::string_view all = properties_;
  for (const auto& item : items_) {
    out.push_back({item.flag, item.body, all.substr(item.propsBegin, item.propsEnd - item.propsBegin)});
  }
  return out;
}

Result<DecodedBatch> decodeBatch(std::string_view body, std::string_view batch_properties,
                                 std::string_view cluster) {
  if (body.empty()) return Status::InvalidArgument("batch body is empty");
  DecodedBatch batch;
  batch.properties_.reserve(body.size() / 2 + 64);
  std::size_t pos = 0;
  auto readInt32 = [&](std::size_t at) {
    return message::getI32(body.data() + at);
  };
  while (pos < body.size()) {
    constexpr std::size_t kFixed = 4 + 4 + 4 + 4 + 4;  // size, magic, crc, flag, body length
    if (body.size() - pos < kFixed) {
      return Status::InvalidArgument("batch message at byte " + std::to_string(pos) + " is truncated");
    }
    const std::int32_t total = readInt32(pos);
    const std::int32_t flag = readInt32(pos + 12);
    const std::int32_t body_len = readInt32(pos + 16);
    if (total < static_cast<std::int32_t>(kFixed + 2) || body_len < 0 ||
        static_cast<std::size_t>(total) > body.size() - pos ||
        static_cast<std::size_t>(body_len) > static_cast<std::size_t>(total) - kFixed - 2) {
      return Status::InvalidArgument("batch message at byte " + std::to_string(pos) +
                                     " has inconsistent lengths");
    }
    const std::size_t body_at = pos + kFixed;
    const std::size_t props_len_at = body_at + static_cast<std::size_t>(body_len);
    const auto props_len =
        static_cast<std::size_t>(message::getBE16(body.data() + props_len_at));
    if (props_len_at + 2 + props_len != pos + static_cast<std::size_t>(total)) {
      return Status::InvalidArgument("batch message at byte " + std::to_string(pos) +
                                     " has inconsistent lengths");
    }
    const std::string_view own_props = body.substr(props_len_at + 2, props_len);

    DecodedBatch::Item item;
    item.flag = flag;
    item.body = body.substr(body_at, static_cast<std::size_t>(body_len));
    item.propsBegin = batch.properties_.size();
    std::string& out = batch.properties_;
    out.append(own_props);
    if (!out.empty() && out.size() > item.propsBegin && out.back() != prop::kPropertySeparator) {
      out.push_back(prop::kPropertySeparator);
    }
    if (!message::findProperty(own_props, prop::kUniqClientMessageId)) {
      message::appendProperty(out, prop::kUniqClientMessageId, createUniqKey());
    }
    message::forEachProperty(batch_properties, [&](std::string_view k, std::string_view v) {
      message::appendProperty(out, k, v);
    });
    message::appendProperty(out, prop::kCluster, cluster);
    item.propsEnd = out.size();
    batch.items_.push_back(item);
    pos += static_cast<std::size_t>(total);
  }
  return batch;
}

}  // namespace apogee::broker
