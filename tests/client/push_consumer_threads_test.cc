#include <atomic>
#include <cctype>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <string>

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

// The process's threads by name, the index suffix cut ("consume-3" ->
// "consume"): what the threads are, for the test output.
std::map<std::string, int> threadNames() {
  std::map<std::string, int> names;
  for (const auto& e : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(e.path() / "comm");
    std::string name;
    std::getline(comm, name);
    const auto dash = name.rfind('-');
    if (dash != std::string::npos && dash + 1 < name.size() &&
        std::isdigit(static_cast<unsigned char>(name[dash + 1]))) {
      name.resize(dash);
    }
    ++names[name];
  }
  return names;
}

std::string describe(const std::map<std::string, int>& names) {
  std::string out;
  for (const auto& [name, n] : names) out += name + " x" + std::to_string(n) + ", ";
  return out;
}

class PushConsumerThreadsTest : public ClusterFixture {
 protected:
  // Sends one message to each of `queues` queues of a new topic `topic`.
  void fillTopic(const std::string& topic, int queues) {
    createTopic(topic, queues);
    auto producer = makeProducer(topic + "Producer");
    producer->start();
    for (int q = 0; q < queues; ++q) {
      Message msg(topic, "TagA", "m");
      SendResult r = producer->send(msg, MessageQueue(topic, "broker-a", q));
      EXPECT_EQ(r.getSendStatus(), SendStatus::SEND_OK);
    }
    producer->shutdown();
  }
  // A started consumer of `topic` (group `topic`Group) that records the
  // queue ids it consumed from in `consumed`.
  std::unique_ptr<DefaultMQPushConsumer> startConsumer(const std::string& topic, std::mutex& mutex,
                                                       std::set<int>& consumed,
                                                       const std::string& instanceName = "") {
    auto consumer = std::make_unique<DefaultMQPushConsumer>(topic + "Group");
    consumer->setNamesrvAddr(namesrv_addr_);
    if (!instanceName.empty()) consumer->setInstanceName(instanceName);
    consumer->setClientIP("127.0.0.1");
    consumer->setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
    consumer->subscribe(topic, "*");
    consumer->registerMessageListener(
        [&](const std::vector<MessageExt>& msgs, ConsumeConcurrentlyContext&) {
          std::lock_guard lock(mutex);
          for (const auto& m : msgs) consumed.insert(m.getQueueId());
          return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
        });
    consumer->start();
    return consumer;
  }

  // Threads the process gains while a consumer of `queues` queues runs,
  // once it holds every queue and consumed a message from each.
  std::size_t threadsFor(int queues) {
    const std::string topic = "Threads" + std::to_string(queues);
    fillTopic(topic, queues);
    const std::size_t before = threadCount();
    std::mutex mutex;
    std::set<int> consumed;
    auto consumer = startConsumer(topic, mutex, consumed);
    EXPECT_TRUE(waitUntil([&] {
      std::lock_guard lock(mutex);
      return consumed.size() == static_cast<std::size_t>(queues);
    }));
    // Every queue of the topic is held (the group's retry queue may come
    // later, with the next route poll; it does not change the count).
    std::size_t held = 0;
    for (const auto& [mq, pq] : consumer->getDefaultMQPushConsumerImpl()->processQueueTable()) {
      if (mq.getTopic() == topic) ++held;
    }
    EXPECT_EQ(held, static_cast<std::size_t>(queues));
    const std::size_t during = threadCount();
    consumer->shutdown();
    return during - before;
  }
};

// Consumers of one client instance (the same instanceName; by default each
// consumer gets an instance of its own, named pid#nanotime as Java 4.9.8
// does) share its consume and pull threads: a second and a third consumer,
// of other groups and topics, add no thread at all.
TEST_F(PushConsumerThreadsTest, ConsumersOfOneInstanceShareTheirThreads) {
  fillTopic("SharedA", 8);
  fillTopic("SharedB", 64);
  fillTopic("SharedC", 4);
  const std::size_t before = threadCount();
  std::mutex mutex;
  std::set<int> a_seen;
  std::set<int> b_seen;
  std::set<int> c_seen;
  auto queuesSeen = [&](const std::set<int>& seen) {
    std::lock_guard lock(mutex);
    return seen.size();
  };
  auto a = startConsumer("SharedA", mutex, a_seen, "SharedInstance");
  ASSERT_TRUE(waitUntil([&] { return queuesSeen(a_seen) == 8; }));
  const std::size_t with_one = threadCount();
  const auto names_one = threadNames();
  auto b = startConsumer("SharedB", mutex, b_seen, "SharedInstance");
  auto c = startConsumer("SharedC", mutex, c_seen, "SharedInstance");
  ASSERT_TRUE(waitUntil([&] { return queuesSeen(b_seen) == 64 && queuesSeen(c_seen) == 4; }));
  const std::size_t with_three = threadCount();
  std::cout << "threads added: " << (with_one - before) << " by the first consumer, "
            << (with_three - with_one) << " by two more; the process: " << describe(threadNames())
            << std::endl;
  EXPECT_EQ(with_three, with_one) << "before: " << describe(names_one)
                                  << "\nafter: " << describe(threadNames());
  // The instance's consume workers: consumeThreadMin (20), once.
  EXPECT_EQ(threadNames()["consume"], 20);
  EXPECT_EQ(threadNames()["pull"], 1);
  c->shutdown();
  b->shutdown();
  a->shutdown();
}

// Sharing does not let one consumer starve another: with every listener
// call of the first blocked, the second still consumes (the executor keeps
// a worker for each other consumer of the instance).
TEST_F(PushConsumerThreadsTest, ABlockedConsumerDoesNotStarveTheOthers) {
  createTopic("BlockedT", 8);
  createTopic("FreeT", 4);
  auto producer = makeProducer("StarveProducer");
  producer->start();
  // The free consumer first: a consumer that joins an instance whose every
  // worker is already blocked waits for one of them to return.
  std::mutex mutex;
  std::set<int> free_seen;
  auto free = startConsumer("FreeT", mutex, free_seen, "StarveInstance");
  for (int i = 0; i < 60; ++i) {
    Message msg("BlockedT", "TagA", "m");
    ASSERT_EQ(producer->send(msg).getSendStatus(), SendStatus::SEND_OK);
  }
  std::mutex gate_mutex;
  std::condition_variable gate_cv;
  bool open = false;
  std::atomic<int> blocked{0};
  DefaultMQPushConsumer hog("BlockedTGroup");
  hog.setNamesrvAddr(namesrv_addr_);
  hog.setClientIP("127.0.0.1");
  hog.setInstanceName("StarveInstance");
  hog.setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
  hog.subscribe("BlockedT", "*");
  hog.registerMessageListener([&](const std::vector<MessageExt>&, ConsumeConcurrentlyContext&) {
    ++blocked;
    std::unique_lock lock(gate_mutex);
    gate_cv.wait(lock, [&] { return open; });
    --blocked;
    return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
  });
  hog.start();
  // The hog holds every worker it may: 20 - 1 kept for the other consumer.
  EXPECT_TRUE(waitUntil([&] { return blocked.load() == 19; }));
  for (int q = 0; q < 4; ++q) {
    Message msg("FreeT", "TagA", "m");
    ASSERT_EQ(producer->send(msg, MessageQueue("FreeT", "broker-a", q)).getSendStatus(),
              SendStatus::SEND_OK);
  }
  EXPECT_TRUE(waitUntil([&] {
    std::lock_guard lock(mutex);
    return free_seen.size() == 4;
  })) << "the free consumer got no thread";
  EXPECT_EQ(blocked.load(), 19);
  {
    std::lock_guard lock(gate_mutex);
    open = true;
  }
  gate_cv.notify_all();
  free->shutdown();
  hog.shutdown();
  producer->shutdown();
}

TEST_F(PushConsumerThreadsTest, ThreadsDoNotGrowWithQueues) {
  const std::size_t with8 = threadsFor(8);
  const std::size_t with64 = threadsFor(64);
  std::cout << "threads added by a push consumer: " << with8 << " with 8 queues, " << with64
            << " with 64 queues" << std::endl;
  EXPECT_EQ(with8, with64);
  // The instance's consumeThreadMin (20) listener threads plus a handful
  // of its own; never one per queue.
  EXPECT_LT(with64, 40u);
}

}  // namespace
}  // namespace apogee::client::testing
