#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "apogee/message_queue.h"

namespace apogee {

// How a clustering consumer group shares a topic's queues (RocketMQ's
// AllocateMessageQueueStrategy). Every consumer of the group runs the same
// strategy over the same inputs, both sorted (queues by MessageQueue order,
// client ids as strings), and takes the part that names it; so every member
// of a group, Java or C++, must use the same strategy.
//
// allocate() returns the queues `currentCID` consumes, in `mqAll` order. It
// returns nothing when `currentCID` is not in `cidAll` (RocketMQ logs a
// "[BUG]" line there) and throws std::invalid_argument when `currentCID` is
// empty or `mqAll` / `cidAll` is empty, as RocketMQ's check() does.
// Implementations must be thread-safe (a rebalance may run on the client's
// scheduler thread while the application reads the strategy).
class AllocateMessageQueueStrategy {
 public:
  virtual ~AllocateMessageQueueStrategy() = default;

  // The queues of `mqAll` that `currentCID` should consume.
  virtual std::vector<MessageQueue> allocate(const std::string& consumerGroup,
                                             const std::string& currentCID,
                                             const std::vector<MessageQueue>& mqAll,
                                             const std::vector<std::string>& cidAll) const = 0;
  // RocketMQ's name of the strategy ("AVG", "AVG_BY_CIRCLE", ...).
  virtual std::string getName() const = 0;

 protected:
  // RocketMQ's AbstractAllocateMessageQueueStrategy.check: throws
  // std::invalid_argument on empty inputs; false when `currentCID` is not
  // one of `cidAll`.
  static bool check(const std::string& currentCID, const std::vector<MessageQueue>& mqAll,
                    const std::vector<std::string>& cidAll);
};

// A strategy as a plain function, for allocateMessageQueueStrategy(name, fn).
using AllocateMessageQueueFunction = std::function<std::vector<MessageQueue>(
    const std::string& consumerGroup, const std::string& currentCID,
    const std::vector<MessageQueue>& mqAll, const std::vector<std::string>& cidAll)>;

// Wraps `fn` as a strategy named `name`. check() is not applied: `fn` sees
// every input as the rebalance computed it.
std::shared_ptr<AllocateMessageQueueStrategy> allocateMessageQueueStrategy(
    std::string name, AllocateMessageQueueFunction fn);

// The default ("AVG"): contiguous blocks. With q queues and c consumers, the
// consumer at index i gets q/c queues, one more when i < q % c; when there
// are more consumers than queues the first q get one each.
class AllocateMessageQueueAveragely final : public AllocateMessageQueueStrategy {
 public:
  // The queues for `currentCID`.
  std::vector<MessageQueue> allocate(const std::string& consumerGroup,
                                     const std::string& currentCID,
                                     const std::vector<MessageQueue>& mqAll,
                                     const std::vector<std::string>& cidAll) const override;
  // "AVG".
  std::string getName() const override { return "AVG"; }
};

// "AVG_BY_CIRCLE": queue i goes to the consumer at index i % c.
class AllocateMessageQueueAveragelyByCircle final : public AllocateMessageQueueStrategy {
 public:
  // The queues for `currentCID`.
  std::vector<MessageQueue> allocate(const std::string& consumerGroup,
                                     const std::string& currentCID,
                                     const std::vector<MessageQueue>& mqAll,
                                     const std::vector<std::string>& cidAll) const override;
  // "AVG_BY_CIRCLE".
  std::string getName() const override { return "AVG_BY_CIRCLE"; }
};

// "CONSISTENT_HASH": a hash ring with `virtualNodeCnt` nodes per client id
// (keys "<cid>-<i>"); a queue goes to the first node at or after the hash of
// its toString(), wrapping around. The default hash is RocketMQ's: the first
// 4 bytes of the MD5 of the UTF-8 key, big-endian, as an unsigned number.
// Two nodes with the same hash keep the later one, as Java's TreeMap does.
class AllocateMessageQueueConsistentHash final : public AllocateMessageQueueStrategy {
 public:
  // A key -> ring position function (RocketMQ's HashFunction).
  using HashFunction = std::function<std::int64_t(std::string_view key)>;

  // `virtualNodeCnt` must not be negative (std::invalid_argument);
  // `hashFunction` empty means MD5 as above.
  explicit AllocateMessageQueueConsistentHash(int virtualNodeCnt = 10,
                                              HashFunction hashFunction = {});
  // The queues for `currentCID`.
  std::vector<MessageQueue> allocate(const std::string& consumerGroup,
                                     const std::string& currentCID,
                                     const std::vector<MessageQueue>& mqAll,
                                     const std::vector<std::string>& cidAll) const override;
  // "CONSISTENT_HASH".
  std::string getName() const override { return "CONSISTENT_HASH"; }
  // RocketMQ's default ring hash of `key` (MD5, first 4 bytes).
  static std::int64_t md5Hash(std::string_view key);

 private:
  int virtual_node_cnt_;
  HashFunction hash_;
};

// "CONFIG": always the configured queues, whatever the group looks like.
class AllocateMessageQueueByConfig final : public AllocateMessageQueueStrategy {
 public:
  // The configured list, ignoring the inputs.
  std::vector<MessageQueue> allocate(const std::string& consumerGroup,
                                     const std::string& currentCID,
                                     const std::vector<MessageQueue>& mqAll,
                                     const std::vector<std::string>& cidAll) const override;
  // "CONFIG".
  std::string getName() const override { return "CONFIG"; }
  // The configured queues.
  const std::vector<MessageQueue>& getMessageQueueList() const { return queues_; }
  // Sets the queues to return (before start()).
  void setMessageQueueList(std::vector<MessageQueue> queues) { queues_ = std::move(queues); }

 private:
  std::vector<MessageQueue> queues_;
};

// "MACHINE_ROOM": only queues whose broker name is "<room>@<name>" with a
// room in getConsumeridcs(), split in blocks of q/c, the remainder handed
// out one each to the first consumers (the queue at index i + (q/c)*c).
class AllocateMessageQueueByMachineRoom final : public AllocateMessageQueueStrategy {
 public:
  // The queues for `currentCID`.
  std::vector<MessageQueue> allocate(const std::string& consumerGroup,
                                     const std::string& currentCID,
                                     const std::vector<MessageQueue>& mqAll,
                                     const std::vector<std::string>& cidAll) const override;
  // "MACHINE_ROOM".
  std::string getName() const override { return "MACHINE_ROOM"; }
  // The machine rooms this group consumes from.
  const std::set<std::string>& getConsumeridcs() const { return consumeridcs_; }
  // Sets the machine rooms (before start()).
  void setConsumeridcs(std::set<std::string> idcs) { consumeridcs_ = std::move(idcs); }

 private:
  std::set<std::string> consumeridcs_;
};

}  // namespace apogee
