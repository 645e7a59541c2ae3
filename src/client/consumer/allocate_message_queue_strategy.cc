#include "apogee/allocate_message_queue_strategy.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "client/consumer/md5.h"
#include "common/logging.h"

// The strategies of RocketMQ's client/consumer/rebalance package. Results
// must equal Java's for the same (sorted) inputs; the tests hold tables.
namespace apogee {
namespace {

std::size_t indexOf(const std::vector<std::string>& cids, const std::string& cid) {
  return static_cast<std::size_t>(std::find(cids.begin(), cids.end(), cid) - cids.begin());
}

// Java's String.split("@"): the parts between separators, trailing empty
// parts removed.
std::vector<std::string_view> javaSplitAt(std::string_view s) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = s.find('@', start);
    if (at == std::string_view::npos) {
      parts.push_back(s.substr(start));
      break;
    }
    parts.push_back(s.substr(start, at - start));
    start = at + 1;
  }
  while (parts.size() > 1 && parts.back().empty()) parts.pop_back();
  return parts;
}

class FunctionStrategy final : public AllocateMessageQueueStrategy {
 public:
  FunctionStrategy(std::string name, AllocateMessageQueueFunction fn)
      : name_(std::move(name)), fn_(std::move(fn)) {}
  std::vector<MessageQueue> allocate(const std::string& group, const std::string& cid,
                                     const std::vector<MessageQueue>& mqAll,
                                     const std::vector<std::string>& cidAll) const override {
    return fn_(group, cid, mqAll, cidAll);
  }
  std::string getName() const override { return name_; }

 private:
  std::string name_;
  AllocateMessageQueueFunction fn_;
};

}  // namespace

bool AllocateMessageQueueStrategy::check(const std::string& currentCID,
                                         const std::vector<MessageQueue>& mqAll,
                                         const std::vector<std::string>& cidAll) {
  if (currentCID.empty()) throw std::invalid_argument("currentCID is empty");
  if (mqAll.empty()) throw std::invalid_argument("mqAll is null or mqAll empty");
  if (cidAll.empty()) throw std::invalid_argument("cidAll is null or cidAll empty");
  if (std::find(cidAll.begin(), cidAll.end(), currentCID) == cidAll.end()) {
    logger("client")->info("[BUG] The consumerId: {} not in cidAll ({} ids)", currentCID,
                           cidAll.size());
    return false;
  }
  return true;
}

std::shared_ptr<AllocateMessageQueueStrategy> allocateMessageQueueStrategy(
    std::string name, AllocateMessageQueueFunction fn) {
  return std::make_shared<FunctionStrategy>(std::move(name), std::move(fn));
}

std::vector<MessageQueue> AllocateMessageQueueAveragely::allocate(
    const std::string&, const std::string& currentCID, const std::vector<MessageQueue>& mqAll,
    const std::vector<std::string>& cidAll) const {
  std::vector<MessageQueue> result;
  if (!check(currentCID, mqAll, cidAll)) return result;
  const auto q = static_cast<long>(mqAll.size());
  const auto c = static_cast<long>(cidAll.size());
  const auto index = static_cast<long>(indexOf(cidAll, currentCID));
  const long mod = q % c;
  const long average = q <= c ? 1 : (mod > 0 && index < mod ? q / c + 1 : q / c);
  const long start = (mod > 0 && index < mod) ? index * average : index * average + mod;
  const long range = std::min(average, q - start);
  for (long i = 0; i < range; ++i)
    result.push_back(mqAll[static_cast<std::size_t>((start + i) % q)]);
  return result;
}

std::vector<MessageQueue> AllocateMessageQueueAveragelyByCircle::allocate(
    const std::string&, const std::string& currentCID, const std::vector<MessageQueue>& mqAll,
    const std::vector<std::string>& cidAll) const {
  std::vector<MessageQueue> result;
  if (!check(currentCID, mqAll, cidAll)) return result;
  const std::size_t index = indexOf(cidAll, currentCID);
  for (std::size_t i = index; i < mqAll.size(); i += cidAll.size()) result.push_back(mqAll[i]);
  return result;
}

AllocateMessageQueueConsistentHash::AllocateMessageQueueConsistentHash(int virtualNodeCnt,
                                                                       HashFunction hashFunction)
    : virtual_node_cnt_(virtualNodeCnt), hash_(std::move(hashFunction)) {
  if (virtualNodeCnt < 0) {
    throw std::invalid_argument("illegal virtualNodeCnt :" + std::to_string(virtualNodeCnt));
  }
  if (!hash_) hash_ = &AllocateMessageQueueConsistentHash::md5Hash;
}

std::int64_t AllocateMessageQueueConsistentHash::md5Hash(std::string_view key) {
  const auto digest = client::md5(key);
  std::int64_t h = 0;
  for (int i = 0; i < 4; ++i) h = (h << 8) | digest[static_cast<std::size_t>(i)];
  return h;
}

std::vector<MessageQueue> AllocateMessageQueueConsistentHash::allocate(
    const std::string&, const std::string& currentCID, const std::vector<MessageQueue>& mqAll,
    const std::vector<std::string>& cidAll) const {
  std::vector<MessageQueue> result;
  if (!check(currentCID, mqAll, cidAll)) return result;
  // Ring position -> client id. Like ConsistentHashRouter.addNode, a client
  // listed twice continues its replica numbering, and a position taken twice
  // keeps the later node.
  std::map<std::int64_t, const std::string*> ring;
  for (const auto& cid : cidAll) {
    int existing = 0;
    for (const auto& [pos, node] : ring) existing += *node == cid ? 1 : 0;
    for (int i = 0; i < virtual_node_cnt_; ++i) {
      ring[hash_(cid + "-" + std::to_string(i + existing))] = &cid;
    }
  }
  if (ring.empty()) return result;
  for (const auto& mq : mqAll) {
    auto it = ring.lower_bound(hash_(mq.toString()));
    if (it == ring.end()) it = ring.begin();
    if (*it->second == currentCID) result.push_back(mq);
  }
  return result;
}

std::vector<MessageQueue> AllocateMessageQueueByConfig::allocate(
    const std::string&, const std::string&, const std::vector<MessageQueue>&,
    const std::vector<std::string>&) const {
  return queues_;
}

std::vector<MessageQueue> AllocateMessageQueueByMachineRoom::allocate(
    const std::string&, const std::string& currentCID, const std::vector<MessageQueue>& mqAll,
    const std::vector<std::string>& cidAll) const {
  std::vector<MessageQueue> result;
  if (!check(currentCID, mqAll, cidAll)) return result;
  const std::size_t index = indexOf(cidAll, currentCID);
  std::vector<const MessageQueue*> candidates;
  for (const auto& mq : mqAll) {
    const auto parts = javaSplitAt(mq.getBrokerName());
    if (parts.size() == 2 && consumeridcs_.contains(std::string(parts[0])))
      candidates.push_back(&mq);
  }
  const std::size_t mod = candidates.size() / cidAll.size();
  const std::size_t rem = candidates.size() % cidAll.size();
  for (std::size_t i = mod * index; i < mod * index + mod; ++i) result.push_back(*candidates[i]);
  if (rem > index) result.push_back(*candidates[index + mod * cidAll.size()]);
  return result;
}

}  // namespace apogee
