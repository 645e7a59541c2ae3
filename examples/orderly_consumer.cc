// Orderly consumer: receives what examples/orderly_producer sends and prints
// each order's steps, which arrive in the order they were sent. Run several
// at once (same group): each queue is locked at the broker by one of them,
// so an order's steps are never consumed by two consumers at the same time.
//
//   ./orderly_consumer [topic] [namesrv] [seconds]   # defaults: OrderTopic, 127.0.0.1:9876, 30
//
// Uses only the public headers (include/apogee).
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "apogee/default_mq_push_consumer.h"

using namespace apogee;

int main(int argc, char** argv) {
  const std::string topic = argc > 1 ? argv[1] : "OrderTopic";
  const int seconds = argc > 3 ? std::stoi(argv[3]) : 30;
  try {
    DefaultMQPushConsumer consumer("ExampleOrderlyConsumerGroup");
    consumer.setNamesrvAddr(argc > 2 ? argv[2] : "127.0.0.1:9876");
    consumer.setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
    consumer.subscribe(topic, "*");
    // One batch of one queue at a time; a queue's next batch waits for this
    // one's answer.
    consumer.registerMessageListener(
        [](const std::vector<MessageExt>& msgs, ConsumeOrderlyContext& ctx) {
          for (const auto& msg : msgs) {
            std::printf("queue %d offset %lld: %s %s\n", ctx.getMessageQueue().getQueueId(),
                        static_cast<long long>(msg.getQueueOffset()), msg.getKeys().c_str(),
                        msg.getBody().c_str());
          }
          // SUSPEND_CURRENT_QUEUE_A_MOMENT would retry this batch in 1 s and
          // hold the queue's later messages back meanwhile.
          return ConsumeOrderlyStatus::SUCCESS;
        });
    consumer.start();
    std::printf("consuming %s in order for %d s\n", topic.c_str(), seconds);
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    consumer.shutdown(std::chrono::seconds(5));
  } catch (const MQClientException& e) {
    std::fprintf(stderr, "failed: %s\n", e.what());
    return 1;
  }
  return 0;
}
