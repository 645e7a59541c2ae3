#include <filesystem>
#include <iostream>
#include <mutex>
#include <set>

#include "apogee/default_mq_push_consumer.h"
#include "client/consumer/default_mq_push_consumer_impl.h"
#include "client_test_util.h"

// A push consumer's threads do not grow with its queues: pulls for every
// queue share one pull thread and the instance's connections, and listener
// calls share the consume pool.
namespace apogee::client::testing {
namespace {

using ::apogee::testing::waitUntil;
using namespace std::chrono_literals;

std::size_t threadCount() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/task")) ++n;
  return n;
}

class PushConsumerThreadsTest : public ClusterFixture {
 protected:
  // Threads the process gains while a consumer of `queues` queues runs,
  // once it holds every queue and consumed a message from each.
  std::size_t threadsFor(int queues) {
    const std::string topic = "Threads" + std::to_string(queues);
    createTopic(topic, queues);
    auto producer = makeProducer(topic + "Producer");
    producer->start();
    for (int q = 0; q < queues; ++q) {
      Message msg(topic, "TagA", "m");
      SendResult r = producer->send(msg, MessageQueue(topic, "broker-a", q));
      EXPECT_EQ(r.getSendStatus(), SendStatus::SEND_OK);
    }
    producer->shutdown();

    const std::size_t before = threadCount();
    std::mutex mutex;
    std::set<int> consumed;
    DefaultMQPushConsumer consumer(topic + "Group");
    consumer.setNamesrvAddr(namesrv_addr_);
    consumer.setClientIP("127.0.0.1");
    consumer.setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
    consumer.subscribe(topic, "*");
    consumer.registerMessageListener(
        [&](const std::vector<MessageExt>& msgs, ConsumeConcurrentlyContext&) {
          std::lock_guard lock(mutex);
          for (const auto& m : msgs) consumed.insert(m.getQueueId());
          return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
        });
    consumer.start();
    EXPECT_TRUE(waitUntil([&] {
      std::lock_guard lock(mutex);
      return consumed.size() == static_cast<std::size_t>(queues);
    }));
    // Every queue of the topic is held (the group's retry queue may come
    // later, with the next route poll; it does not change the count).
    std::size_t held = 0;
    for (const auto& [mq, pq] : consumer.getDefaultMQPushConsumerImpl()->processQueueTable()) {
      if (mq.getTopic() == topic) ++held;
    }
    EXPECT_EQ(held, static_cast<std::size_t>(queues));
    const std::size_t during = threadCount();
    consumer.shutdown();
    return during - before;
  }
};

TEST_F(PushConsumerThreadsTest, ThreadsDoNotGrowWithQueues) {
  const std::size_t with8 = threadsFor(8);
  const std::size_t with64 = threadsFor(64);
  std::cout << "threads added by a push consumer: " << with8 << " with 8 queues, " << with64
            << " with 64 queues" << std::endl;
  EXPECT_EQ(with8, with64);
  // consumeThreadMin (20) listener threads plus a handful of its own and
  // its instance's; never one per queue.
  EXPECT_LT(with64, 40u);
}

}  // namespace
}  // namespace apogee::client::testing
