#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "apogee/message.h"

namespace apogee {

// RocketMQ's MessageClientIDSetter: the client-side message id (the UNIQ_KEY
// property) a producer gives every message. 16 bytes written as 32 uppercase
// hex characters:
//
//   bytes 0-3    this host's IPv4 address (a public one if any, else the
//                first non-loopback one; 4 bytes of the clock if none)
//   bytes 4-5    low 16 bits of the process id
//   bytes 6-9    a random int fixed for the process (RocketMQ: the class
//                loader's hash code)
//   bytes 10-13  ms since the start of the current month (local time)
//   bytes 14-15  a process-wide counter, incremented per id
//
// Thread-safe.
class MessageClientIDSetter {
 public:
  // A fresh id.
  static std::string createUniqID();
  // Sets UNIQ_KEY on `msg` unless it already has one.
  static void setUniqID(Message& msg);
  // The message's UNIQ_KEY, empty when none.
  static std::string getUniqID(const Message& msg);
  // The IPv4 address in an id, "a.b.c.d" (empty when `id` is not 32 hex chars).
  static std::string getIPStrFromID(std::string_view id);
  // Approximately when the id was made: the start of the current month plus
  // the id's time field, or of the previous month when that lies in the future.
  static std::chrono::system_clock::time_point getNearlyTimeFromID(std::string_view id);
};

// A decoded offsetMsgId (RocketMQ's MessageId): the storing broker and the
// record's commit-log offset.
struct MessageId {
  std::string address;      // "ip:port" of the broker that stored the record
  std::int64_t offset = 0;  // commit-log offset of the record
};

// Decodes an offsetMsgId (32 hex characters for IPv4, 56 for IPv6). Throws
// MQClientException when it is not one (RocketMQ's MessageDecoder.decodeMessageId).
MessageId decodeMessageId(std::string_view offsetMsgId);

}  // namespace apogee
