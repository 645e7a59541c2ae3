#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "remoting/headers/header_fields.h"

// Producer headers: send, send-back, transactions (rocketmq-protocol.md 3.2).
namespace apogee::remoting {

// SEND_MESSAGE (10) and SEND_REPLY_MESSAGE (324) request, producer -> broker.
// The long-name form; Java clients send V2 unless told otherwise.
struct SendMessageRequestHeader {
  std::string producerGroup;
  std::string topic;
  std::string defaultTopic;                // auto-create key topic, normally "TBW102"
  std::int32_t defaultTopicQueueNums = 0;  // queue count for an auto-created topic
  std::int32_t queueId = 0;                // < 0: the broker picks a writable queue
  std::int32_t sysFlag = 0;                // message sysFlag (compression, transaction bits)
  std::int64_t bornTimestamp = 0;          // ms
  std::int32_t flag = 0;                   // user flag (Message.flag)
  std::optional<std::string> properties;   // name\x01value pairs joined by \x02
  std::optional<std::int32_t> reconsumeTimes;
  bool unitMode = false;
  bool batch = false;
  std::optional<std::int32_t> maxReconsumeTimes;  // only for %RETRY% topics

  static constexpr std::string_view kName = "SendMessageRequestHeader";
  using Self = SendMessageRequestHeader;
  static constexpr auto kFields = std::make_tuple(
      field("producerGroup", &Self::producerGroup), field("topic", &Self::topic),
      field("defaultTopic", &Self::defaultTopic),
      field("defaultTopicQueueNums", &Self::defaultTopicQueueNums),
      field("queueId", &Self::queueId), field("sysFlag", &Self::sysFlag),
      field("bornTimestamp", &Self::bornTimestamp), field("flag", &Self::flag),
      optionalField("properties", &Self::properties),
      optionalField("reconsumeTimes", &Self::reconsumeTimes),
      defaultedField("unitMode", &Self::unitMode), defaultedField("batch", &Self::batch),
      optionalField("maxReconsumeTimes", &Self::maxReconsumeTimes));
  bool operator==(const SendMessageRequestHeader&) const = default;
};

// SEND_MESSAGE_V2 (310), SEND_BATCH_MESSAGE (320) and SEND_REPLY_MESSAGE_V2 (325)
// request, producer -> broker. The V1 fields under one-letter keys, in the
// same order; a binary "fast" header whose key order Java fixes.
struct SendMessageRequestHeaderV2 {
  std::string a;                  // producerGroup
  std::string b;                  // topic
  std::string c;                  // defaultTopic
  std::int32_t d = 0;             // defaultTopicQueueNums
  std::int32_t e = 0;             // queueId
  std::int32_t f = 0;             // sysFlag
  std::int64_t g = 0;             // bornTimestamp
  std::int32_t h = 0;             // flag
  std::optional<std::string> i;   // properties
  std::optional<std::int32_t> j;  // reconsumeTimes
  bool k = false;                 // unitMode
  std::optional<std::int32_t> l;  // maxReconsumeTimes
  bool m = false;                 // batch
  std::optional<std::string> n;   // brokerName (4.9.8+); no V1 counterpart

  static constexpr std::string_view kName = "SendMessageRequestHeaderV2";
  using Self = SendMessageRequestHeaderV2;
  static constexpr auto kFields = std::make_tuple(
      field("a", &Self::a), field("b", &Self::b), field("c", &Self::c), field("d", &Self::d),
      field("e", &Self::e), field("f", &Self::f), field("g", &Self::g), field("h", &Self::h),
      optionalField("i", &Self::i), optionalField("j", &Self::j), defaultedField("k", &Self::k),
      optionalField("l", &Self::l), defaultedField("m", &Self::m), optionalField("n", &Self::n));
  bool operator==(const SendMessageRequestHeaderV2&) const = default;
};

// Field-by-field conversions. V2's `n` (broker name) has no V1 field: toV1
// drops it and toV2 leaves it unset.
SendMessageRequestHeaderV2 toV2(const SendMessageRequestHeader& v1);
SendMessageRequestHeader toV1(const SendMessageRequestHeaderV2& v2);

// Response to SEND_MESSAGE / SEND_MESSAGE_V2 / SEND_BATCH_MESSAGE, broker ->
// producer. A binary "fast" header. The broker adds MSG_REGION and TRACE_ON
// after these fields.
struct SendMessageResponseHeader {
  std::string msgId;  // offsetMsgId; comma-joined for a batch
  std::int32_t queueId = 0;
  std::int64_t queueOffset = 0;              // first offset for a batch
  std::optional<std::string> transactionId;  // the message's UNIQ_KEY
  std::optional<std::string> batchUniqId;    // 5.x
  std::optional<std::string> recallHandle;   // 5.3+

  static constexpr std::string_view kName = "SendMessageResponseHeader";
  using Self = SendMessageResponseHeader;
  static constexpr auto kFields =
      std::make_tuple(field("msgId", &Self::msgId), field("queueId", &Self::queueId),
                      field("queueOffset", &Self::queueOffset),
                      optionalField("transactionId", &Self::transactionId),
                      optionalField("batchUniqId", &Self::batchUniqId),
                      optionalField("recallHandle", &Self::recallHandle));
  bool operator==(const SendMessageResponseHeader&) const = default;
};

// Extra keys of a send response, written after the header's own.
inline constexpr std::string_view kMsgRegionField = "MSG_REGION";
inline constexpr std::string_view kTraceOnField = "TRACE_ON";

// CONSUMER_SEND_MSG_BACK (36) request, consumer -> broker: a message whose
// consumption failed goes to the retry topic or the dead-letter queue.
struct ConsumerSendMsgBackRequestHeader {
  std::int64_t offset = 0;      // COMMIT-LOG offset of the message, not its queue offset
  std::string group;            // consumer group
  std::int32_t delayLevel = 0;  // 0: broker picks 3 + reconsumeTimes; < 0: dead-letter now
  std::optional<std::string> originMsgId;
  std::optional<std::string> originTopic;
  bool unitMode = false;
  std::optional<std::int32_t> maxReconsumeTimes;

  static constexpr std::string_view kName = "ConsumerSendMsgBackRequestHeader";
  using Self = ConsumerSendMsgBackRequestHeader;
  static constexpr auto kFields = std::make_tuple(
      field("offset", &Self::offset), field("group", &Self::group),
      field("delayLevel", &Self::delayLevel), optionalField("originMsgId", &Self::originMsgId),
      optionalField("originTopic", &Self::originTopic), defaultedField("unitMode", &Self::unitMode),
      optionalField("maxReconsumeTimes", &Self::maxReconsumeTimes));
  bool operator==(const ConsumerSendMsgBackRequestHeader&) const = default;
};

// commitOrRollback values of END_TRANSACTION (MessageSysFlag transaction types).
inline constexpr std::int32_t kTransactionNotType = 0;        // unknown: the broker ignores it
inline constexpr std::int32_t kTransactionCommitType = 8;     // commit the half message
inline constexpr std::int32_t kTransactionRollbackType = 12;  // roll it back

// END_TRANSACTION (37) request, producer -> broker, oneway. `remark` may carry
// the text of a local exception.
struct EndTransactionRequestHeader {
  std::optional<std::string> topic;  // 5.x
  std::string producerGroup;
  std::int64_t tranStateTableOffset = 0;  // the half message's queue offset
  std::int64_t commitLogOffset = 0;       // decoded from the offsetMsgId
  std::int32_t commitOrRollback = kTransactionNotType;
  bool fromTransactionCheck = false;  // answering CHECK_TRANSACTION_STATE
  std::string msgId;                  // UNIQ_KEY
  std::optional<std::string> transactionId;

  static constexpr std::string_view kName = "EndTransactionRequestHeader";
  using Self = EndTransactionRequestHeader;
  static constexpr auto kFields = std::make_tuple(
      optionalField("topic", &Self::topic), field("producerGroup", &Self::producerGroup),
      field("tranStateTableOffset", &Self::tranStateTableOffset),
      field("commitLogOffset", &Self::commitLogOffset),
      field("commitOrRollback", &Self::commitOrRollback),
      defaultedField("fromTransactionCheck", &Self::fromTransactionCheck),
      field("msgId", &Self::msgId), optionalField("transactionId", &Self::transactionId));
  bool operator==(const EndTransactionRequestHeader&) const = default;
};

// CHECK_TRANSACTION_STATE (39) request, broker -> producer, oneway; the body is
// the half message. The producer answers with END_TRANSACTION.
struct CheckTransactionStateRequestHeader {
  std::optional<std::string> topic;  // 5.x
  std::int64_t tranStateTableOffset = 0;
  std::int64_t commitLogOffset = 0;
  std::optional<std::string> msgId;
  std::optional<std::string> transactionId;
  std::optional<std::string> offsetMsgId;

  static constexpr std::string_view kName = "CheckTransactionStateRequestHeader";
  using Self = CheckTransactionStateRequestHeader;
  static constexpr auto kFields = std::make_tuple(
      optionalField("topic", &Self::topic),
      field("tranStateTableOffset", &Self::tranStateTableOffset),
      field("commitLogOffset", &Self::commitLogOffset), optionalField("msgId", &Self::msgId),
      optionalField("transactionId", &Self::transactionId),
      optionalField("offsetMsgId", &Self::offsetMsgId));
  bool operator==(const CheckTransactionStateRequestHeader&) const = default;
};

}  // namespace apogee::remoting
