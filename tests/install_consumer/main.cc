// Uses the installed public API only.
//   consumer_app            offline: builds a message and checks that sending
//                           before start() reports an MQClientException.
//   consumer_app <namesrv>  also against a running server (run.sh starts
//                           `apogee dev`): produces kCount messages to a topic
//                           the broker auto-creates, then pull-consumes them
//                           back with a DefaultLitePullConsumer; exits 0 only
//                           if every message arrived intact.
#include <chrono>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "apogee/default_lite_pull_consumer.h"
#include "apogee/default_mq_producer.h"
#include "apogee/message_client_id_setter.h"

namespace {

constexpr int kCount = 32;
const std::string kTopic = "InstallTestTopic";

bool offline() {
  apogee::DefaultMQProducer producer("InstallTestGroup");
  apogee::Message msg("TopicTest", "TagA", "hello");
  apogee::MessageClientIDSetter::setUniqID(msg);
  try {
    producer.send(msg);
  } catch (const apogee::MQClientException& e) {
    std::cout << "ok: " << apogee::MessageClientIDSetter::getUniqID(msg) << " " << e.what() << "\n";
    return true;
  }
  std::cerr << "send before start() did not throw\n";
  return false;
}

std::string bodyOf(int i) { return "install-body-" + std::to_string(i); }

// Sends kCount messages; returns key -> message id.
std::map<std::string, std::string> produce(const std::string& namesrv) {
  apogee::DefaultMQProducer producer("InstallTestProducer");
  producer.setNamesrvAddr(namesrv);
  producer.start();
  std::map<std::string, std::string> sent;
  for (int i = 0; i < kCount; ++i) {
    const std::string key = "install-" + std::to_string(i);
    apogee::Message msg(kTopic, "TagA", key, bodyOf(i));
    msg.putUserProperty("index", std::to_string(i));
    sent[key] = producer.send(msg).getMsgId();
  }
  producer.shutdown();
  return sent;
}

// Assigns every queue of the topic to a lite pull consumer reading from the
// first offset, and polls until every sent key arrived or `timeout` passed.
bool consume(const std::string& namesrv, const std::map<std::string, std::string>& sent,
             std::chrono::seconds timeout) {
  apogee::DefaultLitePullConsumer consumer("InstallTestConsumer");
  consumer.setNamesrvAddr(namesrv);
  consumer.setConsumeFromWhere(apogee::ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
  consumer.start();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  // The producer's first send created the topic; the name server routes it
  // once the broker has registered it.
  std::set<apogee::MessageQueue> queues;
  while (queues.empty() && std::chrono::steady_clock::now() < deadline) {
    try {
      queues = consumer.fetchMessageQueues(kTopic);
    } catch (const apogee::MQClientException&) {
    }
    if (queues.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (queues.empty()) {
    std::cerr << "no route for " << kTopic << "\n";
    return false;
  }
  consumer.assign(std::vector<apogee::MessageQueue>(queues.begin(), queues.end()));

  std::set<std::string> received;
  bool intact = true;
  while (received.size() < sent.size() && std::chrono::steady_clock::now() < deadline) {
    for (const auto& m : consumer.poll(std::chrono::milliseconds(500))) {
      auto it = sent.find(m.getKeys());
      const std::string index = m.getUserProperty("index");
      if (it == sent.end() || m.getMsgId() != it->second || m.getTags() != "TagA" ||
          index.empty() || m.getBody() != bodyOf(std::stoi(index))) {
        std::cerr << "unexpected message: " << m.toString() << "\n";
        intact = false;
        continue;
      }
      received.insert(it->first);
    }
  }
  consumer.shutdown();
  std::cout << "pulled " << received.size() << " of " << sent.size() << " messages from "
            << queues.size() << " queues\n";
  return intact && received.size() == sent.size();
}

}  // namespace

int main(int argc, char** argv) {
  if (!offline()) return 1;
  if (argc < 2) return 0;
  try {
    const auto sent = produce(argv[1]);
    std::cout << "sent " << sent.size() << " messages to " << kTopic << "\n";
    return consume(argv[1], sent, std::chrono::seconds(30)) ? 0 : 1;
  } catch (const apogee::MQClientException& e) {
    std::cerr << "failed: " << e.what() << "\n";
    return 1;
  }
}
