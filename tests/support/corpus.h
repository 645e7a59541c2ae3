#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace apogee::testing {

// One frame of the captured RocketMQ 4.9.8 traffic in tests/data/protocol-corpus
// (its README explains each field).
struct CorpusFrame {
  std::string file;        // e.g. "a-producer.rocketmq.jsonl"
  int line = 0;            // 1-based line in that file
  std::string serialize;   // "JSON" or "ROCKETMQ"
  std::string from, to;    // client, admin, broker, namesrv
  std::string stream;
  int seq = 0;
  bool isResponse = false;
  bool oneway = false;
  int code = 0;
  std::optional<int> requestCode;  // responses only
  int flag = 0;
  int opaque = 0;
  std::string language;
  int version = 0;
  std::optional<std::string> remark;
  std::optional<std::vector<std::pair<std::string, std::string>>> extFields;  // wire order
  std::vector<std::string> headerKeys;  // JSON headers only
  std::string header;  // raw header bytes
  std::string body;    // raw body bytes
  long frameLen = 0;
  bool unanswered = false;

  // The frame as it was on the wire: length word, header-info word, header, body.
  std::string wireBytes() const;
};

// Every frame of every *.jsonl file in the corpus, in file then line order.
const std::vector<CorpusFrame>& corpusFrames();

}  // namespace apogee::testing
