// The JSON header (serialize type 0), read as tolerantly as fastjson reads a
// RemotingCommand. Layout and rules: docs/formats/remoting.md.

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <rapidjson/allocators.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include "remoting/ext_fields_builder.h"
#include "remoting/frame_codec.h"

namespace apogee::remoting {
namespace {

using PoolAllocator = rapidjson::MemoryPoolAllocator<>;

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
  explicit HeaderHandler(RemotingCommand& cmd) : cmd_(cmd), ext_(cmd.mutableExtFields()) {}

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
      ext_.clear();
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
        // Tolerated as for extFields values: a number or boolean becomes its text.
        cmd_.setRemark(kind == Kind::kNull ? std::nullopt : std::optional<std::string>(text));
        return true;
      case Field::kExtFields:
        if (kind != Kind::kNull) return wrongType(kind);
        ext_.clear();
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
    if (kind == Kind::kNull) return true;
    std::optional<LanguageCode> language;
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
      ext_.remove(ext_key_);
    } else {
      ext_.put(ext_key_, text);
    }
    return true;
  }

  RemotingCommand& cmd_;
  detail::ExtFieldsBuilder ext_;
  int depth_ = 0;
  Field field_ = Field::kIgnored;
  bool in_ext_ = false;
  std::string ext_key_;
  std::string error_;
};

// Iterative parsing: a deeply nested header cannot exhaust the call stack.
constexpr unsigned kParseFlags = rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseIterativeFlag;

}  // namespace

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
