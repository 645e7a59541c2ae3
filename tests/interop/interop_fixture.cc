#include "interop/interop_fixture.h"

#include <rapidjson/document.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <sstream>

#include "remoting/body/heartbeat.h"
#include "remoting/headers/heartbeat.h"
#include "remoting/headers/offset.h"
#include "remoting/headers/route.h"
#include "remoting/headers/topic.h"
#include "remoting/request_code.h"
#include "remoting/response_code.h"

#ifndef APOGEE_TOOL_PATH
#error "APOGEE_TOOL_PATH must name the apogee executable"
#endif
#ifndef APOGEE_INTEROP_DIR
#error "APOGEE_INTEROP_DIR must name tests/interop"
#endif

namespace apogee::interop {
namespace {

namespace code = remoting::RequestCode;
namespace rc = remoting::ResponseCode;
using namespace std::chrono_literals;

const std::filesystem::path kScripts = APOGEE_INTEROP_DIR;

std::string stringMember(const rapidjson::Value& v, const char* name) {
  auto it = v.FindMember(name);
  return it != v.MemberEnd() && it->value.IsString() ? it->value.GetString() : std::string();
}

std::int64_t intMember(const rapidjson::Value& v, const char* name, std::int64_t fallback) {
  auto it = v.FindMember(name);
  return it != v.MemberEnd() && it->value.IsInt64() ? it->value.GetInt64() : fallback;
}

std::string tail(const std::filesystem::path& file, std::size_t max_bytes) {
  std::ifstream in(file, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.size() > max_bytes) text = "...\n" + text.substr(text.size() - max_bytes);
  return text;
}

std::string lastLines(const ChildProcess& child, std::size_t n) {
  auto lines = child.lines();
  std::string out;
  for (std::size_t i = lines.size() > n ? lines.size() - n : 0; i < lines.size(); ++i) {
    out += lines[i] + "\n";
  }
  return out;
}

}  // namespace

std::optional<Event> parseEvent(const std::string& line) {
  rapidjson::Document doc;
  doc.Parse(line.c_str(), line.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("event")) return std::nullopt;
  Event e;
  e.event = stringMember(doc, "event");
  e.topic = stringMember(doc, "topic");
  e.tags = stringMember(doc, "tags");
  e.keys = doc.HasMember("key") ? stringMember(doc, "key") : stringMember(doc, "keys");
  e.body = stringMember(doc, "body");
  e.msgId = stringMember(doc, "msgId");
  e.retryTopic = stringMember(doc, "retryTopic");
  e.originMsgId = stringMember(doc, "originMsgId");
  e.message = stringMember(doc, "message");
  e.status = stringMember(doc, "status");
  e.queueId = static_cast<std::int32_t>(intMember(doc, "queueId", -1));
  e.queueOffset = intMember(doc, "queueOffset", -1);
  e.reconsumeTimes = static_cast<std::int32_t>(intMember(doc, "reconsumeTimes", -1));
  e.sysFlag = static_cast<std::int32_t>(intMember(doc, "sysFlag", -1));
  if (auto it = doc.FindMember("properties"); it != doc.MemberEnd() && it->value.IsObject()) {
    for (const auto& p : it->value.GetObject()) {
      if (p.value.IsString()) e.properties[p.name.GetString()] = p.value.GetString();
    }
  }
  if (auto it = doc.FindMember("failed"); it != doc.MemberEnd() && it->value.IsBool()) {
    e.failed = it->value.GetBool();
  }
  if (auto it = doc.FindMember("closing"); it != doc.MemberEnd() && it->value.IsBool()) {
    e.closing = it->value.GetBool();
  }
  if (auto it = doc.FindMember("queues"); it != doc.MemberEnd() && it->value.IsArray()) {
    for (const auto& q : it->value.GetArray()) {
      if (q.IsInt()) e.queues.push_back(q.GetInt());
    }
  }
  return e;
}

std::vector<Event> eventsOf(const std::vector<std::string>& lines, const std::string& kind) {
  std::vector<Event> out;
  for (const auto& line : lines) {
    auto e = parseEvent(line);
    if (e && e->event == kind) out.push_back(std::move(*e));
  }
  return out;
}

void AliOnsInteropTest::SetUp() {
  // Missing packages are a broken set-up, not a reason to skip: `make test`
  // installs them (scripts/install-deps.sh).
  ASSERT_TRUE(std::filesystem::exists(kScripts / "node_modules" / "ali-ons" / "package.json"))
      << (kScripts / "node_modules").string()
      << " has no ali-ons. Run scripts/install-deps.sh or make test; they run npm ci there.";

  static std::atomic<int> counter{0};
  dir_ = std::filesystem::temp_directory_path() /
         ("apogee-interop-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_ / "data");

  ASSERT_NO_FATAL_FAILURE(startServer());
  admin_ = std::make_unique<remoting::RemotingClient>();
  ASSERT_TRUE(admin_->start().ok());
}

void AliOnsInteropTest::TearDown() {
  if (admin_) admin_->shutdown();
  stopServer();
  // APOGEE_INTEROP_VERBOSE=1 prints the logs of passing tests too.
  if (HasFailure() || std::getenv("APOGEE_INTEROP_VERBOSE") != nullptr) {
    for (const auto& log : logs_) {
      std::cerr << "----- " << log.filename().string() << " (tail) -----\n"
                << tail(log, 6000) << "\n";
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::filesystem::path AliOnsInteropTest::newLog(const std::string& name) {
  auto path = dir_ / (std::to_string(logs_.size()) + "-" + name + ".log");
  logs_.push_back(path);
  return path;
}

void AliOnsInteropTest::startServer() {
  server_ = std::make_unique<ChildProcess>();
  const std::string err =
      server_->start({APOGEE_TOOL_PATH, "dev", "--data-dir", (dir_ / "data").string(),
                      "--namesrv-port", "0", "--broker-port", "0"},
                     newLog("apogee-dev"));
  ASSERT_EQ(err, "");
  static const std::regex ready(R"(apogee dev ready: namesrv=(\S+) broker=(\S+) data=.*)");
  auto line =
      server_->waitForLine([](const std::string& l) { return std::regex_match(l, ready); }, 30s);
  ASSERT_TRUE(line) << "apogee dev printed no ready line in 30 s; stdout:\n"
                    << lastLines(*server_, 20);
  std::smatch m;
  std::regex_match(*line, m, ready);
  namesrv_addr_ = m[1];
  broker_addr_ = m[2];
}

void AliOnsInteropTest::stopServer() {
  if (!server_ || !server_->running()) return;
  server_->signal(SIGTERM);
  auto status = server_->wait(30s);
  EXPECT_TRUE(status) << "apogee dev did not stop within 30 s of SIGTERM";
  if (status) {
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
        << "apogee dev ended with " << ChildProcess::describeStatus(*status);
  }
}

remoting::RemotingCommand AliOnsInteropTest::call(const std::string& addr,
                                                  remoting::RemotingCommand request) {
  auto r = admin_->invokeSync(addr, std::move(request), 10s);
  EXPECT_TRUE(r.ok()) << r.status();
  if (!r.ok()) return remoting::RemotingCommand::createResponse(-1, r.status().toString());
  return std::move(*r);
}

std::vector<std::string> AliOnsInteropTest::consumerIds(const std::string& group) {
  remoting::GetConsumerListByGroupRequestHeader h;
  h.consumerGroup = group;
  auto r = call(broker_addr_, remoting::RemotingCommand::createRequest(
                                  code::kGetConsumerListByGroup, remoting::toExtFields(h)));
  if (r.code() != rc::kSuccess) return {};
  auto ids = remoting::ConsumerIdList::fromJson(r.body().flatten());
  return ids.ok() ? ids->consumerIdList : std::vector<std::string>{};
}

void AliOnsInteropTest::createTopic(const std::string& topic, int queues) {
  remoting::CreateTopicRequestHeader h;
  h.topic = topic;
  h.defaultTopic = "TBW102";
  h.readQueueNums = queues;
  h.writeQueueNums = queues;
  h.perm = 6;
  h.topicFilterType = std::string(remoting::kTopicFilterSingleTag);
  h.topicSysFlag = 0;
  auto r = call(broker_addr_, remoting::RemotingCommand::createRequest(code::kUpdateAndCreateTopic,
                                                                       remoting::toExtFields(h)));
  ASSERT_EQ(r.code(), rc::kSuccess) << r.remark().value_or("");

  // The broker registers the new topic with the name server on its own.
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  int last_code = -1;
  while (std::chrono::steady_clock::now() < deadline) {
    remoting::GetRouteInfoRequestHeader q;
    q.topic = topic;
    auto route = call(namesrv_addr_, remoting::RemotingCommand::createRequest(
                                         code::kGetRouteInfoByTopic, remoting::toExtFields(q)));
    last_code = route.code();
    if (last_code == rc::kSuccess) return;
    std::this_thread::sleep_for(50ms);
  }
  FAIL() << "the name server has no route for " << topic << " 20 s after it was created (code "
         << last_code << ")";
}

std::optional<std::int64_t> AliOnsInteropTest::consumerOffset(const std::string& group,
                                                              const std::string& topic, int queue) {
  remoting::QueryConsumerOffsetRequestHeader h;
  h.consumerGroup = group;
  h.topic = topic;
  h.queueId = queue;
  auto r = call(broker_addr_, remoting::RemotingCommand::createRequest(code::kQueryConsumerOffset,
                                                                       remoting::toExtFields(h)));
  if (r.code() == rc::kQueryNotFound) return std::nullopt;
  EXPECT_EQ(r.code(), rc::kSuccess) << r.remark().value_or("");
  auto header = remoting::decodeHeader<remoting::QueryConsumerOffsetResponseHeader>(r.extFields());
  EXPECT_TRUE(header.ok()) << header.status();
  if (!header.ok()) return std::nullopt;
  return header->offset;
}

std::int64_t AliOnsInteropTest::maxOffset(const std::string& topic, int queue) {
  remoting::GetMaxOffsetRequestHeader h;
  h.topic = topic;
  h.queueId = queue;
  auto r = call(broker_addr_, remoting::RemotingCommand::createRequest(code::kGetMaxOffset,
                                                                       remoting::toExtFields(h)));
  EXPECT_EQ(r.code(), rc::kSuccess) << r.remark().value_or("");
  auto header = remoting::decodeHeader<remoting::GetMaxOffsetResponseHeader>(r.extFields());
  EXPECT_TRUE(header.ok()) << header.status();
  return header.ok() ? header->offset : -1;
}

std::vector<Event> AliOnsInteropTest::produce(const std::string& topic, int count,
                                              const std::string& tags, const std::string& prefix,
                                              const std::vector<std::string>& extra) {
  ChildProcess producer;
  std::vector<std::string> argv = {"node",     (kScripts / "produce.js").string(),
                                   "--namesrv", namesrv_addr_,
                                   "--topic",   topic,
                                   "--count",   std::to_string(count),
                                   "--tags",    tags,
                                   "--prefix",  prefix};
  argv.insert(argv.end(), extra.begin(), extra.end());
  const std::string err = producer.start(argv, newLog("produce-" + prefix));
  EXPECT_EQ(err, "") << "is node installed? scripts/install-deps.sh installs it";
  if (!err.empty()) return {};
  auto status = producer.wait(120s);
  EXPECT_TRUE(status) << "produce.js did not finish in 120 s; last lines:\n"
                      << lastLines(producer, 5);
  if (!status) return {};
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
      << "produce.js ended with " << ChildProcess::describeStatus(*status) << "; last lines:\n"
      << lastLines(producer, 5);
  producer.waitForEof(5s);
  auto sent = eventsOf(producer.lines(), "sent");
  EXPECT_EQ(sent.size(), static_cast<std::size_t>(count));
  for (const auto& s : sent) EXPECT_EQ(s.status, "SEND_OK") << s.keys;
  return sent;
}

std::unique_ptr<ChildProcess> AliOnsInteropTest::startConsumer(const std::string& group,
                                                               const std::string& topic,
                                                               const ConsumerSpec& spec) {
  auto consumer = std::make_unique<ChildProcess>();
  std::vector<std::string> argv = {"node",      (kScripts / "consume.js").string(),
                                   "--namesrv", namesrv_addr_,
                                   "--group",   group,
                                   "--topic",   topic,
                                   "--expr",    spec.expression};
  if (!spec.fail_keys.empty()) {
    argv.push_back("--fail-keys");
    argv.push_back(spec.fail_keys);
  }
  const std::string err = consumer->start(argv, newLog("consume-" + group));
  EXPECT_EQ(err, "") << "is node installed? scripts/install-deps.sh installs it";
  if (!err.empty()) return nullptr;
  // Also the group's retry topic, which the broker creates on the
  // consumer's first heartbeat: until ali-ons routes it, retries wait.
  const std::string retry_topic = "%RETRY%" + group;
  const bool assigned = consumer->waitUntil(
      [&](const std::vector<std::string>& lines) {
        if (spec.queues < 0) return !eventsOf(lines, "ready").empty();
        bool main = false;
        bool retry = !spec.retry_queue;
        for (const auto& e : eventsOf(lines, "assigned")) {
          main = main || (e.topic == topic && static_cast<int>(e.queues.size()) == spec.queues);
          retry = retry || (e.topic == retry_topic && !e.queues.empty());
        }
        return main && retry;
      },
      30s);
  EXPECT_TRUE(assigned) << "consume.js was not assigned " << spec.queues << " queues of " << topic
                        << (spec.retry_queue ? " and the queue of " + retry_topic : "")
                        << " in 30 s; last lines:\n"
                        << lastLines(*consumer, 10);
  return assigned ? std::move(consumer) : nullptr;
}

void AliOnsInteropTest::closeConsumer(ChildProcess& consumer) {
  ASSERT_TRUE(consumer.writeLine("close"));
  auto status = consumer.wait(30s);
  ASSERT_TRUE(status) << "consume.js did not exit within 30 s of close";
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
      << "consume.js ended with " << ChildProcess::describeStatus(*status);
  consumer.waitForEof(5s);
  EXPECT_EQ(eventsOf(consumer.lines(), "closed").size(), 1u);
  for (const auto& e : eventsOf(consumer.lines(), "error")) {
    // An error while closing is ali-ons racing its own shutdown (a rebalance
    // reading an offset over the connection close() just ended).
    if (e.closing || e.message.find("interop: planned failure") != std::string::npos) continue;
    ADD_FAILURE() << "the consumer reported: " << e.message;
  }
}

bool AliOnsInteropTest::waitForKeys(ChildProcess& consumer, const std::vector<std::string>& keys,
                                    std::chrono::milliseconds timeout) {
  const std::set<std::string> wanted(keys.begin(), keys.end());
  std::set<std::string> seen;
  std::size_t parsed = 0;  // lines before this one are in `seen` already
  return consumer.waitUntil(
      [&](const std::vector<std::string>& lines) {
        for (; parsed < lines.size(); ++parsed) {
          auto e = parseEvent(lines[parsed]);
          if (e && e->event == "msg" && !e->failed && wanted.count(e->keys)) seen.insert(e->keys);
        }
        return seen.size() == wanted.size();
      },
      timeout);
}

}  // namespace apogee::interop
