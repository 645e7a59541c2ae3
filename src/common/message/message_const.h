#pragma once

#include <string_view>

// Property keys (RocketMQ's MessageConst) that this code base reads or writes.
// The full table is in docs/rocketmq-protocol.md section 4.3.
namespace apogee::message::property {

inline constexpr std::string_view kTags = "TAGS";
inline constexpr std::string_view kKeys = "KEYS";
inline constexpr std::string_view kWaitStoreMsgOk = "WAIT";
inline constexpr std::string_view kDelayTimeLevel = "DELAY";
inline constexpr std::string_view kUniqClientMessageId = "UNIQ_KEY";
inline constexpr std::string_view kRealTopic = "REAL_TOPIC";
inline constexpr std::string_view kRealQueueId = "REAL_QID";
inline constexpr std::string_view kTransactionPrepared = "TRAN_MSG";
inline constexpr std::string_view kProducerGroup = "PGROUP";
inline constexpr std::string_view kCluster = "CLUSTER";

// Separators of the properties string: key 0x01 value 0x02 ...
inline constexpr char kNameValueSeparator = '\x01';
inline constexpr char kPropertySeparator = '\x02';
// KEYS holds several keys separated by this.
inline constexpr char kKeySeparator = ' ';

}  // namespace apogee::message::property
