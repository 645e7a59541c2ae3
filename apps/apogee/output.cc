#include "apogee/output.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <ctime>

namespace apogee::tool {

std::string thousands(std::int64_t v) {
  const bool negative = v < 0;
  // Through unsigned so that INT64_MIN negates.
  std::uint64_t u = negative ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  std::string digits = std::to_string(u);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

std::string localTime(std::int64_t ms) {
  if (ms <= 0) return "-";
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  localtime_r(&seconds, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return fmt::format("{}.{:03}", buf, ms % 1000);
}

Table::Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}

void Table::addRow(std::vector<std::string> cells) {
  cells.resize(headers_.size());
  rows_.push_back(std::move(cells));
}

namespace {

bool isNumber(const std::string& s) {
  if (s.empty() || s == "-") return true;
  bool digit = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c != ',' && c != '.' && c != '-') {
      return false;
    }
  }
  return digit;
}

// Display width of UTF-8 text: one column per code point (the tool prints
// no wide characters of its own).
std::size_t width(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

}  // namespace

std::string Table::render() const {
  const std::size_t n = headers_.size();
  std::vector<std::size_t> widths(n);
  std::vector<bool> right(n, true);
  for (std::size_t c = 0; c < n; ++c) {
    widths[c] = width(headers_[c]);
    bool any = false;
    for (const auto& row : rows_) {
      widths[c] = std::max(widths[c], width(row[c]));
      if (!row[c].empty() && row[c] != "-") any = true;
      if (!isNumber(row[c])) right[c] = false;
    }
    if (!any) right[c] = false;
  }
  std::string out;
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t c = 0; c < n; ++c) {
      const std::size_t pad = widths[c] - width(cells[c]);
      if (c > 0) text += "  ";
      if (right[c]) text.append(pad, ' ');
      text += cells[c];
      if (!right[c] && c + 1 < n) text.append(pad, ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += text;
    out += '\n';
  };
  line(headers_);
  for (const auto& row : rows_) line(row);
  return out;
}

Json::Json(std::string v) : kind_(Kind::kString), string_(std::move(v)) {}
Json::Json(std::int64_t v) : kind_(Kind::kInt), int_(v) {}
Json::Json(double v) : kind_(Kind::kDouble), double_(v) {}
Json::Json(bool v) : kind_(Kind::kBool), bool_(v) {}

Json Json::object() {
  Json j;
  j.kind_ = Kind::kObject;
  return j;
}

Json Json::array() {
  Json j;
  j.kind_ = Kind::kArray;
  return j;
}

Json& Json::set(std::string key, Json value) {
  members_.emplace_back(std::move(key), std::move(value));
  return *this;
}

Json& Json::push(Json value) {
  elements_.push_back(std::move(value));
  return *this;
}

std::string jsonQuote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return out;
}

void Json::write(std::string& out) const {
  switch (kind_) {
    case Kind::kNull:
      out += "null";
      break;
    case Kind::kString:
      out += jsonQuote(string_);
      break;
    case Kind::kInt:
      out += std::to_string(int_);
      break;
    case Kind::kDouble:
      out += std::isfinite(double_) ? fmt::format("{}", double_) : "null";
      break;
    case Kind::kBool:
      out += bool_ ? "true" : "false";
      break;
    case Kind::kObject:
      out += '{';
      for (std::size_t i = 0; i < members_.size(); ++i) {
        if (i > 0) out += ',';
        out += jsonQuote(members_[i].first);
        out += ':';
        members_[i].second.write(out);
      }
      out += '}';
      break;
    case Kind::kArray:
      out += '[';
      for (std::size_t i = 0; i < elements_.size(); ++i) {
        if (i > 0) out += ',';
        elements_[i].write(out);
      }
      out += ']';
      break;
  }
}

std::string Json::dump() const {
  std::string out;
  write(out);
  return out;
}

}  // namespace apogee::tool
