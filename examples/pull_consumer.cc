// DefaultMQPullConsumer: read every queue of a topic from the stored offset,
// then commit. Run `apogee dev` first (name server on 127.0.0.1:9876), and
// examples/producer to have messages.
//
//   pull_consumer [topic] [namesrv]
#include <cstdio>
#include <string>

#include "apogee/default_mq_pull_consumer.h"

int main(int argc, char** argv) {
  const std::string topic = argc > 1 ? argv[1] : "TopicTest";
  apogee::DefaultMQPullConsumer consumer("ExamplePullConsumer");
  consumer.setNamesrvAddr(argc > 2 ? argv[2] : "127.0.0.1:9876");
  try {
    consumer.start();
    for (const auto& mq : consumer.fetchSubscribeMessageQueues(topic)) {
      std::int64_t offset = consumer.fetchConsumeOffset(mq, true);
      if (offset < 0) offset = 0;
      for (;;) {
        apogee::PullResult r = consumer.pull(mq, "*", offset, 32);
        for (const auto& msg : r.getMsgFoundList()) {
          std::printf("%s queue %d offset %lld: %s\n", mq.getBrokerName().c_str(), mq.getQueueId(),
                      static_cast<long long>(msg.getQueueOffset()), msg.getBody().c_str());
        }
        offset = r.getNextBeginOffset();
        if (r.getPullStatus() != apogee::PullStatus::FOUND) break;
      }
      consumer.updateConsumeOffset(mq, offset);  // committed at shutdown
    }
    consumer.shutdown();
  } catch (const apogee::MQClientException& e) {
    std::fprintf(stderr, "failed: %s\n", e.what());
    return 1;
  }
  return 0;
}
