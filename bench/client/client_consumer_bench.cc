// The pull consumers against an in-process name server and broker over
// loopback, 1 KiB bodies prefilled in one queue: DefaultMQPullConsumer::pull
// of 32 messages at a time (sync), and DefaultLitePullConsumer::poll fed by
// its background long-polling pulls (batches of 32).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "apogee/default_lite_pull_consumer.h"
#include "apogee/default_mq_producer.h"
#include "apogee/default_mq_pull_consumer.h"
#include "broker/broker_controller.h"
#include "namesrv/name_server.h"
#include "remoting/request_code.h"
#include "remoting/response_code.h"
#include "remoting/transport/remoting_client.h"

namespace apogee::client {
namespace {

using namespace std::chrono_literals;

constexpr const char* kTopic = "ConsumerBench";
constexpr int kPrefill = 20000;

struct ConsumerBenchCluster {
  ConsumerBenchCluster() {
    dir = std::filesystem::temp_directory_path() /
          ("apogee-consumer-bench-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    namesrv::NameServerConfig nc;
    nc.listen_host = "127.0.0.1";
    nc.listen_port = 0;
    namesrv = std::make_unique<namesrv::NameServer>(nc);
    ok = namesrv->start().ok();
    namesrv_addr = "127.0.0.1:" + std::to_string(namesrv->port());
    broker::BrokerConfig c;
    c.listenHost = "127.0.0.1";
    c.listenPort = 0;
    c.namesrvAddr = namesrv_addr;
    c.storePathRootDir = dir;
    c.store.mappedFileSizeCommitLog = 256LL * 1024 * 1024;
    c.store.maxHashSlotNum = 100000;
    c.store.maxIndexNum = 400000;
    broker = std::make_unique<broker::BrokerController>(c);
    ok = ok && broker->start().ok();
    remoting::RemotingClient admin;
    ok = ok && admin.start().ok();
    auto r = admin.invokeSync(
        "127.0.0.1:" + std::to_string(broker->port()),
        remoting::RemotingCommand::createRequest(remoting::RequestCode::kUpdateAndCreateTopic,
                                                 {{"topic", kTopic},
                                                  {"defaultTopic", "TBW102"},
                                                  {"readQueueNums", "1"},
                                                  {"writeQueueNums", "1"},
                                                  {"perm", "6"},
                                                  {"topicFilterType", "SINGLE_TAG"},
                                                  {"order", "false"}}),
        5s);
    ok = ok && r.ok() && r->code() == remoting::ResponseCode::kSuccess;
    admin.shutdown();
    DefaultMQProducer producer("ConsumerBenchProducer");
    producer.setNamesrvAddr(namesrv_addr);
    try {
      producer.start();
      std::vector<Message> batch;
      for (int sent = 0; ok && sent < kPrefill;) {
        batch.clear();
        for (int i = 0; i < 64; ++i) batch.emplace_back(kTopic, "TagA", std::string(1024, 'x'));
        try {
          producer.send(batch, queue);
          sent += 64;
        } catch (const MQClientException&) {
          std::this_thread::sleep_for(50ms);  // the route is not there yet
        }
      }
      producer.shutdown();
    } catch (const MQClientException&) {
      ok = false;
    }
  }
  ~ConsumerBenchCluster() {
    broker->shutdown();
    namesrv->shutdown();
    std::filesystem::remove_all(dir);
  }

  std::filesystem::path dir;
  std::unique_ptr<namesrv::NameServer> namesrv;
  std::unique_ptr<broker::BrokerController> broker;
  std::string namesrv_addr;
  const MessageQueue queue{kTopic, "broker-a", 0};
  bool ok = false;
};

ConsumerBenchCluster& cluster() {
  static ConsumerBenchCluster c;
  return c;
}

void BM_PullConsumerPull(benchmark::State& state) {
  auto& c = cluster();
  if (!c.ok) return state.SkipWithError("cluster did not start");
  DefaultMQPullConsumer consumer("ConsumerBenchPull");
  consumer.setNamesrvAddr(c.namesrv_addr);
  consumer.start();
  std::int64_t offset = 0;
  std::int64_t messages = 0;
  for (auto _ : state) {
    PullResult r = consumer.pull(c.queue, "*", offset, 32);
    messages += static_cast<std::int64_t>(r.getMsgFoundList().size());
    offset = r.getPullStatus() == PullStatus::FOUND ? r.getNextBeginOffset() : 0;
  }
  state.SetItemsProcessed(messages);
  state.SetBytesProcessed(messages * 1024);
  consumer.shutdown();
}
BENCHMARK(BM_PullConsumerPull)->UseRealTime()->MinTime(2.0);

void BM_LitePullPoll(benchmark::State& state) {
  auto& c = cluster();
  if (!c.ok) return state.SkipWithError("cluster did not start");
  DefaultLitePullConsumer consumer("ConsumerBenchLite");
  consumer.setNamesrvAddr(c.namesrv_addr);
  consumer.setConsumeFromWhere(ConsumeFromWhere::CONSUME_FROM_FIRST_OFFSET);
  consumer.setPullBatchSize(32);
  consumer.assign({c.queue});
  consumer.start();
  std::int64_t messages = 0;
  for (auto _ : state) {
    auto batch = consumer.poll(1s);
    messages += static_cast<std::int64_t>(batch.size());
    // Drained: read the queue again (without waiting for an empty poll).
    if (batch.empty() || batch.back().getQueueOffset() + 1 >= kPrefill) {
      state.PauseTiming();
      consumer.seekToBegin(c.queue);
      state.ResumeTiming();
    }
  }
  state.SetItemsProcessed(messages);
  state.SetBytesProcessed(messages * 1024);
  consumer.shutdown();
}
BENCHMARK(BM_LitePullPoll)->UseRealTime()->MinTime(2.0);

}  // namespace
}  // namespace apogee::client
