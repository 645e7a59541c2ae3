// DefaultMQPushConsumer: the program of issue 6, as written. Run `apogee dev`
// first (name server on 127.0.0.1:9876) and examples/producer to have
// messages; stop with Ctrl-C or after [seconds].
//
//   push_consumer [topic] [namesrv] [seconds]
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "apogee/default_mq_push_consumer.h"

using namespace apogee;

int main(int argc, char** argv) {
  const std::string topic = argc > 1 ? argv[1] : "TopicTest";
  const int seconds = argc > 3 ? std::stoi(argv[3]) : 30;
  try {
    DefaultMQPushConsumer consumer("please_rename_unique_group_name");
    consumer.setNamesrvAddr(argc > 2 ? argv[2] : "localhost:9876");
    consumer.subscribe(topic, "*");
    consumer.registerMessageListener(
        [](const std::vector<MessageExt>& msgs, ConsumeConcurrentlyContext& ctx) {
          for (const auto& msg : msgs) {
            std::printf("%s queue %d offset %lld: %s\n", ctx.getMessageQueue().getTopic().c_str(),
                        msg.getQueueId(), static_cast<long long>(msg.getQueueOffset()),
                        msg.getBody().c_str());
          }
          return ConsumeConcurrentlyStatus::CONSUME_SUCCESS;
        });
    consumer.start();
    std::printf("consuming %s for %d s\n", topic.c_str(), seconds);
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    consumer.shutdown(std::chrono::seconds(5));
  } catch (const MQClientException& e) {
    std::fprintf(stderr, "failed: %s\n", e.what());
    return 1;
  }
  return 0;
}
