// `apogee group list|describe|progress|reset-offset`: consumer groups.
#include <algorithm>
#include <ctime>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "admin_support.h"
#include "apogee/mq_version.h"
#include "client/client_error.h"
#include "commands.h"
#include "remoting/remoting_command.h"
#include "remoting/response_code.h"

namespace apogee::tool {
namespace {

namespace rc = remoting::ResponseCode;

struct GroupOptions {
  ClientOptions client;
  std::string group;
  std::string topic;
  bool all = false;
  std::string to_time;
  bool to_earliest = false;
  bool to_latest = false;
};

// The groups every broker creates for itself (SubscriptionGroupManager).
bool isSystemGroup(const std::string& g) {
  static const std::set<std::string> kSystem = {
      "TOOLS_CONSUMER",  "FILTERSRV_CONSUMER",    "SELF_TEST_C_GROUP", "CID_ONS-HTTP-PROXY",
      "CID_ONSAPI_PULL", "CID_ONSAPI_PERMISSION", "CID_ONSAPI_OWNER",  "CID_SYS_RMQ_TRANS"};
  return kSystem.count(g) > 0;
}

std::set<std::string> allGroups(client::MQAdminImpl& admin, const ErrorContext& ctx) {
  std::set<std::string> groups;
  for (const auto& b : unwrap(admin.masterBrokers(), ctx)) {
    auto wrapper = unwrap(admin.getAllSubscriptionGroup(b.addr), ctx);
    for (const auto& [name, config] : wrapper.subscriptionGroupTable) groups.insert(name);
  }
  return groups;
}

// The group's connections, or nullopt when no client is online; throws
// "unknown consumer group" when no broker knows the group at all.
std::optional<remoting::ConsumerConnection> connections(client::MQAdminImpl& admin,
                                                        const std::string& group,
                                                        const ErrorContext& ctx) {
  auto cc = admin.examineConsumerConnectionInfo(group);
  if (cc.ok()) return std::move(*cc);
  if (client::responseCodeOf(cc.status()) != rc::kConsumerNotOnline) check(cc.status(), ctx);
  if (allGroups(admin, ctx).count(group) == 0) {
    throw ToolError("unknown consumer group " + group + " — 'apogee group list' shows the groups");
  }
  return std::nullopt;
}

void listGroups(const GroupOptions& o) {
  auto admin = startAdmin(o.client);
  ErrorContext ctx{.namesrv = o.client.namesrv};
  Table table({"Group", "Clients", "Version", "Model", "Type", "Lag"});
  Json arr = Json::array();
  for (const auto& g : allGroups(*admin, ctx)) {
    if (!o.all && isSystemGroup(g)) continue;
    auto cc = admin->examineConsumerConnectionInfo(g);
    std::int64_t lag = 0;
    if (auto stats = admin->examineConsumeStats(g); stats.ok()) {
      for (const auto& [mq, w] : stats->offsetTable) lag += w.brokerOffset - w.consumerOffset;
    }
    const std::size_t clients = cc.ok() ? cc->connectionSet.size() : 0;
    // The oldest member's version, as RocketMQ's consumerProgress shows it.
    std::string version;
    if (clients > 0) {
      auto oldest = std::min_element(
          cc->connectionSet.begin(), cc->connectionSet.end(),
          [](const auto& a, const auto& b) { return a.version < b.version; });
      version = mqVersionName(oldest->version);
    }
    const std::string model = cc.ok() ? std::string(remoting::javaName(cc->messageModel)) : "";
    const std::string type = cc.ok() ? std::string(remoting::javaName(cc->consumeType)) : "";
    table.addRow({g, std::to_string(clients), version.empty() ? "-" : version,
                  model.empty() ? "-" : model,
                  type.empty() ? "-" : type, thousands(lag)});
    arr.push(Json::object()
                 .set("group", g)
                 .set("clients", static_cast<std::int64_t>(clients))
                 .set("version", version.empty() ? Json() : Json(version))
                 .set("messageModel", model)
                 .set("consumeType", type)
                 .set("lag", lag));
  }
  if (o.client.json) {
    printJson(Json::object().set("groups", std::move(arr)));
  } else {
    printTable(table);
  }
}

void describeGroup(const GroupOptions& o) {
  auto admin = startAdmin(o.client);
  ErrorContext ctx{.namesrv = o.client.namesrv, .group = o.group};
  auto cc = connections(*admin, o.group, ctx);
  if (o.client.json) {
    Json out = Json::object().set("group", o.group).set("online", cc.has_value());
    Json members = Json::array();
    Json subs = Json::array();
    if (cc) {
      out.set("messageModel", std::string(remoting::javaName(cc->messageModel)))
          .set("consumeType", std::string(remoting::javaName(cc->consumeType)))
          .set("consumeFromWhere", std::string(remoting::javaName(cc->consumeFromWhere)));
      for (const auto& c : cc->connectionSet) {
        members.push(Json::object()
                         .set("clientId", c.clientId)
                         .set("clientAddr", c.clientAddr)
                         .set("language", std::string(remoting::javaName(c.language)))
                         .set("version", mqVersionName(c.version)));
      }
      for (const auto& [topic, sd] : cc->subscriptionTable) {
        subs.push(Json::object()
                      .set("topic", topic)
                      .set("expression", sd.subString)
                      .set("expressionType", sd.expressionType));
      }
    }
    printJson(out.set("members", std::move(members)).set("subscriptions", std::move(subs)));
    return;
  }
  if (!cc) {
    std::printf("Group %s: no client online\n", o.group.c_str());
    return;
  }
  std::printf("Group %s: %s, %s, %s\n\n", o.group.c_str(),
              std::string(remoting::javaName(cc->messageModel)).c_str(),
              std::string(remoting::javaName(cc->consumeType)).c_str(),
              std::string(remoting::javaName(cc->consumeFromWhere)).c_str());
  Table members({"Client id", "Address", "Language", "Version"});
  for (const auto& c : cc->connectionSet) {
    members.addRow({c.clientId, c.clientAddr, std::string(remoting::javaName(c.language)),
                    mqVersionName(c.version)});
  }
  printTable(members);
  std::printf("\n");
  Table subs({"Topic", "Expression", "Type"});
  for (const auto& [topic, sd] : cc->subscriptionTable) {
    subs.addRow({topic, sd.subString, sd.expressionType});
  }
  printTable(subs);
}

// The online client that holds a queue.
struct QueueHolder {
  std::string clientId;
  std::string clientAddr;
};

// Which client holds each queue, from the running info (307) of every
// online client of the group, as RocketMQ's consumerProgress finds it. A
// client that does not answer leaves its queues without a holder, and so
// does a group without online clients: the offsets are the answer, this is
// a detail.
std::map<remoting::MessageQueueKey, QueueHolder> queueHolders(client::MQAdminImpl& admin,
                                                              const std::string& group) {
  std::map<remoting::MessageQueueKey, QueueHolder> holders;
  auto cc = admin.examineConsumerConnectionInfo(group);
  if (!cc.ok()) return holders;
  for (const auto& c : cc->connectionSet) {
    auto info = admin.getConsumerRunningInfo(group, c.clientId);
    if (!info.ok()) continue;
    for (const auto& [mq, pq] : info->mqTable) holders[mq] = {c.clientId, c.clientAddr};
  }
  return holders;
}

void showProgress(const GroupOptions& o) {
  auto admin = startAdmin(o.client);
  ErrorContext ctx{.namesrv = o.client.namesrv, .topic = o.topic, .group = o.group};
  std::optional<std::string> topic;
  if (!o.topic.empty()) {
    unwrap(admin->examineTopicRouteInfo(o.topic), ctx);
    topic = o.topic;
  }
  auto stats = unwrap(admin->examineConsumeStats(o.group, topic), ctx);
  if (stats.offsetTable.empty() && allGroups(*admin, ctx).count(o.group) == 0) {
    throw ToolError("unknown consumer group " + o.group +
                    " — 'apogee group list' shows the groups");
  }
  const auto holders = queueHolders(*admin, o.group);
  std::int64_t broker_total = 0, consumer_total = 0, lag_total = 0;
  Table table({"Topic", "Broker", "Queue", "Broker offset", "Consumer offset", "Client", "Lag",
               "Last consumed"});
  Json queues = Json::array();
  for (const auto& [mq, w] : stats.offsetTable) {
    const std::int64_t lag = w.brokerOffset - w.consumerOffset;
    broker_total += w.brokerOffset;
    consumer_total += w.consumerOffset;
    lag_total += lag;
    auto holder = holders.find(mq);
    const bool held = holder != holders.end();
    table.addRow({mq.topic, mq.brokerName, std::to_string(mq.queueId), thousands(w.brokerOffset),
                  thousands(w.consumerOffset), held ? holder->second.clientAddr : "-",
                  thousands(lag), localTime(w.lastTimestamp)});
    queues.push(Json::object()
                    .set("topic", mq.topic)
                    .set("broker", mq.brokerName)
                    .set("queueId", mq.queueId)
                    .set("brokerOffset", w.brokerOffset)
                    .set("consumerOffset", w.consumerOffset)
                    .set("clientId", held ? Json(holder->second.clientId) : Json())
                    .set("clientAddr", held ? Json(holder->second.clientAddr) : Json())
                    .set("lag", lag)
                    .set("lastTimestamp", w.lastTimestamp));
  }
  if (o.client.json) {
    printJson(Json::object()
                  .set("group", o.group)
                  .set("consumeTps", stats.consumeTps)
                  .set("queues", std::move(queues))
                  .set("totalBrokerOffset", broker_total)
                  .set("totalConsumerOffset", consumer_total)
                  .set("totalLag", lag_total));
    return;
  }
  table.addRow({"total", "", "", thousands(broker_total), thousands(consumer_total), "",
                thousands(lag_total), ""});
  printTable(table);
}

// "2024-05-01 12:00:00" (local time), "2024-05-01T12:00:00" or ms since the epoch.
std::int64_t parseTime(const std::string& text) {
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) {
    return std::stoll(text);
  }
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%d %H:%M:%S", &tm);
  if (end == nullptr || *end != '\0') end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (end == nullptr || *end != '\0') {
    throw ToolError("cannot read time '" + text +
                    "' — use 'YYYY-MM-DD HH:MM:SS' (local time) or ms since the epoch");
  }
  tm.tm_isdst = -1;
  return static_cast<std::int64_t>(std::mktime(&tm)) * 1000;
}

void resetOffset(const GroupOptions& o) {
  const int modes = (o.to_time.empty() ? 0 : 1) + (o.to_earliest ? 1 : 0) + (o.to_latest ? 1 : 0);
  if (modes != 1) throw ToolError("give exactly one of --to-time, --to-earliest, --to-latest");
  const std::int64_t timestamp = o.to_earliest ? 0 : o.to_latest ? -1 : parseTime(o.to_time);
  auto admin = startAdmin(o.client);
  ErrorContext ctx{.namesrv = o.client.namesrv, .topic = o.topic, .group = o.group};
  unwrap(admin->examineTopicRouteInfo(o.topic), ctx);
  const auto noOffsets = [&] {
    return ToolError("consumer group " + o.group + " has no offsets for topic " + o.topic +
                     " — 'apogee group progress --group " + o.group + "' shows what it consumes");
  };
  auto reset = admin->resetOffsetByTimestamp(o.topic, o.group, timestamp, true);
  if (!reset.ok() && client::responseCodeOf(reset.status()) == rc::kSystemError &&
      reset.status().message().find("> not exist") != std::string::npos) {
    // The broker's answer to a group without an offset on some queue of the
    // topic ("THe consumer group <G> not exist", as Java words it), which
    // also covers a group no broker knows.
    if (allGroups(*admin, ctx).count(o.group) == 0) {
      throw ToolError("unknown consumer group " + o.group +
                      " — 'apogee group list' shows the groups");
    }
    throw noOffsets();
  }
  auto offsets = unwrap(std::move(reset), ctx);
  if (offsets.empty()) throw noOffsets();
  if (o.client.json) {
    Json arr = Json::array();
    for (const auto& [mq, off] : offsets) {
      arr.push(Json::object()
                   .set("broker", mq.brokerName)
                   .set("queueId", mq.queueId)
                   .set("offset", off));
    }
    printJson(
        Json::object().set("group", o.group).set("topic", o.topic).set("offsets", std::move(arr)));
    return;
  }
  Table table({"Broker", "Queue", "New offset"});
  for (const auto& [mq, off] : offsets) {
    table.addRow({mq.brokerName, std::to_string(mq.queueId), thousands(off)});
  }
  printTable(table);
}

}  // namespace

void addGroupCommand(CLI::App& app) {
  auto* group = app.add_subcommand("group", "Inspect consumer groups and move their offsets");
  group->require_subcommand(1);
  group->footer("\nExample:\n  apogee group progress --group demo\n");
  auto o = std::make_shared<GroupOptions>();

  auto* list = group->add_subcommand("list", "Every consumer group: clients, model, lag");
  addClientOptions(*list, o->client);
  list->add_flag("--all", o->all, "Include the brokers' own system groups");
  list->footer("\nExample:\n  apogee group list --json\n");
  list->callback([o] { runAndExit([o] { listGroups(*o); }); });

  auto* describe =
      group->add_subcommand("describe", "Members: client ids, addresses, versions, subscriptions");
  addClientOptions(*describe, o->client);
  describe->add_option("-g,--group", o->group, "Consumer group")->required();
  describe->footer("\nExample:\n  apogee group describe -g demo\n");
  describe->callback([o] { runAndExit([o] { describeGroup(*o); }); });

  auto* progress = group->add_subcommand(
      "progress",
      "Per queue: broker offset, consumer offset, the client holding it, lag, last consume time");
  addClientOptions(*progress, o->client);
  progress->add_option("-g,--group", o->group, "Consumer group")->required();
  progress->add_option("-t,--topic", o->topic, "Only this topic");
  progress->footer("\nExample:\n  apogee group progress -g demo -t TopicTest\n");
  progress->callback([o] { runAndExit([o] { showProgress(*o); }); });

  auto* reset = group->add_subcommand(
      "reset-offset", "Move a group's offsets of a topic (online consumers take them at once)");
  addClientOptions(*reset, o->client);
  reset->add_option("-g,--group", o->group, "Consumer group")->required();
  reset->add_option("-t,--topic", o->topic, "Topic")->required();
  reset->add_option("--to-time", o->to_time,
                    "First message stored at or after this time: 'YYYY-MM-DD HH:MM:SS' (local) "
                    "or ms since the epoch");
  reset->add_flag("--to-earliest", o->to_earliest, "The oldest stored message");
  reset->add_flag("--to-latest", o->to_latest, "The end of each queue (skip everything)");
  reset->footer(
      "\nExample:\n  apogee group reset-offset -g demo -t TopicTest --to-time '2024-05-01 "
      "12:00:00'\n");
  reset->callback([o] { runAndExit([o] { resetOffset(*o); }); });
}

}  // namespace apogee::tool
