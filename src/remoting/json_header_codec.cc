// The JSON header (serialize type 0): written byte for byte as fastjson writes
// a RemotingCommand, read as tolerantly as fastjson reads one.
// Layout and rules: docs/formats/remoting.md.

#include <array>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <rapidjson/allocators.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/writer.h>

#include "remoting/frame_codec.h"

namespace apogee::remoting {
namespace {

using PoolAllocator = rapidjson::MemoryPoolAllocator<>;

// ---- encoding --------------------------------------------------------------

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
  std::size_t run_start = 0;  // first byte not yet copied
  std::size_t i = 0;
  auto flushRun = [&](std::size_t end) { out.append(text.data() + run_start, end - run_start); };
  while (i < n) {
    const unsigned char c = bytes[i];
    if (c < 0x80) {
      const char escape = kAsciiEscapes[c];
      if (escape == 0) {
        ++i;
        continue;
      }
      flushRun(i);
      if (escape == 'u') {
        appendUnicodeEscape(out, c);
      } else {
        out.push_back('\\');
        out.push_back(escape);
      }
      run_start = ++i;
    } else if (c == 0xC2 && i + 1 < n && bytes[i + 1] >= 0x80 && bytes[i + 1] <= 0x9F) {
      flushRun(i);
      appendUnicodeEscape(out, bytes[i + 1]);  // U+0080..U+009F: the second byte is the code point
      run_start = i += 2;
    } else if (c == 0xE2 && i + 2 < n && bytes[i + 1] == 0x80 && bytes[i + 2] == 0xA8) {
      flushRun(i);
      appendUnicodeEscape(out, 0x2028);
      run_start = i += 3;
    } else {
      ++i;
    }
  }
  flushRun(n);
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

// ---- decoding --------------------------------------------------------------

enum class Field : std::uint8_t { kIgnored, kCode, kExtFields, kFlag, kLanguage, kOpaque, kRemark, kVersion };

Field fieldOf(std::string_view key) {
  if (key == "code") return Field::kCode;
  if (key == "extFields") return Field::kExtFields;
  if (key == "flag") return Field::kFlag;
  if (key == "language") return Field::kLanguage;
  if (key == "opaque") return Field::kOpaque;
  if (key == "remark") return Field::kRemark;
  if (key == "version") return Field::kVersion;
  return Field::kIgnored;
}

std::string_view fieldName(Field field) {
  switch (field) {
    case Field::kCode: return "code";
    case Field::kExtFields: return "extFields";
    case Field::kFlag: return "flag";
    case Field::kLanguage: return "language";
    case Field::kOpaque: return "opaque";
    case Field::kRemark: return "remark";
    case Field::kVersion: return "version";
    case Field::kIgnored: break;
  }
  return "?";
}

enum class Kind : std::uint8_t { kNull, kBool, kNumber, kString, kObject, kArray };

std::string_view kindName(Kind kind) {
  switch (kind) {
    case Kind::kNull: return "null";
    case Kind::kBool: return "a boolean";
    case Kind::kNumber: return "a number";
    case Kind::kString: return "a string";
    case Kind::kObject: return "an object";
    case Kind::kArray: return "an array";
  }
  return "?";
}

// SAX handler that fills a RemotingCommand. Depth 1 is the root object's
// members; depth 2 inside "extFields" holds its entries; anything else
// (unknown keys' values) is skipped. Numbers arrive as their text
// (kParseNumbersAsStringsFlag), so extFields values keep it exactly.
class HeaderHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, HeaderHandler> {
 public:
  explicit HeaderHandler(RemotingCommand& cmd) : cmd_(cmd) {}

  const std::string& error() const { return error_; }

  bool Null() { return scalar(Kind::kNull, {}); }
  bool Bool(bool b) { return scalar(Kind::kBool, b ? "true" : "false"); }
  bool RawNumber(const char* str, rapidjson::SizeType length, bool) {
    return scalar(Kind::kNumber, {str, length});
  }
  bool String(const char* str, rapidjson::SizeType length, bool) {
    return scalar(Kind::kString, {str, length});
  }
  bool Key(const char* str, rapidjson::SizeType length, bool) {
    std::string_view key(str, length);
    if (depth_ == 1) {
      field_ = fieldOf(key);
    } else if (depth_ == 2 && in_ext_) {
      ext_key_.assign(key);
    }
    return true;
  }
  bool StartObject() { return container(Kind::kObject); }
  bool EndObject(rapidjson::SizeType) {
    if (--depth_ == 1) in_ext_ = false;
    return true;
  }
  bool StartArray() { return container(Kind::kArray); }
  bool EndArray(rapidjson::SizeType) {
    --depth_;
    return true;
  }
  // Never called with kParseNumbersAsStringsFlag; present for the concept.
  bool Default() { return fail("unexpected JSON value"); }

 private:
  bool fail(std::string message) {
    error_ = std::move(message);
    return false;
  }

  bool container(Kind kind) {
    if (depth_ == 0) {
      if (kind != Kind::kObject) return fail("header is not a JSON object");
    } else if (depth_ == 1 && field_ == Field::kExtFields && kind == Kind::kObject) {
      in_ext_ = true;
      cmd_.mutableExtFields().clear();
      cmd_.mutableExtFields().reserve(16);
    } else if (depth_ == 1 && field_ != Field::kIgnored) {
      return wrongType(kind);
    } else if (depth_ == 2 && in_ext_) {
      return fail(fmt::format("extFields value of \"{}\" is {}, not a string, number or boolean",
                              ext_key_, kindName(kind)));
    }
    ++depth_;
    return true;
  }

  bool wrongType(Kind kind) {
    const char* expected = field_ == Field::kExtFields ? "an object"
                           : field_ == Field::kRemark  ? "a string"
                           : field_ == Field::kLanguage ? "a name or a number"
                                                        : "an integer";
    return fail(fmt::format("\"{}\" is {}, expected {}", fieldName(field_), kindName(kind), expected));
  }

  bool scalar(Kind kind, std::string_view text) {
    if (depth_ == 0) return fail("header is not a JSON object");
    if (depth_ == 2 && in_ext_) return extValue(kind, text);
    if (depth_ != 1) return true;  // inside a skipped value
    switch (field_) {
      case Field::kIgnored: return true;
      case Field::kCode: return intField(kind, text, &RemotingCommand::setCode);
      case Field::kFlag: return intField(kind, text, &RemotingCommand::setFlag);
      case Field::kOpaque: return intField(kind, text, &RemotingCommand::setOpaque);
      case Field::kVersion: return intField(kind, text, &RemotingCommand::setVersion);
      case Field::kLanguage: return languageField(kind, text);
      case Field::kRemark:
        // fastjson turns a number or boolean into its text for a String field.
        cmd_.setRemark(kind == Kind::kNull ? std::nullopt : std::optional<std::string>(text));
        return true;
      case Field::kExtFields:
        if (kind != Kind::kNull) return wrongType(kind);
        cmd_.mutableExtFields().clear();
        return true;
    }
    return true;
  }

  // null leaves the field at its default, as fastjson does.
  bool intField(Kind kind, std::string_view text, void (RemotingCommand::*setter)(int) noexcept) {
    if (kind == Kind::kNull) return true;
    if (kind != Kind::kNumber) return wrongType(kind);
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) {
      return fail(fmt::format("\"{}\" is {}, expected a 32-bit integer", fieldName(field_), text));
    }
    (cmd_.*setter)(value);
    return true;
  }

  bool languageField(Kind kind, std::string_view text) {
    std::optional<LanguageCode> language;
    if (kind == Kind::kNull) return true;
    if (kind == Kind::kString) {
      language = languageFromName(text);
    } else if (kind == Kind::kNumber) {
      unsigned ordinal = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ordinal);
      if (ec == std::errc() && end == text.data() + text.size() && ordinal <= 0xFF) {
        language = languageFromByte(static_cast<std::uint8_t>(ordinal));
      }
    } else {
      return wrongType(kind);
    }
    // fastjson yields null for a language it does not know; OTHER keeps the
    // command usable and says as much.
    cmd_.setLanguage(language.value_or(LanguageCode::OTHER));
    return true;
  }

  bool extValue(Kind kind, std::string_view text) {
    if (kind == Kind::kNull) {
      cmd_.mutableExtFields().erase(ext_key_);
    } else {
      cmd_.mutableExtFields().set(ext_key_, std::string(text));
    }
    return true;
  }

  RemotingCommand& cmd_;
  int depth_ = 0;
  Field field_ = Field::kIgnored;
  bool in_ext_ = false;
  std::string ext_key_;
  std::string error_;
};

// Iterative parsing: a deeply nested header cannot exhaust the call stack.
constexpr unsigned kParseFlags = rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseIterativeFlag;

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

Result<RemotingCommand> decodeJsonHeader(std::string_view header) {
  RemotingCommand cmd;
  cmd.setLanguage(LanguageCode::JAVA);
  cmd.setVersion(0);
  cmd.setSerializeType(SerializeType::kJson);

  // The reader's string stack starts in this buffer; only headers with very
  // long strings spill to the heap.
  alignas(16) char pool_buffer[1024];
  PoolAllocator pool(pool_buffer, sizeof pool_buffer);
  rapidjson::GenericReader<rapidjson::UTF8<>, rapidjson::UTF8<>, PoolAllocator> reader(&pool, 512);
  rapidjson::MemoryStream stream(header.data(), header.size());
  HeaderHandler handler(cmd);
  rapidjson::ParseResult parsed = reader.Parse<kParseFlags>(stream, handler);
  if (!parsed) {
    if (!handler.error().empty()) {
      return makeFrameError(FrameError::kInvalidJson, "JSON header: " + handler.error());
    }
    return makeFrameError(FrameError::kInvalidJson,
                          fmt::format("JSON header: {} at offset {}",
                                      rapidjson::GetParseError_En(parsed.Code()), parsed.Offset()));
  }
  return cmd;
}

}  // namespace apogee::remoting
