// Orderly producer: the steps of each order (created, paid, shipped, done)
// go to one queue, picked by order id with a MessageQueueSelector, so an
// orderly consumer (examples/orderly_consumer) sees each order's steps in
// the order they were sent. Start a server first:
//
//   apogee dev                                  # name server 127.0.0.1:9876 + broker
//   ./orderly_producer [orders] [topic] [namesrv]   # defaults: 10, OrderTopic, 127.0.0.1:9876
//
// Uses only the public headers (include/apogee).
#include <any>
#include <cstdio>
#include <string>
#include <vector>

#include "apogee/default_mq_producer.h"

int main(int argc, char** argv) {
  const int orders = argc > 1 ? std::stoi(argv[1]) : 10;
  const std::string topic = argc > 2 ? argv[2] : "OrderTopic";
  const std::vector<std::string> steps{"created", "paid", "shipped", "done"};

  apogee::DefaultMQProducer producer("ExampleOrderlyProducerGroup");
  producer.setNamesrvAddr(argc > 3 ? argv[3] : "127.0.0.1:9876");
  // The same order id always picks the same queue (as long as the topic's
  // queue count does not change).
  const apogee::MessageQueueSelector by_order_id =
      [](const std::vector<apogee::MessageQueue>& queues, const apogee::Message&,
         const std::any& arg) {
        return queues[static_cast<std::size_t>(std::any_cast<int>(arg)) % queues.size()];
      };
  try {
    producer.start();
    // Steps outer, orders inner: orders interleave, each order stays in order.
    for (const auto& step : steps) {
      for (int order = 0; order < orders; ++order) {
        apogee::Message msg(topic, "Order", "order-" + std::to_string(order), step);
        apogee::SendResult r = producer.send(msg, by_order_id, std::any(order));
        std::printf("order %d %-8s -> queue %d offset %lld\n", order, step.c_str(),
                    r.getMessageQueue().getQueueId(), static_cast<long long>(r.getQueueOffset()));
      }
    }
  } catch (const apogee::MQClientException& e) {
    std::fprintf(stderr, "send failed: %s\n", e.what());
    return 1;
  }
  producer.shutdown();
  return 0;
}
