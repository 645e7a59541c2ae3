#include <gtest/gtest.h>

#include <map>
#include <set>
#include <thread>

#include "common/message/properties.h"
#include "store/store_fixture.h"

namespace apogee::store {
namespace {

using testing::TestMessage;

class ConcurrencyTest : public testing::StoreFixture,
                        public ::testing::WithParamInterface<FlushDiskType> {};

// Many senders at once: every message is stored once, and each queue's
// offsets are dense (0..n-1), unique and in each sender's order.
TEST_P(ConcurrencyTest, ConcurrentAppendersGetDenseUniqueQueueOffsets) {
  config_.flushDiskType = GetParam();
  open();
  constexpr int kThreads = 4;
  constexpr int kPerThread = 400;
  const std::vector<std::string> topics = {"TopicX", "TopicY"};
  constexpr int kQueues = 3;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string id = std::to_string(t) + "-" + std::to_string(i);
        TestMessage m(topics[i % 2], i % kQueues, std::string(50 + (i * 37) % 900, 'c'), "", "", id);
        if (!store_->putMessage(m.request()).ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_EQ(failures.load(), 0);
  waitDispatched();

  std::set<std::string> seen;
  std::set<int64_t> physical;
  for (const auto& topic : topics) {
    for (int q = 0; q < kQueues; ++q) {
      const int64_t max = store_->getMaxOffsetInQueue(topic, QueueId(q)).value();
      std::map<int, int> last_seq_by_thread;
      int64_t offset = 0;
      while (offset < max) {
        auto r = get(topic, q, offset, 32);
        ASSERT_EQ(r.status, GetMessageStatus::kFound);
        for (std::size_t i = 0; i < r.messages.size(); ++i) {
          auto m = decode(r.messages[i]);
          EXPECT_EQ(m.queueOffset, offset + static_cast<int64_t>(i)) << "dense";
          EXPECT_EQ(m.topic, topic);
          EXPECT_TRUE(physical.insert(m.physicalOffset).second);
          auto id = message::findProperty(m.properties, "UNIQ_KEY");
          ASSERT_TRUE(id.has_value());
          EXPECT_TRUE(seen.insert(std::string(*id)).second) << "stored twice: " << *id;
          const auto dash = id->find('-');
          const int thread = std::stoi(std::string(id->substr(0, dash)));
          const int seq = std::stoi(std::string(id->substr(dash + 1)));
          auto it = last_seq_by_thread.find(thread);
          if (it != last_seq_by_thread.end()) {
            EXPECT_LT(it->second, seq) << "sender order kept";
          }
          last_seq_by_thread[thread] = seq;
        }
        offset = r.nextBeginOffset.value();
      }
    }
  }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kThreads * kPerThread));
}

INSTANTIATE_TEST_SUITE_P(FlushModes, ConcurrencyTest,
                         ::testing::Values(FlushDiskType::kAsyncFlush, FlushDiskType::kSyncFlush),
                         [](const ::testing::TestParamInfo<FlushDiskType>& p) {
                           return p.param == FlushDiskType::kAsyncFlush ? std::string("Async")
                                                                        : std::string("Sync");
                         });

}  // namespace
}  // namespace apogee::store
