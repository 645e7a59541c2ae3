#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// How the admin commands print: human tables (aligned columns, numbers with
// thousands separators, times in local time) and JSON for scripts. Nothing
// here touches the network; tests/apps/output_test.cc covers it.
namespace apogee::tool {

// 1234567 -> "1,234,567"; negative numbers keep their sign.
std::string thousands(std::int64_t v);

// A ms timestamp as local time "2024-05-01 12:00:00.123"; "-" for <= 0.
std::string localTime(std::int64_t ms);

// A table printed with a header row and columns padded to their widest
// cell. A column whose cells are all numbers (digits, ',', '.', '-') or
// empty is right-aligned.
class Table {
 public:
  explicit Table(std::vector<std::string> headers);
  void addRow(std::vector<std::string> cells);
  bool empty() const { return rows_.empty(); }
  std::string render() const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

// A JSON value built by the commands and written compactly in one line.
class Json {
 public:
  Json() = default;  // null
  Json(std::string v);
  Json(const char* v) : Json(std::string(v)) {}
  Json(std::string_view v) : Json(std::string(v)) {}
  Json(std::int64_t v);
  Json(std::int32_t v) : Json(static_cast<std::int64_t>(v)) {}
  Json(double v);
  Json(bool v);

  static Json object();
  static Json array();

  // Adds a member (objects) or an element (arrays); returns *this.
  Json& set(std::string key, Json value);
  Json& push(Json value);

  std::string dump() const;

 private:
  enum class Kind { kNull, kString, kInt, kDouble, kBool, kObject, kArray };
  void write(std::string& out) const;

  Kind kind_ = Kind::kNull;
  std::string string_;
  std::int64_t int_ = 0;
  double double_ = 0;
  bool bool_ = false;
  std::vector<std::pair<std::string, Json>> members_;
  std::vector<Json> elements_;
};

// `s` as a JSON string literal, quotes included.
std::string jsonQuote(std::string_view s);

}  // namespace apogee::tool
