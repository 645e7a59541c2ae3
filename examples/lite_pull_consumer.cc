// DefaultLitePullConsumer: subscribe and poll for a while; offsets are
// committed automatically. Run `apogee dev` first (name server on
// 127.0.0.1:9876), and examples/producer to have messages.
//
//   lite_pull_consumer [topic] [namesrv] [seconds]
#include <chrono>
#include <cstdio>
#include <string>

#include "apogee/default_lite_pull_consumer.h"

int main(int argc, char** argv) {
  const std::string topic = argc > 1 ? argv[1] : "TopicTest";
  const int seconds = argc > 3 ? std::stoi(argv[3]) : 10;
  apogee::DefaultLitePullConsumer consumer("ExampleLitePullConsumer");
  consumer.setNamesrvAddr(argc > 2 ? argv[2] : "127.0.0.1:9876");
  consumer.setConsumeFromWhere(apogee::ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
  try {
    consumer.subscribe(topic, "*");
    consumer.start();
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    long total = 0;
    while (std::chrono::steady_clock::now() < end) {
      for (const auto& msg : consumer.poll(std::chrono::seconds(1))) {
        ++total;
        std::printf("queue %d offset %lld: %s\n", msg.getQueueId(),
                    static_cast<long long>(msg.getQueueOffset()), msg.getBody().c_str());
      }
    }
    std::printf("%ld messages\n", total);
    consumer.shutdown();
  } catch (const apogee::MQClientException& e) {
    std::fprintf(stderr, "failed: %s\n", e.what());
    return 1;
  }
  return 0;
}
