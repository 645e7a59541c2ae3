#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace apogee::remoting {

// The header map of a RemotingCommand ("extFields"): string keys to string
// values, kept in insertion (wire) order. RocketMQ headers carry about 3 to 15
// entries, where a linear scan beats hashing and keeps the order the Java side
// wrote, which the binary encoding must reproduce byte for byte.
class ExtFields {
 public:
  using Entry = std::pair<std::string, std::string>;

  ExtFields() = default;
  ExtFields(std::initializer_list<Entry> entries) : entries_(entries) {}

  // Replaces the value of an existing key, or appends the entry.
  void set(std::string_view key, std::string value);
  // Appends without looking for an existing key (decoders use this).
  void append(std::string key, std::string value) {
    entries_.emplace_back(std::move(key), std::move(value));
  }
  std::optional<std::string_view> get(std::string_view key) const;
  bool contains(std::string_view key) const { return get(key).has_value(); }
  bool erase(std::string_view key);

  bool empty() const noexcept { return entries_.empty(); }
  std::size_t size() const noexcept { return entries_.size(); }
  void clear() noexcept { entries_.clear(); }
  void reserve(std::size_t n) { entries_.reserve(n); }

  auto begin() const noexcept { return entries_.begin(); }
  auto end() const noexcept { return entries_.end(); }

  // Same entries in the same order.
  friend bool operator==(const ExtFields&, const ExtFields&) = default;

 private:
  std::vector<Entry> entries_;
};

}  // namespace apogee::remoting
