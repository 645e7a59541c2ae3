// Header and frame codec throughput on the two hottest commands: the
// SEND_MESSAGE_V2 request (every send) and the PULL_MESSAGE response (every
// pull), with field values as captured from RocketMQ 4.9.8.

#include <string>

#include <benchmark/benchmark.h>

#include "remoting/frame_codec.h"

namespace apogee::remoting {
namespace {

RemotingCommand sendMessageV2Request(SerializeType type) {
  RemotingCommand cmd;
  cmd.setCode(310);
  cmd.setLanguage(LanguageCode::JAVA);
  cmd.setVersion(409);
  cmd.setOpaque(1234567);
  cmd.setSerializeType(type);
  cmd.setExtFields({{"a", "CorpusProducer"},
                    {"b", "CorpusT"},
                    {"c", "TBW102"},
                    {"d", "4"},
                    {"e", "4"},
                    {"f", "0"},
                    {"g", "1795751062445"},
                    {"h", "0"},
                    {"i", "KEYS\x01" "CorpusKey-1\x02UNIQ_KEY\x01" "C000020227EC5FFD2B2786B2C3AC0000\x02"
                          "WAIT\x01true\x02TAGS\x01TagA\x02" "corpusProp\x01" "alpha"},
                    {"j", "0"},
                    {"k", "false"},
                    {"m", "false"},
                    {"n", "broker-a"}});
  cmd.setBody(std::string("Hello RocketMQ corpus"));
  return cmd;
}

RemotingCommand pullMessageResponse(SerializeType type) {
  RemotingCommand cmd;
  cmd.setCode(0);
  cmd.setLanguage(LanguageCode::JAVA);
  cmd.setVersion(409);
  cmd.setOpaque(1234567);
  cmd.markResponse();
  cmd.setRemark("FOUND");
  cmd.setSerializeType(type);
  cmd.setExtFields({{"suggestWhichBrokerId", "0"}, {"nextBeginOffset", "32"}, {"minOffset", "0"}, {"maxOffset", "64"}});
  cmd.setBody(std::string(700, 'm'));
  return cmd;
}

RemotingCommand commandFor(int which, SerializeType type) {
  return which == 0 ? sendMessageV2Request(type) : pullMessageResponse(type);
}

SerializeType typeFor(int arg) { return arg == 0 ? SerializeType::kJson : SerializeType::kRocketMQ; }

void setLabel(benchmark::State& state) {
  state.SetLabel(std::string(state.range(0) == 0 ? "SEND_MESSAGE_V2 request" : "PULL_MESSAGE response") +
                 (state.range(1) == 0 ? " JSON" : " ROCKETMQ"));
}

void BM_EncodeHeader(benchmark::State& state) {
  const RemotingCommand cmd = commandFor(static_cast<int>(state.range(0)), typeFor(static_cast<int>(state.range(1))));
  std::string out;
  for (auto _ : state) {
    out.clear();
    Status status = cmd.serializeType() == SerializeType::kJson ? encodeJsonHeader(cmd, out)
                                                                : encodeRocketMQHeader(cmd, out);
    benchmark::DoNotOptimize(status);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(out.size()));
  setLabel(state);
}

void BM_DecodeHeader(benchmark::State& state) {
  const RemotingCommand cmd = commandFor(static_cast<int>(state.range(0)), typeFor(static_cast<int>(state.range(1))));
  std::string header;
  if (!(cmd.serializeType() == SerializeType::kJson ? encodeJsonHeader(cmd, header) : encodeRocketMQHeader(cmd, header))
           .ok()) {
    state.SkipWithError("encode failed");
    return;
  }
  for (auto _ : state) {
    auto result = cmd.serializeType() == SerializeType::kJson ? decodeJsonHeader(header) : decodeRocketMQHeader(header);
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(header.size()));
  setLabel(state);
}

// FrameDecoder::decode on a whole frame: prefix checks, header, body copy.
void BM_DecodeFrame(benchmark::State& state) {
  const RemotingCommand cmd = commandFor(static_cast<int>(state.range(0)), typeFor(static_cast<int>(state.range(1))));
  auto frame = encodeFrame(cmd);
  if (!frame.ok()) {
    state.SkipWithError("encode failed");
    return;
  }
  const FrameDecoder decoder;
  for (auto _ : state) {
    std::size_t consumed = 0;
    auto result = decoder.decode(*frame, consumed);
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(frame->size()));
  setLabel(state);
}

// encodeFrameHead into a reused buffer, as the transport does per send.
void BM_EncodeFrameHead(benchmark::State& state) {
  const RemotingCommand cmd = commandFor(static_cast<int>(state.range(0)), typeFor(static_cast<int>(state.range(1))));
  std::string out;
  for (auto _ : state) {
    out.clear();
    Status status = encodeFrameHead(cmd, out);
    benchmark::DoNotOptimize(status);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
  setLabel(state);
}

// Args: {0 = SEND_MESSAGE_V2 request, 1 = PULL_MESSAGE response} x {0 = JSON, 1 = ROCKETMQ}.
BENCHMARK(BM_EncodeHeader)->ArgsProduct({{0, 1}, {0, 1}});
BENCHMARK(BM_DecodeHeader)->ArgsProduct({{0, 1}, {0, 1}});
BENCHMARK(BM_DecodeFrame)->ArgsProduct({{0, 1}, {0, 1}});
BENCHMARK(BM_EncodeFrameHead)->ArgsProduct({{0, 1}, {0, 1}});

}  // namespace
}  // namespace apogee::remoting
