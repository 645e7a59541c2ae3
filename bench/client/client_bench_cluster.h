#pragma once

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "apogee/default_mq_producer.h"
#include "broker/broker_controller.h"
#include "namesrv/name_server.h"
#include "remoting/request_code.h"
#include "remoting/response_code.h"
#include "remoting/transport/remoting_client.h"

// An in-process name server and broker on loopback ports for the client
// benchmarks, with one topic of `queues` queues prefilled with `prefill`
// 1 KiB messages spread over the queues.
namespace apogee::client::bench {

struct BenchCluster {
  BenchCluster(std::string name, std::string topicName, int queues, int prefill)
      : topic(std::move(topicName)) {
    using namespace std::chrono_literals;
    dir = std::filesystem::temp_directory_path() /
          ("apogee-" + name + "-bench-" + std::to_string(::getpid()));
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
                                                 {{"topic", topic},
                                                  {"defaultTopic", "TBW102"},
                                                  {"readQueueNums", std::to_string(queues)},
                                                  {"writeQueueNums", std::to_string(queues)},
                                                  {"perm", "6"},
                                                  {"topicFilterType", "SINGLE_TAG"},
                                                  {"order", "false"}}),
        5s);
    ok = ok && r.ok() && r->code() == remoting::ResponseCode::kSuccess;
    admin.shutdown();
    DefaultMQProducer producer(name + "BenchPrefill");
    producer.setNamesrvAddr(namesrv_addr);
    try {
      producer.start();
      std::vector<Message> batch;
      for (int sent = 0, q = 0; ok && sent < prefill;) {
        batch.clear();
        for (int i = 0; i < 64; ++i) batch.emplace_back(topic, "TagA", std::string(1024, 'x'));
        try {
          producer.send(batch, MessageQueue(topic, "broker-a", q));
          sent += 64;
          q = (q + 1) % queues;
        } catch (const MQClientException&) {
          std::this_thread::sleep_for(50ms);  // the route is not there yet
        }
      }
      producer.shutdown();
    } catch (const MQClientException&) {
      ok = false;
    }
  }
  ~BenchCluster() {
    broker->shutdown();
    namesrv->shutdown();
    std::filesystem::remove_all(dir);
  }
  BenchCluster(const BenchCluster&) = delete;
  BenchCluster& operator=(const BenchCluster&) = delete;

  const std::string topic;
  std::filesystem::path dir;
  std::unique_ptr<namesrv::NameServer> namesrv;
  std::unique_ptr<broker::BrokerController> broker;
  std::string namesrv_addr;
  bool ok = false;
};

}  // namespace apogee::client::bench
