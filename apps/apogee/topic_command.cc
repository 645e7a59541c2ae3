// `apogee topic create|update|delete|list|route|status`.
#include <memory>
#include <string>

#include "admin_support.h"
#include "commands.h"
#include "remoting/body/topic_config.h"

namespace apogee::tool {
namespace {

struct TopicOptions {
  ClientOptions client;
  std::string topic;
  int queues = 8;
  int read_queues = -1;
  int write_queues = -1;
  int perm = 6;
  bool order = false;
  std::string broker;   // -b: only this broker
  std::string cluster;  // -c: only this cluster's brokers
};

std::vector<client::BrokerAddr> targetBrokers(client::MQAdminImpl& admin, const TopicOptions& o,
                                              const ErrorContext& ctx) {
  if (!o.broker.empty()) return {{"", o.broker, 0, o.broker}};
  auto masters = unwrap(admin.masterBrokers(), ctx);
  std::vector<client::BrokerAddr> out;
  for (auto& b : masters) {
    if (o.cluster.empty() || b.cluster == o.cluster) out.push_back(std::move(b));
  }
  if (out.empty()) {
    throw ToolError(o.cluster.empty()
                        ? "no broker is registered with the name server " + o.client.namesrv
                        : "no broker in cluster " + o.cluster +
                              " — 'apogee cluster list' shows the clusters");
  }
  return out;
}

void createOrUpdate(const TopicOptions& o, bool update) {
  auto admin = startAdmin(o.client);
  ErrorContext ctx{.namesrv = o.client.namesrv, .topic = o.topic};
  if (update) unwrap(admin->examineTopicRouteInfo(o.topic), ctx);  // must exist
  remoting::TopicConfig config;
  config.topicName = o.topic;
  config.readQueueNums = o.read_queues >= 0 ? o.read_queues : o.queues;
  config.writeQueueNums = o.write_queues >= 0 ? o.write_queues : o.queues;
  config.perm = o.perm;
  config.order = o.order;
  for (const auto& b : targetBrokers(*admin, o, ctx)) {
    check(admin->createAndUpdateTopicConfig(b.addr, config), ctx);
    std::printf("%s topic %s on %s (%s): %d read / %d write queues, perm %s\n",
                update ? "updated" : "created", o.topic.c_str(), b.brokerName.c_str(),
                b.addr.c_str(), config.readQueueNums, config.writeQueueNums,
                remoting::permToString(config.perm).c_str());
  }
}

void deleteTopic(const TopicOptions& o) {
  auto admin = startAdmin(o.client);
  ErrorContext ctx{.namesrv = o.client.namesrv, .topic = o.topic};
  unwrap(admin->examineTopicRouteInfo(o.topic), ctx);
  for (const auto& b : targetBrokers(*admin, o, ctx)) {
    check(admin->deleteTopicInBroker(b.addr, o.topic), ctx);
  }
  check(admin->deleteTopicInNameServer(o.topic), ctx);
  std::printf("deleted topic %s\n", o.topic.c_str());
}

void listTopics(const TopicOptions& o) {
  auto admin = startAdmin(o.client);
  auto topics = unwrap(admin->fetchAllTopicList(), {.namesrv = o.client.namesrv});
  if (o.client.json) {
    Json arr = Json::array();
    for (const auto& t : topics) arr.push(t);
    printJson(Json::object().set("topics", std::move(arr)));
    return;
  }
  Table table({"Topic"});
  for (const auto& t : topics) table.addRow({t});
  printTable(table);
}

void showRoute(const TopicOptions& o) {
  auto admin = startAdmin(o.client);
  auto route = unwrap(admin->examineTopicRouteInfo(o.topic),
                      {.namesrv = o.client.namesrv, .topic = o.topic});
  if (o.client.json) {
    std::printf("%s\n", route.toJson(true).c_str());
    return;
  }
  Table table({"Broker", "Address", "Read queues", "Write queues", "Perm"});
  for (const auto& q : route.queueDatas) {
    table.addRow({q.brokerName, client::MQAdminImpl::masterAddr(route, q.brokerName),
                  std::to_string(q.readQueueNums), std::to_string(q.writeQueueNums),
                  remoting::permToString(q.perm)});
  }
  printTable(table);
}

void showStatus(const TopicOptions& o) {
  auto admin = startAdmin(o.client);
  auto stats =
      unwrap(admin->examineTopicStats(o.topic), {.namesrv = o.client.namesrv, .topic = o.topic});
  std::int64_t total = 0;
  if (o.client.json) {
    Json queues = Json::array();
    for (const auto& [mq, off] : stats.offsetTable) {
      total += off.maxOffset - off.minOffset;
      queues.push(Json::object()
                      .set("broker", mq.brokerName)
                      .set("queueId", mq.queueId)
                      .set("minOffset", off.minOffset)
                      .set("maxOffset", off.maxOffset)
                      .set("lastUpdateTimestamp", off.lastUpdateTimestamp));
    }
    printJson(Json::object()
                  .set("topic", o.topic)
                  .set("queues", std::move(queues))
                  .set("totalMessages", total));
    return;
  }
  Table table({"Broker", "Queue", "Min offset", "Max offset", "Messages", "Last updated"});
  for (const auto& [mq, off] : stats.offsetTable) {
    total += off.maxOffset - off.minOffset;
    table.addRow({mq.brokerName, std::to_string(mq.queueId), thousands(off.minOffset),
                  thousands(off.maxOffset), thousands(off.maxOffset - off.minOffset),
                  localTime(off.lastUpdateTimestamp)});
  }
  table.addRow({"total", "", "", "", thousands(total), ""});
  printTable(table);
}

CLI::App* withTopic(CLI::App* cmd, TopicOptions& o) {
  cmd->add_option("-t,--topic", o.topic, "Topic name")->required();
  return cmd;
}

void addCreateOptions(CLI::App* cmd, TopicOptions& o) {
  cmd->add_option("-q,--queues", o.queues, "Read and write queues per broker")
      ->capture_default_str();
  cmd->add_option("-r,--read-queues", o.read_queues, "Read queues per broker (overrides -q)");
  cmd->add_option("-w,--write-queues", o.write_queues, "Write queues per broker (overrides -q)");
  cmd->add_option("-p,--perm", o.perm, "Permission bits: 2 write, 4 read, 6 both")
      ->capture_default_str();
  cmd->add_flag("-o,--order", o.order, "An ordered topic");
  cmd->add_option("-b,--broker", o.broker, "Only this broker (host:port)");
  cmd->add_option("-c,--cluster", o.cluster, "Only this cluster's brokers");
}

}  // namespace

void addTopicCommand(CLI::App& app) {
  auto* topic = app.add_subcommand("topic", "Create, change, delete and inspect topics");
  topic->require_subcommand(1);
  topic->footer("\nExample:\n  apogee topic create --topic TopicTest --queues 4\n");

  auto o = std::make_shared<TopicOptions>();
  auto* create = withTopic(topic->add_subcommand("create", "Create a topic on every broker"), *o);
  addClientOptions(*create, o->client, false);
  addCreateOptions(create, *o);
  create->footer("\nExample:\n  apogee topic create -t TopicTest -q 4\n");
  create->callback([o] { runAndExit([o] { createOrUpdate(*o, false); }); });

  auto* update =
      withTopic(topic->add_subcommand("update", "Change an existing topic's queues or perm"), *o);
  addClientOptions(*update, o->client, false);
  addCreateOptions(update, *o);
  update->footer("\nExample:\n  apogee topic update -t TopicTest -q 8\n");
  update->callback([o] { runAndExit([o] { createOrUpdate(*o, true); }); });

  auto* del = withTopic(
      topic->add_subcommand("delete", "Delete a topic from brokers and name servers"), *o);
  addClientOptions(*del, o->client, false);
  del->add_option("-c,--cluster", o->cluster, "Only this cluster's brokers");
  del->footer("\nExample:\n  apogee topic delete -t TopicTest\n");
  del->callback([o] { runAndExit([o] { deleteTopic(*o); }); });

  auto* list = topic->add_subcommand("list", "List every topic the name servers know");
  addClientOptions(*list, o->client);
  list->footer("\nExample:\n  apogee topic list --json\n");
  list->callback([o] { runAndExit([o] { listTopics(*o); }); });

  auto* route = withTopic(topic->add_subcommand("route", "Show a topic's brokers and queues"), *o);
  addClientOptions(*route, o->client);
  route->footer("\nExample:\n  apogee topic route -t TopicTest\n");
  route->callback([o] { runAndExit([o] { showRoute(*o); }); });

  auto* status = withTopic(
      topic->add_subcommand("status", "Per queue: min and max offsets, last message time"), *o);
  addClientOptions(*status, o->client);
  status->footer("\nExample:\n  apogee topic status -t TopicTest\n");
  status->callback([o] { runAndExit([o] { showStatus(*o); }); });
}

}  // namespace apogee::tool
