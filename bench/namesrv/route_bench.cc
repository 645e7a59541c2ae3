// Name server route lookups: GET_ROUTEINFO_BY_TOPIC round trips over loopback
// (one connection, synchronous, so this is latency-bound), and the pieces of
// one answer on their own: the route-table lookup and the route JSON.
#include <memory>
#include <string>

#include <benchmark/benchmark.h>

#include "common/logging.h"
#include "namesrv/name_server.h"
#include "remoting/headers/route.h"
#include "remoting/request_code.h"
#include "remoting/response_code.h"
#include "remoting/transport/remoting_client.h"

namespace apogee::namesrv {
namespace {

using namespace std::chrono_literals;
using remoting::RemotingCommand;

// A registration like the corpus broker's: `topics` topics of 8 queues on
// broker `name` (master at `addr`).
BrokerRegistration benchRegistration(const std::string& name, const std::string& addr, std::int64_t id,
                                     int topics) {
  BrokerRegistration reg;
  reg.clusterName = "DefaultCluster";
  reg.brokerName = name;
  reg.brokerAddr = addr;
  reg.brokerId = id;
  reg.haServerAddr = addr + "-ha";
  reg.topicConfig.dataVersion.counter = 1;
  for (int i = 0; i < topics; ++i) {
    remoting::TopicConfig config;
    config.topicName = i == 0 ? "TBW102" : "BenchTopic-" + std::to_string(i);
    config.perm = 6;
    config.readQueueNums = config.writeQueueNums = 8;
    reg.topicConfig.topicConfigTable[config.topicName] = config;
  }
  reg.filterServerList.emplace();
  return reg;
}

// Two broker groups (master + slave each) serving 1,000 topics.
void fillRoutes(RouteInfoManager& routes) {
  routes.registerBroker(benchRegistration("broker-a", "10.0.0.1:10911", 0, 1000));
  routes.registerBroker(benchRegistration("broker-a", "10.0.0.2:10911", 1, 0));
  routes.registerBroker(benchRegistration("broker-b", "10.0.0.3:10911", 0, 1000));
  routes.registerBroker(benchRegistration("broker-b", "10.0.0.4:10911", 1, 0));
}

RemotingCommand routeRequest() {
  remoting::GetRouteInfoRequestHeader header;
  header.topic = "BenchTopic-500";
  return RemotingCommand::createRequest(remoting::RequestCode::kGetRouteInfoByTopic,
                                        remoting::toExtFields(header));
}

// arg 0: JSON headers, 1: ROCKETMQ headers.
void BM_GetRouteInfoByTopicSync(benchmark::State& state) {
  setLogLevel("warn");
  NameServerConfig config;
  config.listen_host = "127.0.0.1";
  config.listen_port = 0;
  NameServer server(config);
  remoting::ClientConfig client_config;
  client_config.connection.request_serialize_type =
      state.range(0) == 0 ? remoting::SerializeType::kJson : remoting::SerializeType::kRocketMQ;
  remoting::RemotingClient client(client_config);
  if (!server.start().ok() || !client.start().ok()) {
    state.SkipWithError("cannot start the name server or the client");
    return;
  }
  fillRoutes(server.routeInfoManager());
  const std::string address = "127.0.0.1:" + std::to_string(server.port());
  for (auto _ : state) {
    auto response = client.invokeSync(address, routeRequest(), 3000ms);
    if (!response.ok() || response->code() != remoting::ResponseCode::kSuccess) {
      state.SkipWithError("route request failed");
      break;
    }
    benchmark::DoNotOptimize(response->body().size());
  }
  state.SetItemsProcessed(state.iterations());
  client.shutdown();
  server.shutdown();
}
BENCHMARK(BM_GetRouteInfoByTopicSync)->Arg(0)->Arg(1)->UseRealTime();

void BM_PickupTopicRouteData(benchmark::State& state) {
  setLogLevel("warn");
  RouteInfoManager routes;
  fillRoutes(routes);
  for (auto _ : state) {
    auto route = routes.pickupTopicRouteData("BenchTopic-500");
    benchmark::DoNotOptimize(route);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PickupTopicRouteData);

// arg 1: the standard form (request version >= 401), 0: Java's default form.
void BM_RouteJsonEncode(benchmark::State& state) {
  setLogLevel("warn");
  RouteInfoManager routes;
  fillRoutes(routes);
  const auto route = routes.pickupTopicRouteData("BenchTopic-500");
  const bool standard = state.range(0) == 1;
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string json = route->toJson(standard);
    bytes += json.size();
    benchmark::DoNotOptimize(json);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_RouteJsonEncode)->Arg(1)->Arg(0);

}  // namespace
}  // namespace apogee::namesrv
