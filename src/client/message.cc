#include "apogee/message.h"

#include <array>
#include <charconv>
#include <stdexcept>

#include "apogee/consumer_types.h"
#include "apogee/message_ext.h"
#include "apogee/message_queue.h"
#include "apogee/pull_result.h"
#include "apogee/send_result.h"

namespace apogee {
namespace {

constexpr std::string_view kTags = "TAGS";
constexpr std::string_view kKeys = "KEYS";
constexpr std::string_view kWait = "WAIT";
constexpr std::string_view kDelay = "DELAY";
constexpr std::string_view kUniqKey = "UNIQ_KEY";

// RocketMQ's MessageConst.STRING_HASH_SET (4.9.8): names putUserProperty refuses.
constexpr std::array<std::string_view, 41> kSystemPropertyNames = {"TRACE_ON",
                                                                   "MSG_REGION",
                                                                   "KEYS",
                                                                   "TAGS",
                                                                   "WAIT",
                                                                   "DELAY",
                                                                   "RETRY_TOPIC",
                                                                   "REAL_TOPIC",
                                                                   "REAL_QID",
                                                                   "TRAN_MSG",
                                                                   "PGROUP",
                                                                   "MIN_OFFSET",
                                                                   "MAX_OFFSET",
                                                                   "BUYER_ID",
                                                                   "ORIGIN_MESSAGE_ID",
                                                                   "TRANSFER_FLAG",
                                                                   "CORRECTION_FLAG",
                                                                   "MQ2_FLAG",
                                                                   "RECONSUME_TIME",
                                                                   "UNIQ_KEY",
                                                                   "MAX_RECONSUME_TIMES",
                                                                   "CONSUME_START_TIME",
                                                                   "TRAN_PREPARED_QUEUE_OFFSET",
                                                                   "TRANSACTION_CHECK_TIMES",
                                                                   "CHECK_IMMUNITY_TIME_IN_SECONDS",
                                                                   "INSTANCE_ID",
                                                                   "CORRELATION_ID",
                                                                   "REPLY_TO_CLIENT",
                                                                   "TTL",
                                                                   "ARRIVE_TIME",
                                                                   "PUSH_REPLY_TIME",
                                                                   "CLUSTER",
                                                                   "MSG_TYPE",
                                                                   "EXTEND_UNIQ_INFO",
                                                                   "__STARTDELIVERTIME",
                                                                   "__SHARDINGKEY",
                                                                   "__transactionId__",
                                                                   "TIMER_DELIVER_MS",
                                                                   "TIMER_DELAY_SEC",
                                                                   "TIMER_DELAY_MS",
                                                                   "TIMER_DELAY_LEVEL"};

bool isSystemPropertyName(std::string_view name) {
  for (auto n : kSystemPropertyNames) {
    if (n == name) return true;
  }
  return false;
}

bool hasSeparator(std::string_view s) {
  return s.find('\x01') != std::string_view::npos || s.find('\x02') != std::string_view::npos;
}

}  // namespace

Message::Message(std::string topic, std::string body)
    : Message(std::move(topic), {}, {}, 0, std::move(body), true) {}

Message::Message(std::string topic, std::string tags, std::string body)
    : Message(std::move(topic), std::move(tags), {}, 0, std::move(body), true) {}

Message::Message(std::string topic, std::string tags, std::string keys, std::string body)
    : Message(std::move(topic), std::move(tags), std::move(keys), 0, std::move(body), true) {}

Message::Message(std::string topic, std::string tags, std::string keys, std::int32_t flag,
                 std::string body, bool waitStoreMsgOK)
    : topic_(std::move(topic)), flag_(flag), body_(std::move(body)) {
  if (!tags.empty()) setTags(std::move(tags));
  if (!keys.empty()) setKeys(std::move(keys));
  setWaitStoreMsgOK(waitStoreMsgOK);
}

void Message::setTags(std::string tags) {
  if (tags.empty()) {
    clearProperty(kTags);
  } else {
    putProperty(std::string(kTags), std::move(tags));
  }
}

void Message::setKeys(std::string keys) {
  if (keys.empty()) {
    clearProperty(kKeys);
  } else {
    putProperty(std::string(kKeys), std::move(keys));
  }
}

void Message::setKeys(const std::vector<std::string>& keys) {
  std::string joined;
  for (const auto& k : keys) {
    if (k.empty()) continue;
    if (!joined.empty()) joined += kKeySeparator;
    joined += k;
  }
  setKeys(std::move(joined));
}

std::int32_t Message::getDelayTimeLevel() const {
  auto it = properties_.find(kDelay);
  if (it == properties_.end()) return 0;
  std::int32_t level = 0;
  const auto& s = it->second;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), level);
  return ec == std::errc() && ptr == s.data() + s.size() ? level : 0;
}

void Message::setDelayTimeLevel(std::int32_t level) {
  if (level == 0) {
    clearProperty(kDelay);
  } else {
    putProperty(std::string(kDelay), std::to_string(level));
  }
}

bool Message::isWaitStoreMsgOK() const {
  auto it = properties_.find(kWait);
  return it == properties_.end() || it->second == "true";
}

void Message::setWaitStoreMsgOK(bool waitStoreMsgOK) {
  putProperty(std::string(kWait), waitStoreMsgOK ? "true" : "false");
}

std::string Message::getProperty(std::string_view name) const {
  auto it = properties_.find(name);
  return it == properties_.end() ? std::string() : it->second;
}

bool Message::hasProperty(std::string_view name) const { return properties_.contains(name); }

void Message::putUserProperty(std::string name, std::string value) {
  if (name.empty() || value.empty()) {
    throw std::invalid_argument("The name or value of property can not be null or blank string!");
  }
  if (isSystemPropertyName(name)) {
    throw std::invalid_argument("The Property<" + name +
                                "> is used by system, input another please");
  }
  if (hasSeparator(name) || hasSeparator(value)) {
    throw std::invalid_argument("property name and value may not contain the bytes 0x01 or 0x02");
  }
  properties_.insert_or_assign(std::move(name), std::move(value));
}

void Message::putProperty(std::string name, std::string value) {
  properties_.insert_or_assign(std::move(name), std::move(value));
}

void Message::clearProperty(std::string_view name) {
  auto it = properties_.find(name);
  if (it != properties_.end()) properties_.erase(it);
}

std::string Message::toString() const {
  std::string out =
      "Message{topic='" + topic_ + "', flag=" + std::to_string(flag_) + ", properties={";
  bool first = true;
  for (const auto& [k, v] : properties_) {
    if (!first) out += ", ";
    first = false;
    out += k + "=" + v;
  }
  out += "}, body=" + std::to_string(body_.size()) + " bytes";
  if (!transaction_id_.empty()) out += ", transactionId='" + transaction_id_ + "'";
  out += "}";
  return out;
}

std::string MessageExt::getMsgId() const {
  auto uniq = getProperty(kUniqKey);
  return uniq.empty() ? offset_msg_id_ : uniq;
}

std::string MessageExt::toString() const {
  return "MessageExt [queueId=" + std::to_string(queue_id_) +
         ", storeSize=" + std::to_string(store_size_) +
         ", queueOffset=" + std::to_string(queue_offset_) +
         ", sysFlag=" + std::to_string(sys_flag_) +
         ", bornTimestamp=" + std::to_string(born_timestamp_) + ", bornHost=" + born_host_ +
         ", storeTimestamp=" + std::to_string(store_timestamp_) + ", storeHost=" + store_host_ +
         ", msgId=" + getMsgId() + ", offsetMsgId=" + offset_msg_id_ +
         ", commitLogOffset=" + std::to_string(commit_log_offset_) +
         ", bodyCRC=" + std::to_string(body_crc_) +
         ", reconsumeTimes=" + std::to_string(reconsume_times_) +
         ", preparedTransactionOffset=" + std::to_string(prepared_transaction_offset_) + ", " +
         Message::toString() + "]";
}

std::string MessageQueue::toString() const {
  return "MessageQueue [topic=" + topic_ + ", brokerName=" + broker_name_ +
         ", queueId=" + std::to_string(queue_id_) + "]";
}

std::string_view sendStatusName(SendStatus status) {
  switch (status) {
    case SendStatus::SEND_OK:
      return "SEND_OK";
    case SendStatus::FLUSH_DISK_TIMEOUT:
      return "FLUSH_DISK_TIMEOUT";
    case SendStatus::FLUSH_SLAVE_TIMEOUT:
      return "FLUSH_SLAVE_TIMEOUT";
    case SendStatus::SLAVE_NOT_AVAILABLE:
      return "SLAVE_NOT_AVAILABLE";
  }
  return "UNKNOWN";
}

std::string SendResult::toString() const {
  return "SendResult [sendStatus=" + std::string(sendStatusName(send_status_)) +
         ", msgId=" + msg_id_ + ", offsetMsgId=" + offset_msg_id_ +
         ", messageQueue=" + message_queue_.toString() +
         ", queueOffset=" + std::to_string(queue_offset_) + "]";
}

std::string_view pullStatusName(PullStatus status) {
  switch (status) {
    case PullStatus::FOUND:
      return "FOUND";
    case PullStatus::NO_NEW_MSG:
      return "NO_NEW_MSG";
    case PullStatus::NO_MATCHED_MSG:
      return "NO_MATCHED_MSG";
    case PullStatus::OFFSET_ILLEGAL:
      return "OFFSET_ILLEGAL";
  }
  return "UNKNOWN";
}

std::string PullResult::toString() const {
  return "PullResult [pullStatus=" + std::string(pullStatusName(pull_status_)) +
         ", nextBeginOffset=" + std::to_string(next_begin_offset_) +
         ", minOffset=" + std::to_string(min_offset_) +
         ", maxOffset=" + std::to_string(max_offset_) +
         ", msgFoundList=" + std::to_string(msg_found_list_.size()) + "]";
}

std::string_view messageModelName(MessageModel model) {
  return model == MessageModel::BROADCASTING ? "BROADCASTING" : "CLUSTERING";
}

std::string_view consumeFromWhereName(ConsumeFromWhere where) {
  switch (where) {
    case ConsumeFromWhere::CONSUME_FROM_LAST_OFFSET:
      return "CONSUME_FROM_LAST_OFFSET";
    case ConsumeFromWhere::CONSUME_FROM_LAST_OFFSET_AND_FROM_MIN_WHEN_BOOT_FIRST:
      return "CONSUME_FROM_LAST_OFFSET_AND_FROM_MIN_WHEN_BOOT_FIRST";
    case ConsumeFromWhere::CONSUME_FROM_MIN_OFFSET:
      return "CONSUME_FROM_MIN_OFFSET";
    case ConsumeFromWhere::CONSUME_FROM_MAX_OFFSET:
      return "CONSUME_FROM_MAX_OFFSET";
    case ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET:
      return "CONSUME_FROM_FIRST_OFFSET";
    case ConsumeFromWhere::CONSUME_FROM_TIMESTAMP:
      return "CONSUME_FROM_TIMESTAMP";
  }
  return "CONSUME_FROM_LAST_OFFSET";
}

}  // namespace apogee
