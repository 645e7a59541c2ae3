// `apogee dlq list|resend`: a consumer group's dead-letter queue (%DLQ%group).
#include <memory>
#include <set>
#include <string>

#include "admin_support.h"
#include "apogee/default_mq_producer.h"
#include "commands.h"
#include "remoting/body/topic_config.h"

namespace apogee::tool {
namespace {

struct DlqOptions {
  ClientOptions client;
  std::string group;
  std::string topic;  // resend: override the original topic
  int max = 1000;
};

std::string dlqTopic(const std::string& group) { return "%DLQ%" + group; }

// The DLQ's stats, or nullopt when the group exists but never dead-lettered
// anything; throws for an unknown group.
std::optional<remoting::TopicStatsTable> dlqStats(client::MQAdminImpl& admin, const DlqOptions& o) {
  ErrorContext ctx{.namesrv = o.client.namesrv, .group = o.group};
  auto stats = admin.examineTopicStats(dlqTopic(o.group));
  if (stats.ok()) return std::move(*stats);
  if (stats.status().code() != StatusCode::kNotFound) check(stats.status(), ctx);
  for (const auto& b : unwrap(admin.masterBrokers(), ctx)) {
    auto wrapper = unwrap(admin.getAllSubscriptionGroup(b.addr), ctx);
    if (wrapper.subscriptionGroupTable.count(o.group) > 0) return std::nullopt;
  }
  throw ToolError("unknown consumer group " + o.group + " — 'apogee group list' shows the groups");
}

void listDlq(const DlqOptions& o) {
  auto admin = startAdmin(o.client);
  auto stats = dlqStats(*admin, o);
  std::int64_t total = 0;
  Json queues = Json::array();
  Table table({"Broker", "Queue", "Min offset", "Max offset", "Messages", "Last updated"});
  if (stats) {
    for (const auto& [mq, off] : stats->offsetTable) {
      total += off.maxOffset - off.minOffset;
      table.addRow({mq.brokerName, std::to_string(mq.queueId), thousands(off.minOffset),
                    thousands(off.maxOffset), thousands(off.maxOffset - off.minOffset),
                    localTime(off.lastUpdateTimestamp)});
      queues.push(Json::object()
                      .set("broker", mq.brokerName)
                      .set("queueId", mq.queueId)
                      .set("minOffset", off.minOffset)
                      .set("maxOffset", off.maxOffset)
                      .set("lastUpdateTimestamp", off.lastUpdateTimestamp));
    }
  }
  if (o.client.json) {
    printJson(Json::object()
                  .set("group", o.group)
                  .set("topic", dlqTopic(o.group))
                  .set("queues", std::move(queues))
                  .set("totalMessages", total));
    return;
  }
  if (!stats) {
    std::printf("group %s has no dead-letter queue (nothing was dead-lettered)\n", o.group.c_str());
    return;
  }
  table.addRow({"total", "", "", "", thousands(total), ""});
  printTable(table);
}

// Properties the broker or the retry path set, not the application.
bool isDeliveryProperty(const std::string& name) {
  static const std::set<std::string> kNames = {
      "RETRY_TOPIC", "REAL_TOPIC", "REAL_QID",          "DELAY",    "MIN_OFFSET", "MAX_OFFSET",
      "UNIQ_KEY",    "CLUSTER",    "ORIGIN_MESSAGE_ID", "TRAN_MSG", "WAIT"};
  return kNames.count(name) > 0;
}

void resendDlq(const DlqOptions& o) {
  auto admin = startAdmin(o.client);
  auto stats = dlqStats(*admin, o);
  if (!stats) {
    std::printf("group %s has no dead-letter queue: nothing to resend\n", o.group.c_str());
    return;
  }
  ErrorContext ctx{.namesrv = o.client.namesrv, .group = o.group};
  const std::string topic = dlqTopic(o.group);
  auto route = unwrap(admin->examineTopicRouteInfo(topic), ctx);
  DefaultMQProducer producer("APOGEE_TOOL_PRODUCER");
  producer.setNamesrvAddr(o.client.namesrv);
  producer.start();
  // A broker creates %DLQ% topics write-only (RocketMQ does too): make each
  // readable once so the dead letters can be pulled.
  for (const auto& q : route.queueDatas) {
    if ((q.perm & remoting::kPermRead) != 0) continue;
    remoting::TopicConfig config;
    config.topicName = topic;
    config.readQueueNums = q.readQueueNums;
    config.writeQueueNums = q.writeQueueNums;
    config.perm = q.perm | remoting::kPermRead;
    check(admin->createAndUpdateTopicConfig(client::MQAdminImpl::masterAddr(route, q.brokerName),
                                            config),
          ctx);
  }
  int resent = 0;
  Table table({"Dead letter", "Queue", "Offset", "Resent to", "New msg id"});
  Json out = Json::array();
  try {
    for (const auto& [mq, off] : stats->offsetTable) {
      const std::string addr = client::MQAdminImpl::masterAddr(route, mq.brokerName);
      std::int64_t offset = off.minOffset;
      while (offset < off.maxOffset && resent < o.max) {
        auto r = unwrap(admin->pull(addr, topic, mq.queueId, offset, 32), ctx);
        if (r.result.getPullStatus() != PullStatus::FOUND) break;
        for (const auto& m : r.result.getMsgFoundList()) {
          if (resent >= o.max) break;
          std::string target = o.topic.empty() ? m.getProperty("RETRY_TOPIC") : o.topic;
          if (target.empty()) {
            throw ToolError("dead letter " + m.getMsgId() +
                            " does not name its original topic (RETRY_TOPIC) — give --topic");
          }
          Message msg(target, m.getBody());
          for (const auto& [k, v] : m.getProperties()) {
            if (!isDeliveryProperty(k)) msg.putProperty(k, v);
          }
          msg.putProperty("ORIGIN_MESSAGE_ID", m.getMsgId());
          SendResult sr = producer.send(msg);
          ++resent;
          table.addRow({m.getMsgId(), std::to_string(mq.queueId), thousands(m.getQueueOffset()),
                        target, sr.getMsgId()});
          out.push(Json::object()
                       .set("deadLetterId", m.getMsgId())
                       .set("queueId", mq.queueId)
                       .set("queueOffset", m.getQueueOffset())
                       .set("topic", target)
                       .set("msgId", sr.getMsgId()));
        }
        if (r.result.getNextBeginOffset() <= offset) break;
        offset = r.result.getNextBeginOffset();
      }
    }
  } catch (...) {
    producer.shutdown();
    throw;
  }
  producer.shutdown();
  if (o.client.json) {
    printJson(Json::object().set("group", o.group).set("resent", std::move(out)));
    return;
  }
  printTable(table);
  std::printf("resent %s message%s (the dead letters stay in %s)\n", thousands(resent).c_str(),
              resent == 1 ? "" : "s", topic.c_str());
}

}  // namespace

void addDlqCommand(CLI::App& app) {
  auto* dlq = app.add_subcommand("dlq", "A consumer group's dead-letter queue (%DLQ%<group>)");
  dlq->require_subcommand(1);
  dlq->footer("\nExample:\n  apogee dlq list --group demo\n");
  auto o = std::make_shared<DlqOptions>();

  auto* list = dlq->add_subcommand("list", "Per queue: dead letters and their offsets");
  addClientOptions(*list, o->client);
  list->add_option("-g,--group", o->group, "Consumer group")->required();
  list->footer("\nExample:\n  apogee dlq list -g demo\n");
  list->callback([o] { runAndExit([o] { listDlq(*o); }); });

  auto* resend =
      dlq->add_subcommand("resend", "Send the dead letters again to their original topic");
  addClientOptions(*resend, o->client);
  resend->add_option("-g,--group", o->group, "Consumer group")->required();
  resend->add_option("-t,--topic", o->topic, "Send to this topic instead of the original");
  resend->add_option("--max", o->max, "At most this many messages")->capture_default_str();
  resend->footer(
      "\nThe dead letters stay in the DLQ; run it once per batch you want redelivered.\n"
      "Example:\n  apogee dlq resend -g demo\n");
  resend->callback([o] { runAndExit([o] { resendDlq(*o); }); });
}

}  // namespace apogee::tool
