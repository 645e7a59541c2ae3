#include "remoting/fastjson_compat.h"

#include <cctype>

#include <fmt/format.h>

namespace apogee::remoting {
namespace {

// A recursive copier over the input. Depth is bounded so hostile input cannot
// overflow the stack.
class Normalizer {
 public:
  explicit Normalizer(std::string_view in) : in_(in) {}

  Result<std::string> run() {
    std::string out;
    out.reserve(in_.size() + 16);
    skipSpace(out);
    if (!value(out, 0)) return error();
    skipSpace(out);
    if (pos_ != in_.size()) return fail("trailing characters"), error();
    return out;
  }

 private:
  static constexpr int kMaxDepth = 256;

  bool fail(const char* what) {
    if (error_.empty()) error_ = fmt::format("fastjson body: {} at byte {}", what, pos_);
    return false;
  }
  Status error() const { return Status::Corruption(error_.empty() ? "fastjson body: malformed" : error_); }

  bool atEnd() const { return pos_ >= in_.size(); }
  char peek() const { return in_[pos_]; }

  void skipSpace(std::string& out) {
    while (!atEnd() && std::isspace(static_cast<unsigned char>(peek()))) out.push_back(in_[pos_++]);
  }

  bool value(std::string& out, int depth) {
    if (depth > kMaxDepth) return fail("nesting too deep");
    if (atEnd()) return fail("unexpected end");
    switch (peek()) {
      case '{': return object(out, depth + 1);
      case '[': return array(out, depth + 1);
      case '"': return string(out);
      default: return scalar(out);
    }
  }

  bool string(std::string& out) {
    std::size_t start = pos_++;
    while (!atEnd()) {
      char c = in_[pos_++];
      if (c == '\\') {
        if (atEnd()) break;
        ++pos_;
      } else if (c == '"') {
        out.append(in_.substr(start, pos_ - start));
        return true;
      }
    }
    return fail("unterminated string");
  }

  // Numbers, true, false, null: copied as a run of token characters.
  bool scalar(std::string& out) {
    std::size_t start = pos_;
    while (!atEnd()) {
      char c = peek();
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.') {
        ++pos_;
      } else {
        break;
      }
    }
    if (pos_ == start) return fail("unexpected character");
    out.append(in_.substr(start, pos_ - start));
    return true;
  }

  bool array(std::string& out, int depth) {
    out.push_back(in_[pos_++]);
    skipSpace(out);
    if (!atEnd() && peek() == ']') {
      out.push_back(in_[pos_++]);
      return true;
    }
    while (true) {
      if (!value(out, depth)) return false;
      skipSpace(out);
      if (atEnd()) return fail("unterminated array");
      char c = in_[pos_++];
      out.push_back(c);
      if (c == ']') return true;
      if (c != ',') return fail("expected ',' or ']'");
      skipSpace(out);
    }
  }

  bool object(std::string& out, int depth) {
    out.push_back(in_[pos_++]);
    skipSpace(out);
    if (!atEnd() && peek() == '}') {
      out.push_back(in_[pos_++]);
      return true;
    }
    while (true) {
      if (!key(out, depth)) return false;
      skipSpace(out);
      if (atEnd() || peek() != ':') return fail("expected ':'");
      out.push_back(in_[pos_++]);
      skipSpace(out);
      if (!value(out, depth)) return false;
      skipSpace(out);
      if (atEnd()) return fail("unterminated object");
      char c = in_[pos_++];
      out.push_back(c);
      if (c == '}') return true;
      if (c != ',') return fail("expected ',' or '}'");
      skipSpace(out);
    }
  }

  bool key(std::string& out, int depth) {
    if (atEnd()) return fail("unexpected end");
    char c = peek();
    if (c == '"') return string(out);
    if (c == '{' || c == '[') {
      std::string inner;
      if (!value(inner, depth)) return false;
      appendQuoted(out, inner);
      return true;
    }
    if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) {
      std::string number;
      if (!scalar(number)) return false;
      out.push_back('"');
      out.append(number);
      out.push_back('"');
      return true;
    }
    return fail("unexpected map key");
  }

  static void appendQuoted(std::string& out, std::string_view text) {
    out.push_back('"');
    for (char c : text) {
      if (c == '"' || c == '\\') {
        out.push_back('\\');
        out.push_back(c);
      } else if (static_cast<unsigned char>(c) < 0x20) {
        out.append(fmt::format("\\u{:04x}", static_cast<unsigned char>(c)));
      } else {
        out.push_back(c);
      }
    }
    out.push_back('"');
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  std::string error_;
};

}  // namespace

Result<std::string> normalizeFastjson(std::string_view input) { return Normalizer(input).run(); }

}  // namespace apogee::remoting
