#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "interop/child_process.h"
#include "remoting/transport/remoting_client.h"

// Interop tests with the independent ali-ons client (npm ali-ons@3.12.0):
// each test starts the real `apogee dev` on free ports with a fresh data
// directory, creates topics with our own remoting client, and runs the node
// scripts of tests/interop/ as child processes (docs/interop.md).
namespace apogee::interop {

// One JSON line printed by produce.js or consume.js. Fields the line does not
// have keep their defaults.
struct Event {
  std::string event;  // sent, done, assigned, pulled, msg, error, closed, fatal
  std::string topic;
  std::string tags;
  std::string keys;  // produce.js: `key`
  std::string body;
  std::string msgId;
  std::string retryTopic;
  std::string originMsgId;
  std::string message;
  std::string status;  // produce.js: the send status
  std::int32_t queueId = -1;
  std::int64_t queueOffset = -1;
  std::int32_t reconsumeTimes = -1;
  std::int32_t sysFlag = -1;  // consume.js: as stored (bit 0x1: the body was compressed)
  std::map<std::string, std::string> properties;  // consume.js: every property ali-ons decoded
  bool failed = false;
  bool closing = false;  // consume.js errors: reported after close was asked for
  std::vector<std::int32_t> queues;
};

// Parses one line; nullopt for a line that is not a JSON object with "event".
std::optional<Event> parseEvent(const std::string& line);
// The events of kind `kind` among `lines`, in order.
std::vector<Event> eventsOf(const std::vector<std::string>& lines, const std::string& kind);

// How to start consume.js.
struct ConsumerSpec {
  std::string expression = "*";  // the subscription, e.g. "TagA || TagB"
  std::string fail_keys;         // comma-separated keys whose first delivery fails
  int queues = 4;                // queues of the topic it must own before the test goes on;
                                 // -1: any number (only its "ready" line is waited for)
  bool retry_queue = true;       // whether it must own the retry topic's one queue too
};

// Fixture: a running `apogee dev`, an admin client, and helpers to run the
// ali-ons scripts. SetUp fails the test (it does not skip) when node or the
// npm packages are missing.
class AliOnsInteropTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // UPDATE_AND_CREATE_TOPIC on the broker, then waits until the name server
  // routes the topic (ali-ons does not create topics).
  void createTopic(const std::string& topic, int queues = 4);
  // QUERY_CONSUMER_OFFSET; nullopt when the broker has none (QUERY_NOT_FOUND).
  std::optional<std::int64_t> consumerOffset(const std::string& group, const std::string& topic,
                                             int queue);
  // GET_MAX_OFFSET: the next offset to be written in the queue.
  std::int64_t maxOffset(const std::string& topic, int queue);
  // GET_CONSUMER_LIST_BY_GROUP: the group's client ids, as the broker has them.
  std::vector<std::string> consumerIds(const std::string& group);

  // Runs produce.js to its end; returns its "sent" events (one per message,
  // keys "<prefix>-<i>"). Fails the test if it does not finish in time.
  // `extra` goes to produce.js as is (--props k=v,..., --body-size n).
  std::vector<Event> produce(const std::string& topic, int count, const std::string& tags,
                             const std::string& prefix, const std::vector<std::string>& extra = {});

  // Starts consume.js and waits until it owns `spec.queues` queues of
  // `topic` and, with `spec.retry_queue`, the queue of the group's retry topic.
  std::unique_ptr<ChildProcess> startConsumer(const std::string& group, const std::string& topic,
                                              const ConsumerSpec& spec = {});
  // Asks the consumer to close (it commits its offsets) and waits for it to
  // exit. Fails the test if the consumer reported errors before it was asked
  // to close, other than the planned listener failures of --fail-keys.
  void closeConsumer(ChildProcess& consumer);

  // Waits until the consumer has handled (event "msg") every key in `keys`.
  bool waitForKeys(ChildProcess& consumer, const std::vector<std::string>& keys,
                   std::chrono::milliseconds timeout);

  const std::string& namesrvAddr() const { return namesrv_addr_; }
  const std::string& brokerAddr() const { return broker_addr_; }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  remoting::RemotingCommand call(const std::string& addr, remoting::RemotingCommand request);
  std::filesystem::path newLog(const std::string& name);
  void startServer();
  void stopServer();

  std::filesystem::path dir_;
  std::vector<std::filesystem::path> logs_;
  std::unique_ptr<ChildProcess> server_;
  std::string namesrv_addr_;
  std::string broker_addr_;
  std::unique_ptr<remoting::RemotingClient> admin_;
};

}  // namespace apogee::interop
