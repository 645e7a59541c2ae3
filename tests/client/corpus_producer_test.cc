#include <mutex>

#include "client/mq_client_instance.h"
#include "client_test_util.h"
#include "common/message/properties.h"
#include "remoting/transport/remoting_server.h"
#include "support/corpus.h"

// The producer's requests compared with what the Java 4.9.8 producer sent in
// scenario `a` of the protocol corpus: same header keys in the same order,
// same fixed values, same properties. The "broker" here is a recording
// RemotingServer that the name server routes CorpusT to.
namespace apogee::client::testing {
namespace {

using ::apogee::testing::CorpusFrame;
using ::apogee::testing::corpusFrames;
using namespace std::chrono_literals;

class RecordingBroker {
 public:
  RecordingBroker() {
    remoting::ServerConfig config;
    config.host = "127.0.0.1";
    config.port = 0;
    config.io_threads = 1;
    server_ = std::make_unique<remoting::RemotingServer>(config);
    server_->registerDefaultProcessor(
        remoting::makeProcessor([this](const remoting::RequestContext&,
                                       RemotingCommand& request) -> std::optional<RemotingCommand> {
          {
            std::lock_guard lock(mutex_);
            requests_.push_back(request);
          }
          auto response = RemotingCommand::createResponse(rc::kSuccess);
          if (request.code() == code::kSendMessageV2 || request.code() == code::kSendBatchMessage) {
            remoting::SendMessageResponseHeader h;
            h.msgId = "7F00000100002A9F0000000000000000";
            h.queueId = 0;
            h.queueOffset = 0;
            response.setExtFields(remoting::toExtFields(h));
          }
          return response;
        }));
  }
  Status start() { return server_->start(); }
  std::string addr() const { return "127.0.0.1:" + std::to_string(server_->port()); }
  std::vector<RemotingCommand> requests(int code) {
    std::lock_guard lock(mutex_);
    std::vector<RemotingCommand> out;
    for (const auto& r : requests_) {
      if (r.code() == code) out.push_back(r);
    }
    return out;
  }

 private:
  std::unique_ptr<remoting::RemotingServer> server_;
  std::mutex mutex_;
  std::vector<RemotingCommand> requests_;
};

const CorpusFrame& javaRequest(int code, std::string_view tags_or_empty) {
  for (const auto& f : corpusFrames()) {
    if (f.file != "a-producer.rocketmq.jsonl" || f.isResponse || f.code != code || !f.extFields)
      continue;
    for (const auto& [k, v] : *f.extFields) {
      if (k == "i" && (tags_or_empty.empty() || v.find(tags_or_empty) != std::string::npos))
        return f;
    }
  }
  throw std::runtime_error("corpus frame not found");
}

std::vector<std::string> keysOf(const remoting::ExtFields& fields) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : fields) keys.push_back(k);
  return keys;
}

std::vector<std::string> keysOf(const CorpusFrame& f) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : *f.extFields) keys.push_back(k);
  return keys;
}

std::string valueOf(const CorpusFrame& f, std::string_view key) {
  for (const auto& [k, v] : *f.extFields) {
    if (k == key) return v;
  }
  return "<absent>";
}

class CorpusProducerTest : public ClusterFixture {
 protected:
  int brokerCount() const override { return 0; }
};

TEST_F(CorpusProducerTest, SendAndBatchHeadersMatchJava) {
  RecordingBroker fake;
  ASSERT_TRUE(fake.start().ok());
  namesrv_->routeInfoManager().registerBroker(
      namesrv::testing::registration("broker-a", fake.addr(), 0, 1, {{"CorpusT", 6, 8}}));
  auto producer = makeProducer("CorpusProducer");
  producer->setSerializeType(SerializeType::ROCKETMQ);
  producer->start();

  Message single("CorpusT", "TagA", "CorpusKey-1", "Hello RocketMQ 0");
  single.putUserProperty("corpusProp", "alpha");
  producer->send(single);
  std::vector<Message> batch;
  for (const char* key : {"CorpusKey-5a", "CorpusKey-5b", "CorpusKey-5c"})
    batch.emplace_back("CorpusT", "TagE", key, "b");
  producer->send(batch);

  const auto sends = fake.requests(code::kSendMessageV2);
  ASSERT_EQ(sends.size(), 1u);
  const CorpusFrame& java = javaRequest(code::kSendMessageV2, "TagA");
  EXPECT_EQ(keysOf(sends[0].extFields()), keysOf(java));
  for (const char* key : {"a", "b", "c", "d", "f", "h", "j", "k", "m", "n"}) {
    EXPECT_EQ(std::string(*sends[0].extField(key)), valueOf(java, key)) << key;
  }
  // Same properties (Java's order is a HashMap's; compare as sets).
  auto props = [](std::string_view text) {
    std::map<std::string, std::string> out;
    for (auto [k, v] : message::decodeProperties(text)) out.emplace(k, v);
    out.erase("UNIQ_KEY");
    return out;
  };
  EXPECT_EQ(props(*sends[0].extField("i")), props(valueOf(java, "i")));
  EXPECT_EQ(sends[0].extField("i")->find("UNIQ_KEY\x01") != std::string_view::npos, true);

  const auto batches = fake.requests(code::kSendBatchMessage);
  ASSERT_EQ(batches.size(), 1u);
  const CorpusFrame& java_batch = javaRequest(code::kSendBatchMessage, "");
  EXPECT_EQ(keysOf(batches[0].extFields()), keysOf(java_batch));
  EXPECT_EQ(std::string(*batches[0].extField("i")), valueOf(java_batch, "i"));  // WAIT only
  EXPECT_EQ(std::string(*batches[0].extField("m")), "true");
  // Batch records: total size, then zero magic and CRC, as Java writes them.
  const std::string body = batches[0].body().flatten();
  std::size_t pos = 0;
  int records = 0;
  while (pos < body.size()) {
    const auto size = static_cast<std::size_t>(message::getI32(body.data() + pos));
    EXPECT_EQ(message::getI32(body.data() + pos + 4), 0);
    pos += size;
    ++records;
  }
  EXPECT_EQ(pos, body.size());
  EXPECT_EQ(records, 3);

  // The heartbeat names the group and the inner producer group, like Java's.
  auto instance = MQClientManager::getInstance().getOrCreateMQClientInstance(*producer);
  instance->sendHeartbeatToAllBrokers();
  const auto heartbeats = fake.requests(code::kHeartBeat);
  ASSERT_FALSE(heartbeats.empty());
  std::string ours = heartbeats.back().body().flatten();
  const std::string id = "\"clientID\":\"" + instance->getClientId() + "\"";
  ours.replace(ours.find(id), id.size(), "\"clientID\":\"X\"");
  const CorpusFrame* java_hb = nullptr;
  for (const auto& f : corpusFrames()) {
    if (f.file == "a-producer.json.jsonl" && !f.isResponse && f.code == code::kHeartBeat)
      java_hb = &f;
  }
  ASSERT_NE(java_hb, nullptr);
  std::string theirs = java_hb->body;
  const std::size_t at = theirs.find("\"clientID\":\"");
  theirs.replace(at, theirs.find('"', at + 12) + 1 - at, "\"clientID\":\"X\"");
  EXPECT_EQ(ours, theirs);

  // Shutdown unregisters the group, then the inner producer group.
  producer->shutdown();
  const auto unregisters = fake.requests(code::kUnregisterClient);
  ASSERT_EQ(unregisters.size(), 2u);
  EXPECT_EQ(std::string(*unregisters[0].extField("producerGroup")), "CorpusProducer");
  EXPECT_EQ(std::string(*unregisters[1].extField("producerGroup")), "CLIENT_INNER_PRODUCER");
}

}  // namespace
}  // namespace apogee::client::testing
