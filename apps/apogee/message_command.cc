// `apogee message get|find|print`: look messages up by id, key or offsets.
#include <chrono>
#include <memory>
#include <string>

#include "admin_support.h"
#include "client/client_error.h"
#include "commands.h"
#include "remoting/response_code.h"

namespace apogee::tool {
namespace {

struct MessageOptions {
  ClientOptions client;
  std::string id;
  std::string topic;
  std::string key;
  std::string broker;  // broker name, for print
  int queue = 0;
  std::int64_t from = 0;
  std::int64_t to = -1;  // exclusive; -1: the queue's max offset
  int max = 64;
};

Json messageJson(const MessageExt& m) {
  Json props = Json::object();
  for (const auto& [k, v] : m.getProperties()) props.set(k, v);
  return Json::object()
      .set("topic", m.getTopic())
      .set("msgId", m.getMsgId())
      .set("offsetMsgId", m.getOffsetMsgId())
      .set("queueId", m.getQueueId())
      .set("queueOffset", m.getQueueOffset())
      .set("tags", m.getTags())
      .set("keys", m.getKeys())
      .set("bornTimestamp", m.getBornTimestamp())
      .set("storeTimestamp", m.getStoreTimestamp())
      .set("bornHost", m.getBornHost())
      .set("storeHost", m.getStoreHost())
      .set("reconsumeTimes", m.getReconsumeTimes())
      .set("properties", std::move(props))
      .set("body", m.getBody());
}

std::string shortBody(const std::string& body) {
  std::string out;
  for (char c : body.substr(0, 60)) out += (c == '\n' || c == '\t') ? ' ' : c;
  return body.size() > 60 ? out + "..." : out;
}

Table messageTable() {
  return Table({"Msg id", "Queue", "Offset", "Tags", "Keys", "Stored", "Body"});
}

void addMessageRow(Table& t, const MessageExt& m) {
  t.addRow({m.getMsgId(), std::to_string(m.getQueueId()), thousands(m.getQueueOffset()),
            m.getTags(), m.getKeys(), localTime(m.getStoreTimestamp()), shortBody(m.getBody())});
}

void getMessage(const MessageOptions& o) {
  auto admin = startAdmin(o.client);
  // An offsetMsgId is IPv4 (8 hex), port (8 hex), commit-log offset (16 hex).
  // A msgId (UNIQ_KEY) has the same length, but its "port" (pid and a hash)
  // is almost never below 65536: name the mix-up instead of failing to connect.
  if (o.id.size() == 32 && o.id.find_first_not_of("0123456789ABCDEFabcdef") == std::string::npos &&
      std::stoull(o.id.substr(8, 8), nullptr, 16) > 65535) {
    throw ToolError(o.id + " is not an offsetMsgId (a msgId?) — a msgId is found with "
                    "'apogee message find -t TOPIC -k MSGID'");
  }
  auto view = admin->viewMessage(o.id);
  if (!view.ok() &&
      client::responseCodeOf(view.status()) == remoting::ResponseCode::kSystemError) {
    // The broker answers SYSTEM_ERROR when nothing is stored at the offset,
    // most often because a msgId (UNIQ_KEY) was given for an offsetMsgId.
    throw ToolError("no message with offsetMsgId " + o.id + " (" + view.status().message() +
                    ") — 'apogee produce' prints the offsetMsgId of each message it sends");
  }
  auto m = unwrap(std::move(view), {.namesrv = o.client.namesrv});
  if (o.client.json) {
    printJson(messageJson(m));
    return;
  }
  Table t({"Field", "Value"});
  t.addRow({"Topic", m.getTopic()});
  t.addRow({"Msg id", m.getMsgId()});
  t.addRow({"Offset msg id", m.getOffsetMsgId()});
  t.addRow({"Queue", std::to_string(m.getQueueId())});
  t.addRow({"Queue offset", thousands(m.getQueueOffset())});
  t.addRow({"Tags", m.getTags()});
  t.addRow({"Keys", m.getKeys()});
  t.addRow({"Born", localTime(m.getBornTimestamp()) + " from " + m.getBornHost()});
  t.addRow({"Stored", localTime(m.getStoreTimestamp()) + " on " + m.getStoreHost()});
  t.addRow({"Reconsume times", std::to_string(m.getReconsumeTimes())});
  for (const auto& [k, v] : m.getProperties()) t.addRow({"Property " + k, v});
  t.addRow({"Body", m.getBody()});
  printTable(t);
}

void findMessages(const MessageOptions& o) {
  auto admin = startAdmin(o.client);
  const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  auto found = unwrap(admin->queryMessage(o.topic, o.key, o.max, 0, now + 60000),
                      {.namesrv = o.client.namesrv, .topic = o.topic});
  if (found.empty()) {
    throw ToolError("no message with key " + o.key + " in topic " + o.topic +
                    " (keys are indexed when the broker's messageIndexEnable is on)");
  }
  if (o.client.json) {
    for (const auto& m : found) printJson(messageJson(m));
    return;
  }
  Table t = messageTable();
  for (const auto& m : found) addMessageRow(t, m);
  printTable(t);
}

void printMessages(const MessageOptions& o) {
  auto admin = startAdmin(o.client);
  ErrorContext ctx{.namesrv = o.client.namesrv, .topic = o.topic};
  auto route = unwrap(admin->examineTopicRouteInfo(o.topic), ctx);
  std::string broker_name = o.broker;
  if (broker_name.empty()) {
    if (route.brokerDatas.size() != 1) {
      throw ToolError("topic " + o.topic + " is on several brokers — choose one with --broker");
    }
    broker_name = route.brokerDatas.front().brokerName;
  }
  const std::string addr = client::MQAdminImpl::masterAddr(route, broker_name);
  if (addr.empty()) throw ToolError("broker " + broker_name + " is not in the route of " + o.topic);
  // A queue the topic does not have would print an empty table as if it were empty.
  for (const auto& qd : route.queueDatas) {
    if (qd.brokerName != broker_name) continue;
    if (o.queue < 0 || o.queue >= qd.readQueueNums) {
      throw ToolError("topic " + o.topic + " has queues 0 to " +
                      std::to_string(qd.readQueueNums - 1) + " on " + broker_name +
                      " — choose one with --queue");
    }
  }
  std::int64_t to = o.to;
  if (to < 0)
    to = unwrap(admin->api().getMaxOffset(addr, o.topic, o.queue, std::chrono::seconds(5)), ctx);
  Table t = messageTable();
  std::int64_t offset = o.from;
  while (offset < to) {
    const int batch = static_cast<int>(std::min<std::int64_t>(32, to - offset));
    auto r = unwrap(admin->pull(addr, o.topic, o.queue, offset, batch), ctx);
    if (r.result.getPullStatus() != PullStatus::FOUND) {
      if (r.result.getNextBeginOffset() <= offset) break;
      offset = r.result.getNextBeginOffset();  // moved past a gap
      continue;
    }
    for (const auto& m : r.result.getMsgFoundList()) {
      if (m.getQueueOffset() >= to) break;
      if (o.client.json) {
        printJson(messageJson(m));
      } else {
        addMessageRow(t, m);
      }
    }
    if (r.result.getNextBeginOffset() <= offset) break;
    offset = r.result.getNextBeginOffset();
  }
  if (!o.client.json) printTable(t);
}

}  // namespace

void addMessageCommand(CLI::App& app) {
  auto* message = app.add_subcommand("message", "Look messages up by id, key or queue offsets");
  message->require_subcommand(1);
  message->footer("\nExample:\n  apogee message print --topic TopicTest --queue 0\n");
  auto o = std::make_shared<MessageOptions>();

  auto* get = message->add_subcommand("get", "One message by its offset message id");
  addClientOptions(*get, o->client);
  get->add_option("-i,--id", o->id, "offsetMsgId (as 'apogee produce' prints it)")->required();
  get->footer("\nExample:\n  apogee message get --id 7F00000100002A9F0000000000000000\n");
  get->callback([o] { runAndExit([o] { getMessage(*o); }); });

  auto* find = message->add_subcommand("find", "Messages of a topic by key (the KEYS property)");
  addClientOptions(*find, o->client);
  find->add_option("-t,--topic", o->topic, "Topic")->required();
  find->add_option("-k,--key", o->key, "Key")->required();
  find->add_option("--max", o->max, "At most this many per broker")->capture_default_str();
  find->footer("\nExample:\n  apogee message find -t TopicTest -k order-42 --json\n");
  find->callback([o] { runAndExit([o] { findMessages(*o); }); });

  auto* print = message->add_subcommand("print", "The messages of one queue in an offset range");
  addClientOptions(*print, o->client);
  print->add_option("-t,--topic", o->topic, "Topic")->required();
  print->add_option("-q,--queue", o->queue, "Queue id")->capture_default_str();
  print->add_option("-b,--broker", o->broker, "Broker name (needed when the topic has several)");
  print->add_option("--from", o->from, "First offset")->capture_default_str();
  print->add_option("--to", o->to, "End offset, exclusive (default: the queue's max offset)");
  print->footer(
      "\nExample:\n  apogee message print -t TopicTest -q 0 --from 0 --to 10\n"
      "With --json: one JSON object per message and line.\n");
  print->callback([o] { runAndExit([o] { printMessages(*o); }); });
}

}  // namespace apogee::tool
