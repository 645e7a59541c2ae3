#include "client/message_codec.h"

#include <cstring>

#include "client/compression.h"
#include "common/message/big_endian.h"
#include "common/message/message_id.h"
#include "common/message/properties.h"
#include "common/message/sys_flag.h"

namespace apogee::client {

std::string encodeProperties(const Message& msg) {
  std::string out;
  std::size_t size = 0;
  for (const auto& [k, v] : msg.getProperties()) size += k.size() + v.size() + 2;
  out.reserve(size);
  for (const auto& [k, v] : msg.getProperties()) message::appendProperty(out, k, v);
  // Java's messageProperties2String drops the separator after the last pair
  // (the 4.9.8 corpus shows it); brokers accept either.
  if (!out.empty()) out.pop_back();
  return out;
}

void appendBatchRecord(const Message& msg, std::string& out) {
  const std::string props = encodeProperties(msg);
  const std::string& body = msg.getBody();
  const std::size_t total = 4 + 4 + 4 + 4 + 4 + body.size() + 2 + props.size();
  const std::size_t at = out.size();
  out.resize(at + total);
  char* p = out.data() + at;
  message::putI32(p, static_cast<std::int32_t>(total));
  message::putI32(p + 4, 0);  // magic code: unused in a batch
  message::putI32(p + 8, 0);  // body CRC: the broker computes it
  message::putI32(p + 12, msg.getFlag());
  message::putI32(p + 16, static_cast<std::int32_t>(body.size()));
  p += 20;
  std::memcpy(p, body.data(), body.size());
  p += body.size();
  message::putBE16(p, static_cast<std::uint16_t>(props.size()));
  std::memcpy(p + 2, props.data(), props.size());
}

std::string encodeBatchBody(const std::vector<Message>& messages) {
  std::string out;
  std::size_t estimate = 0;
  for (const auto& m : messages) estimate += 24 + m.getBody().size() + 64;
  out.reserve(estimate);
  for (const auto& m : messages) appendBatchRecord(m, out);
  return out;
}

Result<MessageExt> toMessageExt(const message::StoredMessage& record, bool decompress) {
  MessageExt ext;
  ext.setTopic(std::string(record.topic));
  ext.setFlag(record.flag);
  ext.setStoreSize(record.totalSize);
  ext.setBodyCRC(record.bodyCrc);
  ext.setQueueId(record.queueId);
  ext.setQueueOffset(record.queueOffset);
  ext.setCommitLogOffset(record.physicalOffset);
  ext.setBornTimestamp(record.bornTimestamp);
  ext.setBornHost(record.bornHost.toString());
  ext.setStoreTimestamp(record.storeTimestamp);
  ext.setStoreHost(record.storeHost.toString());
  ext.setReconsumeTimes(record.reconsumeTimes);
  ext.setPreparedTransactionOffset(record.preparedTransactionOffset);
  std::int32_t sys_flag = record.sysFlag;
  if (decompress && (sys_flag & message::sys_flag::kCompressed) != 0) {
    // Only zlib exists in 4.9.x; 5.x's LZ4/ZSTD type bits would fail here.
    auto inflated = zlibUncompress(record.body, kMaxInflatedBodySize);
    if (!inflated.ok()) return inflated.status();
    ext.setBody(std::move(inflated).value());
    sys_flag &= ~message::sys_flag::kCompressed;
  } else {
    ext.setBody(std::string(record.body));
  }
  ext.setSysFlag(sys_flag);
  std::map<std::string, std::string, std::less<>> props;
  message::forEachProperty(record.properties, [&](std::string_view k, std::string_view v) {
    props.insert_or_assign(std::string(k), std::string(v));
  });
  ext.setProperties(std::move(props));
  ext.setOffsetMsgId(message::encodeOffsetMsgId(record.storeHost, record.physicalOffset));
  return ext;
}

Result<std::vector<MessageExt>> decodeMessages(std::string_view body, bool decompress) {
  std::vector<MessageExt> out;
  while (!body.empty()) {
    auto record = message::decodeStoredMessage(body, false);
    if (!record.ok()) return record.status();
    auto ext = toMessageExt(*record, decompress);
    if (!ext.ok()) return ext.status();
    out.push_back(std::move(ext).value());
    body.remove_prefix(static_cast<std::size_t>(record->totalSize));
  }
  return out;
}

}  // namespace apogee::client
