// `apogee consume`: a push consumer that prints each message until Ctrl-C or
// --count messages, committing offsets on the way out.
#include <atomic>
#include <cstdio>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include "admin_support.h"
#include "apogee/default_mq_push_consumer.h"
#include "commands.h"

namespace apogee::tool {
namespace {

struct ConsumeOptions {
  ClientOptions client;
  std::string topic;
  std::string group;
  std::string tag = "*";
  bool from_beginning = false;
  bool broadcast = false;
  bool orderly = false;
  std::int64_t count = 0;  // 0: until Ctrl-C
};

// Whether `name` is a user property: putUserProperty refuses RocketMQ's
// system property names.
bool isUserProperty(const std::string& name) {
  try {
    Message probe;
    probe.putUserProperty(name, "x");
    return true;
  } catch (const std::invalid_argument&) {
    return false;
  }
}

std::string orDash(const std::string& s) { return s.empty() ? "-" : s; }

void printMessage(const ConsumeOptions& o, const std::string& broker, const MessageExt& m) {
  if (o.client.json) {
    Json props = Json::object();
    for (const auto& [name, value] : m.getProperties()) {
      if (isUserProperty(name)) props.set(name, value);
    }
    printJson(Json::object()
                  .set("topic", m.getTopic())
                  .set("broker", broker)
                  .set("queueId", m.getQueueId())
                  .set("queueOffset", m.getQueueOffset())
                  .set("tags", m.getTags())
                  .set("keys", m.getKeys())
                  .set("body", m.getBody())
                  .set("msgId", m.getMsgId())
                  .set("reconsumeTimes", m.getReconsumeTimes())
                  .set("bornTimestamp", m.getBornTimestamp())
                  .set("storeTimestamp", m.getStoreTimestamp())
                  .set("properties", std::move(props)));
  } else {
    std::printf("%s/%s/%d  offset %s  tags %s  keys %s  body %s\n", m.getTopic().c_str(),
                broker.c_str(), m.getQueueId(), thousands(m.getQueueOffset()).c_str(),
                orDash(m.getTags()).c_str(), orDash(m.getKeys()).c_str(), m.getBody().c_str());
  }
  std::fflush(stdout);
}

void consume(const ConsumeOptions& o) {
  if (o.count < 0) throw ToolError("--count must be positive");
  // Before any thread starts, so that only the main thread takes the signal.
  blockTerminationSignals();
  {
    auto admin = startAdmin(o.client);
    auto route = admin->examineTopicRouteInfo(o.topic);
    check(route.status(), {.namesrv = o.client.namesrv, .topic = o.topic});
  }

  std::mutex mu;  // serializes printing and counting
  std::int64_t printed = 0;
  std::atomic<bool> done{false};
  DefaultMQPushConsumer consumer(o.group);
  consumer.setNamesrvAddr(o.client.namesrv);
  if (o.broadcast) consumer.setMessageModel(MessageModel::BROADCASTING);
  if (o.from_beginning) {
    consumer.setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
  }
  if (o.count > 0) {
    // Few messages past the count reach the listener.
    consumer.setConsumeThreadMin(1);
    consumer.setConsumeThreadMax(1);
    consumer.setPullBatchSize(static_cast<int>(std::min<std::int64_t>(o.count, 32)));
  }
  try {
    consumer.subscribe(o.topic, o.tag);
  } catch (const MQClientException& e) {
    throw ToolError("bad --tag '" + o.tag + "': " + e.what() + " — use e.g. 'TagA || TagB' or '*'");
  }
  // Prints `msgs`; false once past the count: the rest is then not
  // acknowledged and comes again (concurrently through the group's retry
  // topic, orderly from the queue's committed offset).
  auto print = [&](const std::vector<MessageExt>& msgs, const MessageQueue& mq) {
    std::lock_guard lock(mu);
    for (const auto& m : msgs) {
      if (o.count > 0 && printed >= o.count) return false;
      printMessage(o, mq.getBrokerName(), m);
      if (++printed == o.count) done.store(true);
    }
    return true;
  };
  if (o.orderly) {
    consumer.registerMessageListener(
        [&](const std::vector<MessageExt>& msgs, ConsumeOrderlyContext& ctx) {
          return print(msgs, ctx.getMessageQueue())
                     ? ConsumeOrderlyStatus::SUCCESS
                     : ConsumeOrderlyStatus::SUSPEND_CURRENT_QUEUE_A_MOMENT;
        });
  } else {
    consumer.registerMessageListener(
        [&](const std::vector<MessageExt>& msgs, ConsumeConcurrentlyContext& ctx) {
          return print(msgs, ctx.getMessageQueue()) ? ConsumeConcurrentlyStatus::CONSUME_SUCCESS
                                                    : ConsumeConcurrentlyStatus::RECONSUME_LATER;
        });
  }
  consumer.start();
  while (!done.load()) {
    if (waitForTerminationSignalFor(std::chrono::milliseconds(50))) break;
  }
  // Waits for the listener in flight and commits the offsets.
  consumer.shutdown(std::chrono::seconds(5));
}

}  // namespace

void addConsumeCommand(CLI::App& app) {
  auto o = std::make_shared<ConsumeOptions>();
  auto* cmd = app.add_subcommand("consume", "Receive messages with a push consumer and print them");
  addClientOptions(*cmd, o->client, false);
  cmd->add_flag("--json", o->client.json,
                "One JSON object per message (with msgId, timestamps, user properties)");
  cmd->add_option("-t,--topic", o->topic, "Topic")->required();
  cmd->add_option("-g,--group", o->group, "Consumer group")->required();
  cmd->add_option("--tag", o->tag, "Tag expression: '*', 'TagA', 'TagA || TagB'")
      ->capture_default_str();
  cmd->add_flag("--from-beginning", o->from_beginning,
                "A group without committed offsets starts at the earliest message "
                "(default: CONSUME_FROM_LAST_OFFSET)");
  cmd->add_flag("--broadcast", o->broadcast,
                "Broadcasting: every consumer of the group gets every message (offsets kept "
                "locally)");
  cmd->add_flag("--orderly", o->orderly,
                "Orderly (MessageListenerOrderly): each queue's messages in queue order, one at "
                "a time; in clustering a queue is consumed only while locked at its broker");
  cmd->add_option("-c,--count", o->count, "Exit after this many messages (default: until Ctrl-C)");
  cmd->footer(
      "\nPrints topic/broker/queue, offset, tags, keys and body of each message until Ctrl-C\n"
      "(or --count messages), then commits the group's offsets and exits 0. A new group\n"
      "starts at the end of each queue (at 0 while a queue's first message is still in the\n"
      "broker's memory) unless --from-beginning; a known group continues where\n"
      "it stopped. With --count, messages past the count are not acknowledged: they come\n"
      "again later through the group's retry topic (--orderly: from the committed offset).\n"
      "Example:\n  apogee consume --topic TopicTest --group demo --from-beginning\n"
      "  apogee consume -t TopicTest -g demo --tag 'TagA || TagB' --count 10 --json\n"
      "  apogee consume -t TopicTest -g demo --orderly\n");
  cmd->callback([o] { runAndExit([o] { consume(*o); }); });
}

}  // namespace apogee::tool
