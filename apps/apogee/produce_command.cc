// `apogee produce`: send messages (sync or async) and print where they went.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

#include "admin_support.h"
#include "apogee/default_mq_producer.h"
#include "commands.h"

namespace apogee::tool {
namespace {

struct ProduceOptions {
  ClientOptions client;
  std::string topic;
  int count = 1;
  std::string tag;
  std::string keys;
  std::string body = "Hello Apogee";
  bool async = false;
};

// "{n}" in `text` replaced by the message's number (0-based).
std::string numbered(const std::string& text, int n) {
  std::string out = text;
  for (std::size_t pos = out.find("{n}"); pos != std::string::npos; pos = out.find("{n}", pos)) {
    out.replace(pos, 3, std::to_string(n));
  }
  return out;
}

void printResult(const ProduceOptions& o, int n, const SendResult& r) {
  const MessageQueue& mq = r.getMessageQueue();
  if (o.client.json) {
    printJson(Json::object()
                  .set("n", n)
                  .set("status", std::string(sendStatusName(r.getSendStatus())))
                  .set("topic", mq.getTopic())
                  .set("broker", mq.getBrokerName())
                  .set("queueId", mq.getQueueId())
                  .set("queueOffset", r.getQueueOffset())
                  .set("msgId", r.getMsgId())
                  .set("offsetMsgId", r.getOffsetMsgId()));
  } else {
    std::printf("#%-4d %s  %s/%s/%d  offset %s  msgId %s  offsetMsgId %s\n", n,
                std::string(sendStatusName(r.getSendStatus())).c_str(), mq.getTopic().c_str(),
                mq.getBrokerName().c_str(), mq.getQueueId(), thousands(r.getQueueOffset()).c_str(),
                r.getMsgId().c_str(), r.getOffsetMsgId().c_str());
  }
}

// A send failure as one line: a name server problem, or a topic the broker
// did not create on the first send (autoCreateTopicEnable off), is reported
// as such.
[[noreturn]] void sendFailed(const ProduceOptions& o, const MQClientException& e) {
  client::MQAdminImpl admin(o.client.namesrv);
  ErrorContext ctx{.namesrv = o.client.namesrv, .topic = o.topic};
  // RocketMQ's ClientErrorCode.NOT_FOUND_TOPIC_EXCEPTION: the producer found no route.
  constexpr int kNotFoundTopic = 10005;
  if (admin.start().ok()) {
    auto route = admin.examineTopicRouteInfo(o.topic);
    if (!route.ok() && (route.status().code() != StatusCode::kNotFound ||
                        e.getResponseCode() == kNotFoundTopic)) {
      throw ToolError(describeError(route.status(), ctx));
    }
  }
  // Code -1 is the client's own refusal (a bad topic name, ...): its message says it all.
  throw ToolError(std::string("send to ") + o.topic +
                  " failed: " + (e.getResponseCode() == -1 ? e.getErrorMessage() : e.what()));
}

void produce(const ProduceOptions& o) {
  if (o.count < 1) throw ToolError("--count must be at least 1");
  DefaultMQProducer producer("APOGEE_TOOL_PRODUCER");
  producer.setNamesrvAddr(o.client.namesrv);
  producer.start();
  const auto start = std::chrono::steady_clock::now();
  int ok = 0;
  try {
    if (!o.async) {
      for (int n = 0; n < o.count; ++n) {
        Message msg(o.topic, numbered(o.tag, n), numbered(o.keys, n), numbered(o.body, n));
        printResult(o, n, producer.send(msg));
        ++ok;
      }
    } else {
      std::mutex mu;
      std::condition_variable cv;
      int done = 0;
      std::optional<MQClientException> error;
      for (int n = 0; n < o.count; ++n) {
        Message msg(o.topic, numbered(o.tag, n), numbered(o.keys, n), numbered(o.body, n));
        producer.send(
            std::move(msg),
            [&, n](const SendResult& r) {
              std::lock_guard lock(mu);
              printResult(o, n, r);
              ++ok;
              if (++done == o.count) cv.notify_all();
            },
            [&](const MQClientException& e) {
              std::lock_guard lock(mu);
              if (!error) error.emplace(e);
              if (++done == o.count) cv.notify_all();
            });
      }
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return done == o.count; });
      if (error) throw *error;
    }
  } catch (const MQClientException& e) {
    producer.shutdown();
    sendFailed(o, e);
  }
  producer.shutdown();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  if (!o.client.json) {
    std::printf("sent %s message%s to %s in %s ms\n", thousands(ok).c_str(), ok == 1 ? "" : "s",
                o.topic.c_str(), thousands(ms).c_str());
  }
}

}  // namespace

void addProduceCommand(CLI::App& app) {
  auto o = std::make_shared<ProduceOptions>();
  auto* cmd = app.add_subcommand("produce", "Send messages to a topic");
  addClientOptions(*cmd, o->client);
  cmd->add_option("-t,--topic", o->topic, "Topic")->required();
  cmd->add_option("-c,--count", o->count, "How many messages")->capture_default_str();
  cmd->add_option("--tag", o->tag, "Tag of each message");
  cmd->add_option("-k,--keys", o->keys, "Keys of each message (space-separated)");
  cmd->add_option("-b,--body", o->body, "Body of each message")->capture_default_str();
  cmd->add_flag("--async", o->async, "Send asynchronously (all in flight at once)");
  cmd->footer(
      "\n{n} in --body, --keys or --tag becomes the message's number (0, 1, ...).\n"
      "Example:\n  apogee produce --topic TopicTest --count 10 --tag TagA --body 'hello {n}'\n");
  cmd->callback([o] { runAndExit([o] { produce(*o); }); });
}

}  // namespace apogee::tool
