#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace apogee::remoting {

// Java behaviour that shows in RocketMQ's JSON bodies, reproduced so Apogee
// writes what a Java process would write for the same data.

// java.lang.String.hashCode of the string whose UTF-8 bytes are `utf8`:
// h = 31*h + c over the UTF-16 code units, in 32-bit two's complement. A code
// point above U+FFFF counts as its two surrogates. Malformed UTF-8 counts as
// U+FFFD per maximal bad subsequence, as `new String(bytes, UTF_8)` decodes it.
std::int32_t javaStringHashCode(std::string_view utf8);

// Decodes the code point at the front of `utf8` and drops its bytes.
// Malformed input yields U+FFFD and drops the maximal subpart of a valid
// sequence (at least one byte), the practice Java's UTF-8 decoder follows.
// `utf8` must not be empty.
std::uint32_t takeUtf8CodePoint(std::string_view& utf8);

// java.lang.Long.hashCode: (int)(v ^ (v >>> 32)).
std::int32_t javaLongHashCode(std::int64_t v);

// Double.toString (and fastjson's RyuDouble, which copies it): the shortest
// digits that read back as `v`, "1.0", "0.001", "1.0E7", "1.0E-4". fastjson
// writes NaN and infinities as null; this returns "null" for them.
std::string javaDoubleToString(double v);

// Which Java map (or set, which is a map underneath) a body field is, so its
// entries can be written in the order that map iterates in.
struct JavaMapKind {
  enum class Type {
    kHashMap,            // java.util.HashMap / HashSet: grows when size > 3/4 capacity
    kConcurrentHashMap,  // grows when size >= 3/4 capacity
    kTreeMap,            // sorted by key; std::map's order (equal to Java's
                         // String.compareTo except between astral and
                         // U+E000..U+FFFF characters)
  };
  Type type = Type::kHashMap;
  // The table size before any growth: 16 for a default-constructed map; for
  // `new ConcurrentHashMap<>(1024)` it is 2048.
  std::size_t initialCapacity = 16;

  static JavaMapKind hashMap() { return {}; }
  static JavaMapKind concurrentHashMap(std::size_t initialTable = 16) {
    return {Type::kConcurrentHashMap, initialTable};
  }
  static JavaMapKind treeMap() { return {Type::kTreeMap, 0}; }
  // Table size after `size` successive puts with no removal (hash maps only).
  std::size_t capacityFor(std::size_t size) const;
};

// Bucket of a key with Java hash `hash` in a table of `capacity` (a power of
// two): (h ^ (h >>> 16)) & (capacity - 1), as both HashMap and
// ConcurrentHashMap spread it.
std::size_t javaBucketIndex(std::int32_t hash, std::size_t capacity);

// Reorders `items` into the iteration order of a Java map of kind `kind`
// holding them, given each item's Java hashCode. Java iterates bucket by
// bucket; items sharing a bucket keep their relative order in `items` (Java
// keeps insertion order there, which is unknown here). Equal to Java's order
// for maps filled by put() without removals, short of tree bins (more than 8
// keys in one bucket).
// A TreeMap kind leaves `items` as they are.
template <typename T, typename HashFn>
void sortInJavaHashOrder(std::vector<T>& items, HashFn hash_of, JavaMapKind kind) {
  if (kind.type == JavaMapKind::Type::kTreeMap) return;
  const std::size_t capacity = kind.capacityFor(items.size());
  std::stable_sort(items.begin(), items.end(), [&](const T& a, const T& b) {
    return javaBucketIndex(hash_of(a), capacity) < javaBucketIndex(hash_of(b), capacity);
  });
}

// The strings in the order a java.util.HashSet<String> filled with them (in
// this order, duplicates dropped) iterates; for example the topic list a Java
// name server returns.
std::vector<std::string> javaHashSetOrder(std::vector<std::string> items);

// The Java names of an enum whose enumerators are 0..N-1 in Java's order;
// fastjson writes enums by name.
template <typename E, std::size_t N>
class JavaEnumNames {
 public:
  constexpr explicit JavaEnumNames(std::array<std::string_view, N> names) : names_(names) {}

  std::string_view nameOf(E v) const {
    const auto i = static_cast<std::size_t>(v);
    return i < N ? names_[i] : std::string_view("?");
  }
  bool parse(std::string_view name, E& out) const {
    for (std::size_t i = 0; i < N; ++i) {
      if (names_[i] == name) {
        out = static_cast<E>(i);
        return true;
      }
    }
    return false;
  }

 private:
  std::array<std::string_view, N> names_;
};

}  // namespace apogee::remoting
