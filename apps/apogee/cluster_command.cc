// `apogee cluster list`: brokers, addresses, versions and TPS.
#include <fmt/format.h>

#include <memory>
#include <string>

#include "admin_support.h"
#include "commands.h"

namespace apogee::tool {
namespace {

// The first number of a runtime-info value ("12.5 11.0 10.2" -> 12.5).
double firstNumber(const std::map<std::string, std::string>& kv, const std::string& key) {
  auto it = kv.find(key);
  if (it == kv.end()) return 0;
  try {
    return std::stod(it->second);
  } catch (const std::exception&) {
    return 0;
  }
}

std::int64_t number(const std::map<std::string, std::string>& kv, const std::string& key) {
  return static_cast<std::int64_t>(firstNumber(kv, key));
}

void listCluster(const ClientOptions& o) {
  auto admin = startAdmin(o);
  ErrorContext ctx{.namesrv = o.namesrv};
  auto info = unwrap(admin->examineBrokerClusterInfo(), ctx);
  Table table({"Cluster", "Broker", "BID", "Address", "Version", "In TPS", "Out TPS", "In today",
               "Out today"});
  Json brokers = Json::array();
  for (const auto& [cluster, names] : info.clusterAddrTable) {
    for (const auto& name : names) {
      auto bd = info.brokerAddrTable.find(name);
      if (bd == info.brokerAddrTable.end()) continue;
      for (const auto& [id, addr] : bd->second.brokerAddrs) {
        auto kv = unwrap(admin->fetchBrokerRuntimeStats(addr), ctx);
        const double in_tps = firstNumber(kv, "putTps");
        const double out_tps = firstNumber(kv, "getTransferedTps");
        const std::int64_t in_today =
            number(kv, "msgPutTotalTodayNow") - number(kv, "msgPutTotalTodayMorning");
        const std::int64_t out_today =
            number(kv, "msgGetTotalTodayNow") - number(kv, "msgGetTotalTodayMorning");
        const std::string version = kv.count("brokerVersionDesc") ? kv["brokerVersionDesc"] : "";
        table.addRow({cluster, name, std::to_string(id), addr, version,
                      fmt::format("{:.2f}", in_tps), fmt::format("{:.2f}", out_tps),
                      thousands(in_today), thousands(out_today)});
        brokers.push(Json::object()
                         .set("cluster", cluster)
                         .set("brokerName", name)
                         .set("brokerId", id)
                         .set("addr", addr)
                         .set("version", version)
                         .set("inTps", in_tps)
                         .set("outTps", out_tps)
                         .set("inToday", in_today)
                         .set("outToday", out_today));
      }
    }
  }
  if (o.json) {
    printJson(Json::object().set("brokers", std::move(brokers)));
  } else {
    printTable(table);
  }
}

}  // namespace

void addClusterCommand(CLI::App& app) {
  auto* cluster = app.add_subcommand("cluster", "Inspect the clusters the name servers know");
  cluster->require_subcommand(1);
  cluster->footer("\nExample:\n  apogee cluster list\n");
  auto o = std::make_shared<ClientOptions>();
  auto* list = cluster->add_subcommand("list", "Brokers, addresses, versions and TPS");
  addClientOptions(*list, *o);
  list->footer("\nExample:\n  apogee cluster list -n 127.0.0.1:9876\n");
  list->callback([o] { runAndExit([o] { listCluster(*o); }); });
}

}  // namespace apogee::tool
