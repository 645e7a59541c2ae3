// The JSON header (serialize type 0), written byte for byte as fastjson writes
// a RemotingCommand. Layout and rules: docs/formats/remoting.md.

#include <array>
#include <string>
#include <string_view>

#include <rapidjson/allocators.h>
#include <rapidjson/writer.h>

#include "remoting/frame_codec.h"

namespace apogee::remoting {
namespace {

using PoolAllocator = rapidjson::MemoryPoolAllocator<>;

// How fastjson escapes an ASCII byte inside a string: 0 = as is, 'u' = \u00XX,
// anything else = backslash followed by that character. Control characters
// without a short form, and DEL, take the \u form with upper-case hex digits.
constexpr std::array<char, 128> kAsciiEscapes = [] {
  std::array<char, 128> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = 'u';
  table['\b'] = 'b';
  table['\t'] = 't';
  table['\n'] = 'n';
  table['\f'] = 'f';
  table['\r'] = 'r';
  table['"'] = '"';
  table['\\'] = '\\';
  table[0x7F] = 'u';
  return table;
}();

// Bytes that may need an escape: the escaped ASCII bytes above, and the lead
// bytes of U+0080..U+009F (0xC2) and U+2028 (0xE2). Everything else is copied.
constexpr std::array<bool, 256> kMaybeSpecial = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 128; ++c) table[c] = kAsciiEscapes[c] != 0;
  table[0xC2] = true;
  table[0xE2] = true;
  return table;
}();

void appendUnicodeEscape(std::string& out, unsigned code_point) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  const char escaped[6] = {'\\', 'u', kHex[(code_point >> 12) & 0xF], kHex[(code_point >> 8) & 0xF],
                           kHex[(code_point >> 4) & 0xF], kHex[code_point & 0xF]};
  out.append(escaped, sizeof escaped);
}

// Appends `text` as a quoted JSON string the way fastjson 1.2.x does: the ASCII
// escapes above, plus \u escapes for U+0080..U+009F and U+2028. Other bytes,
// UTF-8 or not, are copied unchanged.
void appendFastjsonString(std::string& out, std::string_view text) {
  out.push_back('"');
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (true) {
    // Copy the run of plain bytes in one go.
    const std::size_t run_start = i;
    while (i < n && !kMaybeSpecial[bytes[i]]) ++i;
    out.append(text.data() + run_start, i - run_start);
    if (i == n) break;
    const unsigned char c = bytes[i];
    if (c < 0x80) {
      const char escape = kAsciiEscapes[c];
      if (escape == 'u') {
        appendUnicodeEscape(out, c);
      } else {
        out.push_back('\\');
        out.push_back(escape);
      }
      i += 1;
    } else if (c == 0xC2 && i + 1 < n && bytes[i + 1] >= 0x80 && bytes[i + 1] <= 0x9F) {
      appendUnicodeEscape(out, bytes[i + 1]);  // U+0080..U+009F: the second byte is the code point
      i += 2;
    } else if (c == 0xE2 && i + 2 < n && bytes[i + 1] == 0x80 && bytes[i + 2] == 0xA8) {
      appendUnicodeEscape(out, 0x2028);
      i += 3;
    } else {
      out.push_back(static_cast<char>(c));  // a lead byte of something else
      i += 1;
    }
  }
  out.push_back('"');
}

// The output-stream concept of rapidjson::Writer, appending to a std::string.
class StringSink {
 public:
  using Ch = char;
  explicit StringSink(std::string& out) : out_(out) {}
  void Put(char c) { out_.push_back(c); }
  void Flush() {}
  std::string& out() { return out_; }

 private:
  std::string& out_;
};

using BaseWriter =
    rapidjson::Writer<StringSink, rapidjson::UTF8<>, rapidjson::UTF8<>, PoolAllocator>;

// rapidjson's Writer (structure, separators, integers) with fastjson's string
// escaping, which differs from rapidjson's for U+007F..U+009F and U+2028.
class FastjsonWriter : public BaseWriter {
 public:
  FastjsonWriter(StringSink& sink, PoolAllocator* allocator)
      : BaseWriter(sink, allocator, 2), sink_(sink) {}

  bool String(std::string_view text) {
    Prefix(rapidjson::kStringType);
    appendFastjsonString(sink_.out(), text);
    return EndValue(true);
  }
  bool Key(std::string_view text) { return String(text); }

 private:
  StringSink& sink_;
};

std::size_t estimateJsonSize(const RemotingCommand& cmd) {
  // Fixed keys and punctuation are about 100 bytes; each entry adds 6.
  std::size_t size = 128;
  for (const auto& [key, value] : cmd.extFields()) size += key.size() + value.size() + 6;
  if (cmd.remark()) size += cmd.remark()->size() + 12;
  return size;
}

}  // namespace

Status encodeJsonHeader(const RemotingCommand& cmd, std::string& out) {
  out.reserve(out.size() + estimateJsonSize(cmd));
  // The writer's level stack lives in this buffer: no heap allocation.
  alignas(16) char pool_buffer[256];
  PoolAllocator pool(pool_buffer, sizeof pool_buffer);
  StringSink sink(out);
  FastjsonWriter writer(sink, &pool);
  writer.StartObject();
  writer.Key("code");
  writer.Int(cmd.code());
  if (!cmd.extFields().empty()) {
    writer.Key("extFields");
    writer.StartObject();
    for (const auto& [key, value] : cmd.extFields()) {
      writer.Key(key);
      writer.String(value);
    }
    writer.EndObject();
  }
  writer.Key("flag");
  writer.Int(cmd.flag());
  writer.Key("language");
  writer.String(languageName(cmd.language()));
  writer.Key("opaque");
  writer.Int(cmd.opaque());
  if (cmd.remark()) {
    writer.Key("remark");
    writer.String(*cmd.remark());
  }
  writer.Key("serializeTypeCurrentRPC");
  writer.String("JSON");
  writer.Key("version");
  writer.Int(cmd.version());
  writer.EndObject();
  return Status::OK();
}

}  // namespace apogee::remoting
