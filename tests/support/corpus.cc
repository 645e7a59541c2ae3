#include "support/corpus.h"

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string_view>

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "support/test_data.h"

namespace apogee::testing {
namespace {

using rapidjson::Value;

std::string stringField(const Value& record, const char* name) {
  auto it = record.FindMember(name);
  if (it == record.MemberEnd() || !it->value.IsString()) throw std::runtime_error(std::string("missing string ") + name);
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

int intField(const Value& record, const char* name) {
  auto it = record.FindMember(name);
  if (it == record.MemberEnd() || !it->value.IsInt()) throw std::runtime_error(std::string("missing integer ") + name);
  return it->value.GetInt();
}

bool boolField(const Value& record, const char* name, bool fallback) {
  auto it = record.FindMember(name);
  if (it == record.MemberEnd()) return fallback;
  if (!it->value.IsBool()) throw std::runtime_error(std::string("not a boolean: ") + name);
  return it->value.GetBool();
}

CorpusFrame parseRecord(const Value& record) {
  if (!record.IsObject()) throw std::runtime_error("record is not an object");
  CorpusFrame frame;
  frame.serialize = stringField(record, "serialize");
  frame.from = stringField(record, "from");
  frame.to = stringField(record, "to");
  frame.stream = stringField(record, "stream");
  frame.seq = intField(record, "seq");
  frame.isResponse = stringField(record, "type") == "response";
  frame.oneway = boolField(record, "oneway", false);
  frame.code = intField(record, "code");
  if (auto it = record.FindMember("request_code"); it != record.MemberEnd() && it->value.IsInt()) {
    frame.requestCode = it->value.GetInt();
  }
  frame.flag = intField(record, "flag");
  frame.opaque = intField(record, "opaque");
  frame.language = stringField(record, "language");
  frame.version = intField(record, "version");
  if (auto it = record.FindMember("remark"); it != record.MemberEnd() && it->value.IsString()) {
    frame.remark = std::string(it->value.GetString(), it->value.GetStringLength());
  }
  if (auto it = record.FindMember("extFields"); it != record.MemberEnd() && it->value.IsObject()) {
    auto& fields = frame.extFields.emplace();
    for (const auto& member : it->value.GetObject()) {  // rapidjson keeps document order
      if (!member.value.IsString()) throw std::runtime_error("extFields value is not a string");
      fields.emplace_back(std::string(member.name.GetString(), member.name.GetStringLength()),
                          std::string(member.value.GetString(), member.value.GetStringLength()));
    }
  }
  if (auto it = record.FindMember("header_keys"); it != record.MemberEnd() && it->value.IsArray()) {
    for (const auto& key : it->value.GetArray()) frame.headerKeys.emplace_back(key.GetString(), key.GetStringLength());
  }
  frame.header = fromHex(stringField(record, "header_hex"));
  frame.body = fromHex(stringField(record, "body_hex"));
  if (static_cast<int>(frame.header.size()) != intField(record, "header_len")) {
    throw std::runtime_error("header_len does not match header_hex");
  }
  if (static_cast<int>(frame.body.size()) != intField(record, "body_len")) {
    throw std::runtime_error("body_len does not match body_hex");
  }
  frame.frameLen = intField(record, "frame_len");
  frame.unanswered = boolField(record, "unanswered", false);
  return frame;
}

void loadFile(const std::filesystem::path& path, std::vector<CorpusFrame>& frames) {
  const std::string text = readFile(path);
  const std::string file = path.filename().string();
  std::size_t start = 0;
  int line_number = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    start = end + 1;
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    rapidjson::Document doc;
    doc.Parse(line.data(), line.size());
    if (doc.HasParseError()) {
      ADD_FAILURE() << file << ":" << line_number << ": " << rapidjson::GetParseError_En(doc.GetParseError());
      continue;
    }
    try {
      CorpusFrame frame = parseRecord(doc);
      frame.file = file;
      frame.line = line_number;
      frames.push_back(std::move(frame));
    } catch (const std::exception& e) {
      ADD_FAILURE() << file << ":" << line_number << ": " << e.what();
    }
  }
}

void appendBE32(std::string& out, std::uint32_t v) {
  out.push_back(static_cast<char>(v >> 24));
  out.push_back(static_cast<char>(v >> 16));
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v));
}

}  // namespace

std::string CorpusFrame::wireBytes() const {
  std::string out;
  out.reserve(8 + header.size() + body.size());
  appendBE32(out, static_cast<std::uint32_t>(frameLen));
  const std::uint32_t type = serialize == "ROCKETMQ" ? 1 : 0;
  appendBE32(out, (type << 24) | static_cast<std::uint32_t>(header.size()));
  out += header;
  out += body;
  return out;
}

const std::vector<CorpusFrame>& corpusFrames() {
  static const std::vector<CorpusFrame> frames = [] {
    std::vector<CorpusFrame> all;
    const auto dir = testDataDir() / "protocol-corpus";
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".jsonl") files.push_back(entry.path());
    }
    if (ec) ADD_FAILURE() << "cannot list " << dir << ": " << ec.message();
    std::sort(files.begin(), files.end());
    for (const auto& path : files) loadFile(path, all);
    return all;
  }();
  return frames;
}

}  // namespace apogee::testing
