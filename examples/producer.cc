// Sends N messages to TopicTest synchronously, then a few asynchronously and
// a few in order through a MessageQueueSelector. Start a server first:
//
//   apogee dev                      # name server on 127.0.0.1:9876 + broker
//   ./producer [count] [namesrv]    # defaults: 10, 127.0.0.1:9876
//
// Uses only the public headers (include/apogee).
#include <any>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string>

#include "apogee/default_mq_producer.h"

int main(int argc, char** argv) {
  const int count = argc > 1 ? std::atoi(argv[1]) : 10;
  const std::string namesrv = argc > 2 ? argv[2] : "127.0.0.1:9876";

  apogee::DefaultMQProducer producer("ExampleProducerGroup");
  producer.setNamesrvAddr(namesrv);
  try {
    producer.start();

    // Synchronous: send() returns once the broker stored the message.
    for (int i = 0; i < count; ++i) {
      apogee::Message msg("TopicTest", "TagA", "KEY" + std::to_string(i),
                          "Hello Apogee " + std::to_string(i));
      apogee::SendResult result = producer.send(msg);
      std::cout << result.toString() << "\n";
    }

    // Asynchronous: one of the callbacks runs later, on a client thread.
    std::mutex mutex;
    std::condition_variable done_cv;
    int pending = 3;
    for (int i = 0; i < 3; ++i) {
      producer.send(
          apogee::Message("TopicTest", "TagB", "async " + std::to_string(i)),
          [&](const apogee::SendResult& r) {
            std::cout << "async ok: " << r.getMsgId() << "\n";
            std::lock_guard lock(mutex);
            if (--pending == 0) done_cv.notify_one();
          },
          [&](const apogee::MQClientException& e) {
            std::cout << "async failed: " << e.what() << "\n";
            std::lock_guard lock(mutex);
            if (--pending == 0) done_cv.notify_one();
          });
    }
    {
      std::unique_lock lock(mutex);
      done_cv.wait_for(lock, std::chrono::seconds(10), [&] { return pending == 0; });
    }

    // Orderly: the same order id always goes to the same queue.
    apogee::MessageQueueSelector by_order_id = [](const std::vector<apogee::MessageQueue>& queues,
                                                  const apogee::Message&, const std::any& arg) {
      return queues[static_cast<std::size_t>(std::any_cast<int>(arg)) % queues.size()];
    };
    for (int step = 0; step < 3; ++step) {
      apogee::Message msg("TopicTest", "TagC", "order 42 step " + std::to_string(step));
      apogee::SendResult result = producer.send(msg, by_order_id, std::any(42));
      std::cout << "ordered: queue " << result.getMessageQueue().getQueueId() << "\n";
    }
  } catch (const apogee::MQClientException& e) {
    std::cerr << "send failed: " << e.what() << "\n";
    return 1;
  }
  producer.shutdown();
  return 0;
}
