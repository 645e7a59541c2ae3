#include "common/properties.h"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

namespace apogee {
namespace {

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\r'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && isBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && isBlank(s.back())) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string where(std::string_view source, int line) {
  std::string out(source);
  if (line > 0) out += ":" + std::to_string(line);
  return out;
}

}  // namespace

Result<std::vector<Property>> parseProperties(std::string_view text, std::string_view source) {
  std::vector<Property> out;
  int line_number = 0;
  while (!text.empty()) {
    const std::size_t eol = text.find('\n');
    std::string_view line = trim(text.substr(0, eol));
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    ++line_number;
    if (line.empty() || line.front() == '#' || line.front() == '!') continue;
    const std::string at =
        (source.empty() ? "line " + std::to_string(line_number) : where(source, line_number)) +
        ": ";
    if (line.back() == '\\') {
      return Status::InvalidArgument(at + "a line ending in '\\' (continuation) is not supported");
    }
    // The key ends at the first '=', ':' or blank; then blanks, at most one
    // '=' or ':', blanks again.
    std::size_t end = 0;
    while (end < line.size() && line[end] != '=' && line[end] != ':' && !isBlank(line[end])) ++end;
    if (end == 0) return Status::InvalidArgument(at + "missing key before '" + line[0] + "'");
    std::string_view rest = trim(line.substr(end));
    if (!rest.empty() && (rest.front() == '=' || rest.front() == ':')) rest = trim(rest.substr(1));
    out.push_back(Property{std::string(line.substr(0, end)), std::string(rest), line_number});
  }
  return out;
}

Result<bool> parseBoolValue(std::string_view value) {
  const std::string v = lower(value);
  if (v == "true") return true;
  if (v == "false") return false;
  return Status::InvalidArgument("'" + std::string(value) + "' is not true or false");
}

Result<std::int64_t> parseIntegerValue(std::string_view value, std::int64_t min, std::int64_t max) {
  std::int64_t n = 0;
  const char* first = value.data();
  const char* last = first + value.size();
  if (!value.empty() && value.front() == '+') ++first;
  auto [ptr, ec] = std::from_chars(first, last, n);
  if (value.empty() || ec == std::errc::invalid_argument || ptr != last) {
    return Status::InvalidArgument("'" + std::string(value) + "' is not an integer");
  }
  if (ec == std::errc::result_out_of_range || n < min || n > max) {
    return Status::InvalidArgument("'" + std::string(value) + "' is out of range " +
                                   std::to_string(min) + ".." + std::to_string(max));
  }
  return n;
}

void PropertyBinder::add(std::string key, Setter setter) {
  setters_[std::move(key)] = std::move(setter);
}

void PropertyBinder::alias(std::string alias, const std::string& key) {
  setters_[std::move(alias)] = setters_.at(key);
}

void PropertyBinder::bind(std::string key, std::string& field) {
  add(std::move(key), [&field](std::string_view value) {
    field = std::string(value);
    return Status::OK();
  });
}

void PropertyBinder::bind(std::string key, std::filesystem::path& field) {
  add(std::move(key), [&field](std::string_view value) {
    if (value.empty()) return Status::InvalidArgument("a path is required");
    field = std::filesystem::path(value);
    return Status::OK();
  });
}

void PropertyBinder::bind(std::string key, bool& field) {
  add(std::move(key), [&field](std::string_view value) -> Status {
    auto b = parseBoolValue(value);
    if (!b.ok()) return b.status();
    field = *b;
    return Status::OK();
  });
}

void PropertyBinder::bind(std::string key, std::chrono::milliseconds& field) {
  add(std::move(key), [&field](std::string_view value) -> Status {
    auto n = parseIntegerValue(value, 0, std::numeric_limits<std::int64_t>::max());
    if (!n.ok()) return Status::InvalidArgument(n.status().message() + " (milliseconds)");
    field = std::chrono::milliseconds(*n);
    return Status::OK();
  });
}

Status PropertyBinder::apply(const std::vector<Property>& properties,
                             std::string_view source) const {
  for (const Property& p : properties) {
    auto it = setters_.find(p.key);
    if (it == setters_.end()) {
      return Status::InvalidArgument(where(source, p.line) + ": unknown key '" + p.key + "'");
    }
    Status s = it->second(p.value);
    if (!s.ok()) {
      return Status::InvalidArgument(where(source, p.line) + ": key '" + p.key +
                                     "': " + s.message());
    }
  }
  return Status::OK();
}

Status PropertyBinder::applyFile(const std::filesystem::path& path) const {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Status::InvalidArgument("config file " + path.string() + " is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) {
    return Status::InvalidArgument("cannot read config file " + path.string() + ": " +
                                   std::strerror(errno));
  }
  auto properties = parseProperties(text.str(), path.string());
  if (!properties.ok()) return properties.status();
  return apply(*properties, path.string());
}

std::vector<std::string> PropertyBinder::keys() const {
  std::vector<std::string> out;
  for (const auto& [key, setter] : setters_) out.push_back(key);
  return out;
}

}  // namespace apogee
