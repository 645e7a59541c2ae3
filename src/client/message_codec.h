#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "apogee/message.h"
#include "apogee/message_ext.h"
#include "common/message/stored_message.h"
#include "common/result.h"

// Client-side message encodings: the properties string of a Message, the
// batch body of SEND_BATCH_MESSAGE, and stored records -> MessageExt
// (rocketmq-protocol.md 4.1, 4.3, 4.8).
namespace apogee::client {

// The properties string of `msg` as Java writes it: `key 0x01 value` pairs
// joined by 0x02, with no 0x02 after the last pair.
std::string encodeProperties(const Message& msg);

// Appends the batch encoding of `msg` (TOTALSIZE, MAGIC 0, BODYCRC 0, FLAG,
// BODYLEN+BODY, PROPLEN+PROPERTIES) to `out`.
void appendBatchRecord(const Message& msg, std::string& out);
// The whole batch body for `messages`.
std::string encodeBatchBody(const std::vector<Message>& messages);

// A stored record as a MessageExt. When `decompress` and the record's body
// is compressed, the body is inflated and the compressed bit cleared.
Result<MessageExt> toMessageExt(const message::StoredMessage& record, bool decompress);

// Every record of a pull / query response body, in order. Fails on the first
// record that does not decode.
Result<std::vector<MessageExt>> decodeMessages(std::string_view body, bool decompress);

// Largest body the client inflates: RocketMQ's 4 MiB limit with room for
// bodies compressed before they reached it.
inline constexpr std::size_t kMaxInflatedBodySize = 64u * 1024 * 1024;

}  // namespace apogee::client
