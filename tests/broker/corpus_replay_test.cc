// Our broker against the Java 4.9.8 broker, on captured traffic
// (tests/data/protocol-corpus): scenario a's requests (topic creation, every
// kind of send, heartbeats) are replayed as sent, then scenario f's pull
// consumers' requests (offset queries and commits, pulls, min/max offsets).
// Each answer's code, and the offsets it carries, must equal the Java
// broker's answer to the same request. Held pulls that Java answered
// PULL_NOT_FOUND after its hold time are left out (they would only make the
// test wait); everything else is replayed in capture order.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "broker_test_util.h"
#include "remoting/body/message_queue_json.h"
#include "remoting/frame_codec.h"
#include "support/corpus.h"
#include "support/wait.h"

namespace apogee::broker::testing {
namespace {

using apogee::testing::CorpusFrame;
using apogee::testing::corpusFrames;

RemotingCommand decodeFrame(const CorpusFrame& f) {
  std::size_t consumed = 0;
  auto decoded = remoting::FrameDecoder().decode(f.wireBytes(), consumed);
  if (!decoded.ok() || !decoded->has_value()) {
    ADD_FAILURE() << f.file << ":" << f.line << ": frame does not decode";
    return {};
  }
  return std::move(**decoded);
}

struct Exchange {
  const CorpusFrame* request = nullptr;
  const CorpusFrame* response = nullptr;
};

std::vector<Exchange> exchangesOf(const std::string& file) {
  std::vector<Exchange> out;
  std::map<std::pair<std::string, int>, const CorpusFrame*> responses;
  for (const auto& f : corpusFrames()) {
    if (f.file == file && f.isResponse && f.from == "broker") responses[{f.stream, f.opaque}] = &f;
  }
  for (const auto& f : corpusFrames()) {
    if (f.file != file || f.isResponse || f.to != "broker" || f.unanswered) continue;
    Exchange e{&f, nullptr};
    auto it = responses.find({f.stream, f.opaque});
    if (it != responses.end()) e.response = it->second;
    if (!f.oneway && !e.response) continue;
    out.push_back(e);
  }
  return out;
}

class CorpusReplayTest : public BrokerFixture, public ::testing::WithParamInterface<std::string> {
 protected:
  void configure(BrokerConfig& c) override {
    c.autoCreateTopicEnable = true;  // as the captured broker ran
    c.messageDelayLevel = "1s 1s";   // scenario a's delay level 2, sooner
  }

  // Replays `file`'s requests; returns how many answers were compared.
  int replay(const std::string& file) {
    int compared = 0;
    for (const auto& e : exchangesOf(file)) {
      RemotingCommand req = decodeFrame(*e.request);
      const std::string where = e.request->file + ":" + std::to_string(e.request->line) +
                                " code " + std::to_string(req.code());
      if (e.request->oneway) {
        const bool is_send = req.code() == code::kSendMessage || req.code() == code::kSendMessageV2 ||
                             req.code() == code::kSendBatchMessage;
        const auto before = broker_->messageStore().getMaxPhyOffset().value();
        EXPECT_TRUE(client_.invokeOneway(addr_, std::move(req), std::chrono::seconds(5)).ok());
        // The broker's send pool may run the next request first; Java's
        // answers assume the oneway send was stored before it.
        if (is_send) {
          EXPECT_TRUE(apogee::testing::waitUntil(
              [&] { return broker_->messageStore().getMaxPhyOffset().value() > before; }))
              << where;
        }
        continue;
      }
      const RemotingCommand java = decodeFrame(*e.response);
      if (req.code() == code::kPullMessage) {
        auto flag = req.extField("sysFlag");
        const bool suspend = flag && (std::stoi(std::string(*flag)) & remoting::PullSysFlag::kSuspend);
        if (suspend && java.code() == rc::kPullNotFound) continue;
        waitDispatched();
      }
      RemotingCommand ours = call(std::move(req));
      ++compared;
      EXPECT_EQ(ours.code(), java.code()) << where << " ours: " << ours.remark().value_or("");
      for (const char* key : {"nextBeginOffset", "minOffset", "maxOffset", "offset", "queueId",
                              "queueOffset", "MSG_REGION", "TRACE_ON", "suggestWhichBrokerId"}) {
        auto j = java.extField(key);
        if (!j) continue;
        EXPECT_EQ(fieldOf(ours, key), std::string(*j)) << where << " field " << key;
      }
      if (java.code() == rc::kSuccess && e.request->code == code::kPullMessage) {
        EXPECT_EQ(decodeAll(ours.body().flatten()).size(), decodeAll(java.body().flatten()).size())
            << where;
      }
    }
    return compared;
  }
};

TEST_P(CorpusReplayTest, ProducerThenPullConsumersAnswerLikeJava) {
  const std::string run = GetParam();
  const int sends = replay("a-producer." + run + ".jsonl");
  EXPECT_GE(sends, 7);
  // Scenario f ran after the delayed message had reached CorpusT: 9 in all.
  auto& store = broker_->messageStore();
  ASSERT_TRUE(apogee::testing::waitUntil(
      [&] {
        std::int64_t total = 0;
        for (int q = 0; q < 8; ++q) total += store.getMaxOffsetInQueue("CorpusT", QueueId(q)).value();
        return total == 9;
      },
      std::chrono::seconds(10)));
  const int pulls = replay("f-pull-consumers." + run + ".jsonl");
  EXPECT_GE(pulls, 20);
}

// Scenario d's orderly consumer: every LOCK_BATCH_MQ answer lists exactly
// the queues Java's did, and UNLOCK_BATCH_MQ succeeds.
TEST_P(CorpusReplayTest, OrderlyConsumerLocksLikeJava) {
  int locks = 0;
  for (const auto& e : exchangesOf("d-orderly-consumer." + GetParam() + ".jsonl")) {
    const int c = e.request->code;
    if (c != code::kLockBatchMq && c != code::kUnlockBatchMq && c != code::kHeartBeat) continue;
    RemotingCommand req = decodeFrame(*e.request);
    if (e.request->oneway) continue;
    const RemotingCommand java = decodeFrame(*e.response);
    RemotingCommand ours = call(std::move(req));
    EXPECT_EQ(ours.code(), java.code()) << e.request->line;
    if (c == code::kLockBatchMq) {
      ++locks;
      auto a = remoting::LockBatchResponseBody::fromJson(ours.body().flatten());
      auto b = remoting::LockBatchResponseBody::fromJson(java.body().flatten());
      ASSERT_TRUE(a.ok() && b.ok());
      auto sorted = [](std::vector<remoting::MessageQueueKey> v) {
        std::sort(v.begin(), v.end());
        return v;
      };
      EXPECT_EQ(sorted(a->lockOKMQSet), sorted(b->lockOKMQSet)) << e.request->line;
    }
  }
  EXPECT_GE(locks, 9);
}

INSTANTIATE_TEST_SUITE_P(Runs, CorpusReplayTest, ::testing::Values("json", "rocketmq"));

}  // namespace
}  // namespace apogee::broker::testing
