#include <algorithm>
#include <atomic>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "apogee/default_mq_push_consumer.h"
#include "client/consumer/default_mq_push_consumer_impl.h"
#include "client_test_util.h"

// Rebalance handover (docs/rebalance-handover.md): the same membership
// churn under a steady stream, with the handover and with RocketMQ's plain
// behaviour, counting messages consumed twice.
namespace apogee::client::testing {
namespace {

using ::apogee::testing::waitUntil;
using namespace std::chrono_literals;

constexpr int kQueues = 8;
constexpr int kRebalances = 20;  // 10 joins and 10 leaves of a third member

// What the group's listeners received; thread-safe.
struct Deliveries {
  std::mutex mutex;
  std::map<std::int64_t, int> timesBySeq;
  std::map<int, std::int64_t> maxSeqByQueue;

  void add(const std::vector<MessageExt>& batch) {
    std::lock_guard lock(mutex);
    for (const auto& m : batch) {
      const std::int64_t seq = std::stoll(m.getBody());
      ++timesBySeq[seq];
      auto& max = maxSeqByQueue[m.getQueueId()];
      max = std::max(max, seq);
    }
  }
  // Every queue delivered a message numbered above `seq`.
  bool allQueuesPast(std::int64_t seq) {
    std::lock_guard lock(mutex);
    if (maxSeqByQueue.size() < kQueues) return false;
    return std::all_of(maxSeqByQueue.begin(), maxSeqByQueue.end(),
                       [&](const auto& q) { return q.second > seq; });
  }
  bool hasAllBelow(std::int64_t end) {
    std::lock_guard lock(mutex);
    for (std::int64_t s = 0; s < end; ++s) {
      if (!timesBySeq.contains(s)) return false;
    }
    return true;
  }
  std::int64_t duplicates() {
    std::lock_guard lock(mutex);
    std::int64_t d = 0;
    for (const auto& [seq, times] : timesBySeq) d += times - 1;
    return d;
  }
};

struct ChurnResult {
  std::int64_t sent = 0;
  std::int64_t duplicates = 0;
  std::vector<std::chrono::milliseconds> reassignment;  // per membership change
};

class RebalanceHandoverTest : public ClusterFixture {
 protected:
  std::unique_ptr<DefaultMQPushConsumer> makeConsumer(const std::string& group,
                                                      const std::string& topic, bool handover,
                                                      Deliveries& deliveries) {
    auto c = std::make_unique<DefaultMQPushConsumer>(group);
    c->setNamesrvAddr(namesrv_addr_);
    c->setClientIP("127.0.0.1");
    c->setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
    c->setPollNameServerInterval(200ms);
    c->setRebalanceHandover(handover);
    c->subscribe(topic, "*");
    c->registerMessageListener(
        [&deliveries](const std::vector<MessageExt>& msgs, ConsumeConcurrentlyContext&) {
          deliveries.add(msgs);
          // A little work, so batches are in flight when queues move.
          std::this_thread::sleep_for(1ms);
          return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
        });
    return c;
  }

  // Whether the live members hold every queue exactly once, each its
  // share (AllocateMessageQueueAveragely: 4 + 4, or 3 + 3 + 2).
  static bool assignmentComplete(const std::string& topic,
                                 const std::vector<DefaultMQPushConsumer*>& members) {
    std::set<int> held;
    std::size_t total = 0;
    for (auto* m : members) {
      std::size_t mine = 0;
      for (const auto& [mq, pq] : m->getDefaultMQPushConsumerImpl()->processQueueTable()) {
        if (mq.getTopic() != topic || pq->isDropped()) continue;
        held.insert(mq.getQueueId());
        ++mine;
      }
      if (mine < kQueues / members.size()) return false;
      total += mine;
    }
    return held.size() == kQueues && total == kQueues;
  }
  static std::string describe(const std::string& topic,
                              const std::vector<DefaultMQPushConsumer*>& members) {
    std::string out;
    for (auto* m : members) {
      out += "[";
      for (const auto& [mq, pq] : m->getDefaultMQPushConsumerImpl()->processQueueTable()) {
        if (mq.getTopic() != topic) continue;
        out += std::to_string(mq.getQueueId()) + (pq->isDropped() ? "d" : "") +
               (pq->isLocked() ? "L" : "") + "(" + std::to_string(pq->msgCount()) + ") ";
      }
      out += "] ";
    }
    return out;
  }

  // Two members consume a steady stream (about 1,000 msg/s) while a third
  // joins and leaves kRebalances times; after each change, waits until the
  // queues are divided again and every queue consumes again.
  ChurnResult churn(const std::string& group, bool handover) {
    const std::string topic = group + "T";
    createTopic(topic, kQueues);
    ChurnResult result;
    Deliveries deliveries;
    auto producer = makeProducer(group + "_producer");
    producer->start();
    std::atomic<std::int64_t> next_seq{0};
    std::atomic<bool> producing{true};
    std::thread feeder([&] {
      auto tick = std::chrono::steady_clock::now();
      while (producing) {
        const std::int64_t seq = next_seq.load();
        Message msg(topic, "TagA", std::to_string(seq));
        if (producer->send(msg).getSendStatus() == SendStatus::SEND_OK) ++next_seq;
        tick += 1ms;
        std::this_thread::sleep_until(tick);
      }
    });

    auto a = makeConsumer(group, topic, handover, deliveries);
    auto b = makeConsumer(group, topic, handover, deliveries);
    a->start();
    b->start();
    std::vector<DefaultMQPushConsumer*> members{a.get(), b.get()};
    EXPECT_TRUE(waitUntil([&] { return assignmentComplete(topic, members); }, 10s));
    EXPECT_TRUE(waitUntil([&] { return deliveries.allQueuesPast(0); }, 10s));

    std::unique_ptr<DefaultMQPushConsumer> c;
    for (int i = 0; i < kRebalances; ++i) {
      const std::int64_t seq_at_change = next_seq.load();
      const auto changed = std::chrono::steady_clock::now();
      if (!c) {
        c = makeConsumer(group, topic, handover, deliveries);
        c->start();
        members.push_back(c.get());
      } else {
        members.pop_back();
        c->shutdown();
        c.reset();
      }
      const bool settled = waitUntil(
          [&] { return assignmentComplete(topic, members) && deliveries.allQueuesPast(seq_at_change); },
          10s);
      EXPECT_TRUE(settled) << "rebalance " << i << " did not settle: " << describe(topic, members);
      result.reassignment.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - changed));
      // Steady state for a moment before the next change: offsets are
      // committed on their usual schedule, as between real rebalances.
      std::this_thread::sleep_for(200ms);
    }

    producing = false;
    feeder.join();
    result.sent = next_seq.load();
    EXPECT_TRUE(waitUntil([&] { return deliveries.hasAllBelow(result.sent); }, 20s))
        << "a message was lost";
    if (c) c->shutdown();
    b->shutdown();
    a->shutdown();
    producer->shutdown();
    result.duplicates = deliveries.duplicates();
    return result;
  }
};

std::string summary(const char* mode, ChurnResult& r) {
  std::sort(r.reassignment.begin(), r.reassignment.end());
  const auto at = [&](double p) {
    return r.reassignment[static_cast<std::size_t>(p * static_cast<double>(r.reassignment.size() - 1))]
        .count();
  };
  return std::string(mode) + ": " + std::to_string(r.sent) + " messages, " +
         std::to_string(kRebalances) + " rebalances, " + std::to_string(r.duplicates) +
         " consumed twice (" +
         std::to_string(static_cast<double>(r.duplicates) / kRebalances) +
         " per rebalance); reassignment p50 " + std::to_string(at(0.5)) + " ms, max " +
         std::to_string(at(1.0)) + " ms";
}

TEST_F(RebalanceHandoverTest, HandoverRemovesDuplicatesThatPlainRebalanceCauses) {
  ChurnResult plain = churn("HandoverPlain", false);
  ChurnResult handover = churn("HandoverOn", true);
  const std::string plain_line = summary("plain (RocketMQ)", plain);
  const std::string handover_line = summary("handover", handover);
  std::cout << plain_line << "\n" << handover_line << std::endl;
  RecordProperty("plain", plain_line);
  RecordProperty("handover", handover_line);

  EXPECT_EQ(handover.duplicates, 0);
  // Reassignment after a membership change, from the change to every queue
  // consuming again: under a second at the median (the bound the design
  // aims for); the slowest is reported, on a loaded machine it may exceed it.
  EXPECT_LT(handover.reassignment[handover.reassignment.size() / 2], 1000ms);
}

}  // namespace
}  // namespace apogee::client::testing
