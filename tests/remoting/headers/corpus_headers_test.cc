// Typed headers against the captured RocketMQ 4.9.8 traffic
// (tests/data/protocol-corpus): every request and response whose code has a
// typed header is decoded from its wire bytes into that header, re-encoded,
// and compared with what the Java side sent. For the binary "fast" headers
// (send V2 and its response, pull and its response) Java writes the header's
// own fields first, in class field order, then any extra keys; our encoding
// must give those keys in that same order.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "header_test_util.h"
#include "remoting/frame_codec.h"
#include "remoting/headers/admin.h"
#include "remoting/headers/heartbeat.h"
#include "remoting/headers/offset.h"
#include "remoting/headers/pull.h"
#include "remoting/headers/route.h"
#include "remoting/headers/send.h"
#include "remoting/headers/topic.h"
#include "remoting/request_code.h"
#include "remoting/response_code.h"
#include "support/corpus.h"

namespace apogee::remoting {
namespace {

using apogee::testing::CorpusFrame;
using apogee::testing::corpusFrames;
using header_testing::keysOf;
using Entries = std::vector<std::pair<std::string, std::string>>;

struct Coverage {
  std::map<std::string, int> decoded;  // "request 310" -> frames decoded
  std::map<std::string, int> ordered;  // same, ROCKETMQ frames whose key order was checked
};

std::string where(const CorpusFrame& f) { return f.file + ":" + std::to_string(f.line); }

// The frame's extFields as the codec reads them from the captured bytes.
ExtFields wireFields(const CorpusFrame& f) {
  std::size_t consumed = 0;
  auto decoded = FrameDecoder().decode(f.wireBytes(), consumed);
  if (!decoded.ok() || !decoded->has_value()) {
    ADD_FAILURE() << where(f) << ": frame does not decode: " << decoded.status();
    return {};
  }
  return (**decoded).extFields();
}

template <TypedHeader H>
void checkFrame(const CorpusFrame& f, bool fast, const std::string& label, Coverage& coverage) {
  SCOPED_TRACE(where(f) + " " + label + " " + std::string(H::kName));
  const ExtFields wire = wireFields(f);
  auto decoded = decodeHeader<H>(wire);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  ++coverage.decoded[label];

  // The header's own keys as captured, in wire order; everything else
  // (AccessKey, Signature, bname, ReqT, TRACE_ON, MSG_REGION, _UNIQUE_KEY_QUERY)
  // is not ours.
  constexpr auto names = headerFieldNames<H>();
  Entries captured_own;
  for (const auto& entry : wire) {
    if (std::find(names.begin(), names.end(), entry.first) != names.end()) {
      captured_own.push_back(entry);
    }
  }
  const ExtFields reencoded = toExtFields(*decoded);
  Entries ours(reencoded.begin(), reencoded.end());

  // Same keys with the same values (no field lost, none invented, integers
  // and booleans written exactly as Java wrote them).
  Entries captured_sorted = captured_own;
  Entries ours_sorted = ours;
  std::sort(captured_sorted.begin(), captured_sorted.end());
  std::sort(ours_sorted.begin(), ours_sorted.end());
  EXPECT_EQ(ours_sorted, captured_sorted);

  if (fast && f.serialize == "ROCKETMQ") {
    // Java writes the fast header's fields first, then the extra entries.
    ASSERT_LE(ours.size(), static_cast<std::size_t>(wire.size()));
    const Entries wire_prefix(wire.begin(),
                              wire.begin() + static_cast<std::ptrdiff_t>(ours.size()));
    EXPECT_EQ(ours, wire_prefix) << "captured key order differs";
    ++coverage.ordered[label];
  }
}

using Checker = void (*)(const CorpusFrame&, bool, const std::string&, Coverage&);

struct Route {
  Checker check;
  bool fast;
};

// Requests by request code.
const std::map<int, Route>& requestRoutes() {
  static const std::map<int, Route> routes = {
      {RequestCode::kSendMessageV2, {&checkFrame<SendMessageRequestHeaderV2>, true}},
      {RequestCode::kSendBatchMessage, {&checkFrame<SendMessageRequestHeaderV2>, true}},
      {RequestCode::kPullMessage, {&checkFrame<PullMessageRequestHeader>, true}},
      {RequestCode::kQueryMessage, {&checkFrame<QueryMessageRequestHeader>, false}},
      {RequestCode::kQueryConsumerOffset, {&checkFrame<QueryConsumerOffsetRequestHeader>, false}},
      {RequestCode::kUpdateConsumerOffset, {&checkFrame<UpdateConsumerOffsetRequestHeader>, false}},
      {RequestCode::kUpdateAndCreateTopic, {&checkFrame<CreateTopicRequestHeader>, false}},
      {RequestCode::kGetMaxOffset, {&checkFrame<GetMaxOffsetRequestHeader>, false}},
      {RequestCode::kGetMinOffset, {&checkFrame<GetMinOffsetRequestHeader>, false}},
      {RequestCode::kViewMessageById, {&checkFrame<ViewMessageRequestHeader>, false}},
      {RequestCode::kUnregisterClient, {&checkFrame<UnregisterClientRequestHeader>, false}},
      {RequestCode::kConsumerSendMsgBack, {&checkFrame<ConsumerSendMsgBackRequestHeader>, false}},
      {RequestCode::kGetConsumerListByGroup,
       {&checkFrame<GetConsumerListByGroupRequestHeader>, false}},
      {RequestCode::kNotifyConsumerIdsChanged,
       {&checkFrame<NotifyConsumerIdsChangedRequestHeader>, false}},
      {RequestCode::kRegisterBroker, {&checkFrame<RegisterBrokerRequestHeader>, false}},
      {RequestCode::kUnregisterBroker, {&checkFrame<UnregisterBrokerRequestHeader>, false}},
      {RequestCode::kGetRouteInfoByTopic, {&checkFrame<GetRouteInfoRequestHeader>, false}},
      {RequestCode::kGetTopicStatsInfo, {&checkFrame<GetTopicStatsInfoRequestHeader>, false}},
      {RequestCode::kGetConsumerConnectionList,
       {&checkFrame<GetConsumerConnectionListRequestHeader>, false}},
      {RequestCode::kGetConsumeStats, {&checkFrame<GetConsumeStatsRequestHeader>, false}},
      {RequestCode::kResetConsumerClientOffset, {&checkFrame<ResetOffsetRequestHeader>, false}},
      {RequestCode::kInvokeBrokerToResetOffset, {&checkFrame<ResetOffsetRequestHeader>, false}},
      {RequestCode::kQueryTopicConsumeByWho,
       {&checkFrame<QueryTopicConsumeByWhoRequestHeader>, false}},
      {RequestCode::kGetConsumerRunningInfo,
       {&checkFrame<GetConsumerRunningInfoRequestHeader>, false}},
  };
  return routes;
}

// Responses by (request code, response code): only answers that carry a header.
const std::map<std::pair<int, int>, Route>& responseRoutes() {
  using RC = std::pair<int, int>;
  static const std::map<RC, Route> routes = {
      {RC{RequestCode::kSendMessageV2, ResponseCode::kSuccess},
       {&checkFrame<SendMessageResponseHeader>, true}},
      {RC{RequestCode::kSendBatchMessage, ResponseCode::kSuccess},
       {&checkFrame<SendMessageResponseHeader>, true}},
      {RC{RequestCode::kPullMessage, ResponseCode::kSuccess},
       {&checkFrame<PullMessageResponseHeader>, true}},
      {RC{RequestCode::kPullMessage, ResponseCode::kPullNotFound},
       {&checkFrame<PullMessageResponseHeader>, true}},
      {RC{RequestCode::kPullMessage, ResponseCode::kPullRetryImmediately},
       {&checkFrame<PullMessageResponseHeader>, true}},
      {RC{RequestCode::kPullMessage, ResponseCode::kPullOffsetMoved},
       {&checkFrame<PullMessageResponseHeader>, true}},
      {RC{RequestCode::kQueryConsumerOffset, ResponseCode::kSuccess},
       {&checkFrame<QueryConsumerOffsetResponseHeader>, false}},
      {RC{RequestCode::kGetMaxOffset, ResponseCode::kSuccess},
       {&checkFrame<GetMaxOffsetResponseHeader>, false}},
      {RC{RequestCode::kGetMinOffset, ResponseCode::kSuccess},
       {&checkFrame<GetMinOffsetResponseHeader>, false}},
      {RC{RequestCode::kQueryMessage, ResponseCode::kSuccess},
       {&checkFrame<QueryMessageResponseHeader>, false}},
      {RC{RequestCode::kRegisterBroker, ResponseCode::kSuccess},
       {&checkFrame<RegisterBrokerResponseHeader>, false}},
  };
  return routes;
}

TEST(CorpusHeaders, EveryCapturedHeaderDecodesAndReencodesAsJavaWroteIt) {
  Coverage coverage;
  for (const CorpusFrame& f : corpusFrames()) {
    if (!f.isResponse) {
      auto it = requestRoutes().find(f.code);
      if (it == requestRoutes().end()) continue;
      it->second.check(f, it->second.fast, "request " + std::to_string(f.code), coverage);
    } else {
      ASSERT_TRUE(f.requestCode.has_value()) << where(f);
      auto it = responseRoutes().find({*f.requestCode, f.code});
      if (it == responseRoutes().end()) continue;
      it->second.check(f, it->second.fast, "response " + std::to_string(*f.requestCode), coverage);
    }
  }

  // Every routed request code and every routed response occurs in the corpus.
  for (const auto& [code, route] : requestRoutes()) {
    EXPECT_GT(coverage.decoded["request " + std::to_string(code)], 0) << "request " << code;
  }
  for (int code : {310, 320, 11, 14, 30, 31, 12, 103}) {
    EXPECT_GT(coverage.decoded["response " + std::to_string(code)], 0) << "response " << code;
  }
  // The key order of each fast header was checked against binary frames.
  for (const char* label : {"request 310", "request 320", "request 11", "response 310",
                            "response 320", "response 11"}) {
    EXPECT_GT(coverage.ordered[label], 0) << label;
  }
  int total = 0;
  for (const auto& [label, n] : coverage.decoded) total += n;
  EXPECT_GT(total, 700);
  RecordProperty("frames_decoded", total);
}

// Spot checks of decoded values, so a wrong mapping cannot hide behind a
// symmetric encode/decode.
const CorpusFrame& firstFrame(std::string_view file, bool response, int code) {
  for (const CorpusFrame& f : corpusFrames()) {
    if (f.file == file && f.isResponse == response &&
        (response ? f.requestCode == code : f.code == code)) {
      return f;
    }
  }
  ADD_FAILURE() << "no frame for code " << code << " in " << file;
  static const CorpusFrame kNone;
  return kNone;
}

TEST(CorpusHeaders, SendV2ValuesFromTheProducerRun) {
  const auto& f = firstFrame("a-producer.rocketmq.jsonl", false, RequestCode::kSendMessageV2);
  auto h = decodeHeader<SendMessageRequestHeaderV2>(wireFields(f));
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(h->a, "CorpusProducer");
  EXPECT_EQ(h->b, "CorpusT");
  EXPECT_EQ(h->c, "TBW102");
  EXPECT_EQ(h->d, 4);
  EXPECT_EQ(h->f, 0);
  EXPECT_GT(h->g, 1'700'000'000'000);
  ASSERT_TRUE(h->i.has_value());
  EXPECT_NE(h->i->find("KEYS\x01"
                       "CorpusKey-1"),
            std::string::npos);
  EXPECT_EQ(h->j, 0);
  EXPECT_FALSE(h->k);
  EXPECT_EQ(h->l, std::nullopt);
  EXPECT_FALSE(h->m);
  EXPECT_EQ(h->n, "broker-a");
  EXPECT_EQ(toV1(*h).producerGroup, "CorpusProducer");

  const auto& batch =
      firstFrame("a-producer.rocketmq.jsonl", false, RequestCode::kSendBatchMessage);
  auto b = decodeHeader<SendMessageRequestHeaderV2>(wireFields(batch));
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_TRUE(b->m);
}

TEST(CorpusHeaders, PullValuesFromThePullConsumerRun) {
  const auto& f = firstFrame("f-pull-consumers.rocketmq.jsonl", false, RequestCode::kPullMessage);
  auto h = decodeHeader<PullMessageRequestHeader>(wireFields(f));
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(h->consumerGroup, "CorpusPull");
  EXPECT_EQ(h->maxMsgNums, 32);
  EXPECT_EQ(h->sysFlag, PullSysFlag::kSubscription);
  EXPECT_EQ(h->suspendTimeoutMillis, 20000);
  EXPECT_EQ(h->subscription, "*");
  EXPECT_EQ(h->expressionType, "TAG");
  EXPECT_EQ(h->maxMsgBytes, std::nullopt);  // 4.9.8 does not send the 5.x fields

  const auto& resp = firstFrame("f-pull-consumers.rocketmq.jsonl", true, RequestCode::kPullMessage);
  auto r = decodeHeader<PullMessageResponseHeader>(wireFields(resp));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->suggestWhichBrokerId, 0);
  EXPECT_LE(r->minOffset, r->maxOffset);
  EXPECT_EQ(r->offsetDelta, std::nullopt);
}

TEST(CorpusHeaders, RegisterBrokerValues) {
  const auto& f =
      firstFrame("i-broker-registration.json.jsonl", false, RequestCode::kRegisterBroker);
  auto h = decodeHeader<RegisterBrokerRequestHeader>(wireFields(f));
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(h->brokerName, "broker-a");
  EXPECT_EQ(h->brokerAddr, "127.0.0.1:20911");
  EXPECT_EQ(h->clusterName, "DefaultCluster");
  EXPECT_EQ(h->haServerAddr, "127.0.0.1:20912");
  EXPECT_EQ(h->brokerId, 0);
  EXPECT_FALSE(h->compressed);
  EXPECT_NE(h->bodyCrc32, 0);
}

}  // namespace
}  // namespace apogee::remoting
