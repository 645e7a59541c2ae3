#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace apogee {

// A message to send: topic, body, user flag and a string-to-string property
// map. Tags, keys, delay level and "wait for store" are properties under
// RocketMQ's system keys (TAGS, KEYS, DELAY, WAIT), exactly as in RocketMQ's
// Message, so they reach the broker in the properties string.
//
// A plain value type: copyable, movable, not thread-safe. The body is an
// opaque byte string (std::string is used as a byte container).
class Message {
 public:
  // Separator of several keys inside the KEYS property.
  static constexpr char kKeySeparator = ' ';

  // An empty message; WAIT is not set (isWaitStoreMsgOK() still reads true).
  Message() = default;
  // A message for `topic`; like RocketMQ's constructors these set WAIT=true.
  Message(std::string topic, std::string body);
  // A message with one tag (empty: none).
  Message(std::string topic, std::string tags, std::string body);
  // A message with a tag and space-separated keys.
  Message(std::string topic, std::string tags, std::string keys, std::string body);
  // The full form of RocketMQ's constructor.
  Message(std::string topic, std::string tags, std::string keys, std::int32_t flag,
          std::string body, bool waitStoreMsgOK);

  // The topic the message goes to (without the client's namespace).
  const std::string& getTopic() const noexcept { return topic_; }
  // Sets the topic.
  void setTopic(std::string topic) { topic_ = std::move(topic); }

  // The TAGS property, empty when absent.
  std::string getTags() const { return getProperty("TAGS"); }
  // Sets the TAGS property (consumers filter on it); empty removes it.
  void setTags(std::string tags);

  // The KEYS property: keys joined by spaces, empty when absent.
  std::string getKeys() const { return getProperty("KEYS"); }
  // Sets the KEYS property from a space-separated string; empty removes it.
  void setKeys(std::string keys);
  // Sets the KEYS property to `keys` joined by spaces.
  void setKeys(const std::vector<std::string>& keys);

  // The user flag, stored with the message and returned to consumers.
  std::int32_t getFlag() const noexcept { return flag_; }
  // Sets the user flag.
  void setFlag(std::int32_t flag) noexcept { flag_ = flag; }

  // The body bytes.
  const std::string& getBody() const noexcept { return body_; }
  // Mutable access to the body bytes.
  std::string& mutableBody() noexcept { return body_; }
  // Replaces the body.
  void setBody(std::string body) { body_ = std::move(body); }

  // The DELAY property: 0 for none, else a level 1-18 of the broker's
  // messageDelayLevel table (level 3 is 10 s by default).
  std::int32_t getDelayTimeLevel() const;
  // Sets the DELAY property; 0 removes it.
  void setDelayTimeLevel(std::int32_t level);

  // Whether the producer waits for the broker to store the message (WAIT
  // property; true when absent).
  bool isWaitStoreMsgOK() const;
  // Sets the WAIT property.
  void setWaitStoreMsgOK(bool waitStoreMsgOK);

  // The transaction id (transactional messages only).
  const std::string& getTransactionId() const noexcept { return transaction_id_; }
  // Sets the transaction id.
  void setTransactionId(std::string id) { transaction_id_ = std::move(id); }

  // The value of any property (system or user), empty when absent.
  std::string getProperty(std::string_view name) const;
  // Whether the property is present.
  bool hasProperty(std::string_view name) const;
  // Same as getProperty; RocketMQ's name for reading user properties.
  std::string getUserProperty(std::string_view name) const { return getProperty(name); }
  // Sets a user property. Throws std::invalid_argument when the name or the
  // value is empty, or the name is one of RocketMQ's system property names
  // (as RocketMQ's putUserProperty does), or either contains the separator
  // bytes 0x01/0x02 of the properties encoding.
  void putUserProperty(std::string name, std::string value);

  // Sets any property, system names included, without checks. For client
  // internals and message decoders (RocketMQ's MessageAccessor); applications
  // use putUserProperty.
  void putProperty(std::string name, std::string value);
  // Removes a property; no effect when absent.
  void clearProperty(std::string_view name);
  // All properties, sorted by name.
  const std::map<std::string, std::string, std::less<>>& getProperties() const noexcept {
    return properties_;
  }
  // Replaces all properties (client internals and decoders).
  void setProperties(std::map<std::string, std::string, std::less<>> properties) {
    properties_ = std::move(properties);
  }

  // One line for logs: topic, flag, properties, body length.
  std::string toString() const;

 private:
  std::string topic_;
  std::int32_t flag_ = 0;
  std::map<std::string, std::string, std::less<>> properties_;
  std::string body_;
  std::string transaction_id_;
};

}  // namespace apogee
