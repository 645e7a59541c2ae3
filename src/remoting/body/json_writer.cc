#include "remoting/body/json_writer.h"

namespace apogee::remoting {
namespace {

constexpr char kHexDigits[] = "0123456789ABCDEF";  // fastjson escapes in upper case

void appendUnicodeEscape(std::string& out, std::uint32_t unit) {
  out += "\\u";
  out.push_back(kHexDigits[(unit >> 12) & 0xF]);
  out.push_back(kHexDigits[(unit >> 8) & 0xF]);
  out.push_back(kHexDigits[(unit >> 4) & 0xF]);
  out.push_back(kHexDigits[unit & 0xF]);
}

// The two-character escapes both styles use.
char shortEscape(unsigned char c) {
  switch (c) {
    case '\b':
      return 'b';
    case '\t':
      return 't';
    case '\n':
      return 'n';
    case '\f':
      return 'f';
    case '\r':
      return 'r';
    case '"':
      return '"';
    case '\\':
      return '\\';
    default:
      return 0;
  }
}

// fastjson's default: ASCII controls, U+007F..U+009F, U+2028 and U+2029
// are escaped; all other text is copied as UTF-8 (bytes that are not valid
// UTF-8 are copied too).
void escapeFastjson(std::string& out, std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (const char e = shortEscape(c)) {
      out.push_back('\\');
      out.push_back(e);
      ++i;
    } else if (c < 0x20 || c == 0x7F) {
      appendUnicodeEscape(out, c);
      ++i;
    } else if (c == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      appendUnicodeEscape(out, static_cast<unsigned char>(text[i + 1]));  // U+0080..U+009F
      i += 2;
    } else if (c == 0xE2 && text.substr(i, 2) == "\xE2\x80" && i + 2 < text.size() &&
               (text[i + 2] == '\xA8' || text[i + 2] == '\xA9')) {
      appendUnicodeEscape(out, text[i + 2] == '\xA8' ? 0x2028 : 0x2029);
      i += 3;
    } else {
      out.push_back(static_cast<char>(c));
      ++i;
    }
  }
}

// BrowserCompatible: '/' is escaped too, and every UTF-16 unit from U+007F up.
void escapeBrowserCompatible(std::string& out, std::string_view text) {
  while (!text.empty()) {
    const auto c = static_cast<unsigned char>(text.front());
    if (c < 0x80) {
      text.remove_prefix(1);
      if (const char e = shortEscape(c)) {
        out.push_back('\\');
        out.push_back(e);
      } else if (c == '/') {
        out += "\\/";
      } else if (c < 0x20 || c == 0x7F) {
        appendUnicodeEscape(out, c);
      } else {
        out.push_back(static_cast<char>(c));
      }
      continue;
    }
    const std::uint32_t cp = takeUtf8CodePoint(text);
    if (cp > 0xFFFF) {
      const std::uint32_t v = cp - 0x10000;
      appendUnicodeEscape(out, 0xD800 + (v >> 10));
      appendUnicodeEscape(out, 0xDC00 + (v & 0x3FF));
    } else {
      appendUnicodeEscape(out, cp);
    }
  }
}

}  // namespace

void JsonWriter::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_.push_back(',');
    first_.back() = false;
  }
}

JsonWriter& JsonWriter::beginObject() {
  separate();
  out_.push_back('{');
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::endObject() {
  out_.push_back('}');
  first_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::beginArray() {
  separate();
  out_.push_back('[');
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::endArray() {
  out_.push_back(']');
  first_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  separate();
  appendEscaped(name);
  out_.push_back(':');
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view v) {
  separate();
  appendEscaped(v);
  return *this;
}

JsonWriter& JsonWriter::int64(std::int64_t v) {
  separate();
  constexpr std::int64_t kMaxSafe = 9007199254740991;  // 2^53 - 1
  if (options_.style == JsonStyle::kBrowserCompatible && (v > kMaxSafe || v < -kMaxSafe)) {
    out_.push_back('"');
    out_ += std::to_string(v);
    out_.push_back('"');
  } else {
    out_ += std::to_string(v);
  }
  return *this;
}

JsonWriter& JsonWriter::boolean(bool v) {
  separate();
  out_ += v ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::float64(double v) {
  separate();
  out_ += javaDoubleToString(v);
  return *this;
}

void JsonWriter::appendEscaped(std::string_view text) {
  out_.push_back('"');
  if (options_.style == JsonStyle::kBrowserCompatible) {
    escapeBrowserCompatible(out_, text);
  } else {
    escapeFastjson(out_, text);
  }
  out_.push_back('"');
}

}  // namespace apogee::remoting
