#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "common/result.h"
#include "common/status.h"
#include "remoting/ext_fields.h"

// Typed request/response headers ("custom headers" in RocketMQ) and the small
// field-descriptor framework that maps them to and from extFields.
//
// A header is a plain struct whose members are named exactly as their extFields
// keys (they ARE the wire names) and that lists them once, in the Java class's
// field order:
//
//   struct GetMaxOffsetRequestHeader {
//     std::string topic;
//     std::int32_t queueId = 0;
//     static constexpr std::string_view kName = "GetMaxOffsetRequestHeader";
//     static constexpr auto kFields = std::make_tuple(
//         field("topic", &GetMaxOffsetRequestHeader::topic),
//         field("queueId", &GetMaxOffsetRequestHeader::queueId));
//   };
//
// encodeHeader() and decodeHeader<H>() walk kFields. Rules, after Java's
// makeCustomHeaderToNet / decodeCommandCustomHeader (rocketmq-protocol.md 1.9):
//   - Field types: std::string, std::int32_t, std::int64_t, bool, and
//     std::optional of each.
//   - field():          Java @CFNotNull. Always written; decoding fails with
//                       HeaderError::kMissingField when the key is absent.
//   - optionalField():  a nullable Java field. The member is std::optional;
//                       nullopt is not written, an absent key stays nullopt.
//   - defaultedField(): a Java primitive without @CFNotNull (e.g. `boolean
//                       unitMode`). Always written, as Java always has a value;
//                       an absent key keeps the member's initializer.
//   - Integers are written in decimal. Decoding is strict, like Java's
//     Integer.parseInt/Long.parseLong: optional '-' or '+', ASCII digits, the
//     whole string, in range for the member's width; anything else (empty,
//     spaces, "1.0", overflow) fails with HeaderError::kBadValue.
//   - Booleans are written "true"/"false". Decoding follows Java's
//     Boolean.parseBoolean, which never fails: "true" in any letter case is
//     true, every other value (including "yes", "1" and "") is false. Java peers
//     only ever write "true"/"false", and a stricter reader would reject
//     requests a Java broker accepts.
//   - Keys that are not fields (AccessKey, Signature, bname, TRACE_ON, ...) are
//     ignored when decoding; encoding never writes them.
//
// Java itself is more lenient on missing fields (4.9.8 logs and leaves null);
// we reject them, so processors never see a half-filled header.
namespace apogee::remoting {

// Why decodeHeader failed; carried as Status::detail() of an InvalidArgument.
enum class HeaderError : int {
  kNone = 0,
  kMissingField = 1,  // a required key is absent
  kBadValue = 2,      // a value does not parse as the field's type
};

HeaderError headerErrorOf(const Status& status);

enum class FieldPresence : std::uint8_t { kRequired, kOptional, kDefaulted };

// One entry of a header's kFields: the extFields key and the member it maps to.
template <typename H, typename M>
struct HeaderField {
  std::string_view name;
  M H::*member;
  FieldPresence presence;
};

namespace header_detail {

template <typename T>
inline constexpr bool kIsScalar =
    std::is_same_v<T, std::string> || std::is_same_v<T, std::int32_t> ||
    std::is_same_v<T, std::int64_t> || std::is_same_v<T, bool>;

template <typename T>
struct OptionalValue {
  using type = void;
};
template <typename T>
struct OptionalValue<std::optional<T>> {
  using type = T;
};

// Value -> wire text.
std::string formatValue(const std::string& value);
std::string formatValue(std::int32_t value);
std::string formatValue(std::int64_t value);
std::string formatValue(bool value);

// Wire text -> value; false when `text` is not a valid value of the type.
bool parseValue(std::string_view text, std::string& out);
bool parseValue(std::string_view text, std::int32_t& out);
bool parseValue(std::string_view text, std::int64_t& out);
bool parseValue(std::string_view text, bool& out);

template <typename T>
constexpr std::string_view typeName() {
  if constexpr (std::is_same_v<T, std::int32_t>) return "int32";
  if constexpr (std::is_same_v<T, std::int64_t>) return "int64";
  if constexpr (std::is_same_v<T, bool>) return "boolean";
  return "string";
}

Status missingField(std::string_view header, std::string_view field);
Status badValue(std::string_view header, std::string_view field, std::string_view value,
                std::string_view type);

template <typename H, typename M>
void encodeField(const HeaderField<H, M>& f, const H& header, ExtFields& out) {
  const M& value = header.*(f.member);
  if constexpr (kIsScalar<M>) {
    out.set(f.name, formatValue(value));
  } else {
    if (value.has_value()) out.set(f.name, formatValue(*value));
  }
}

// Decodes one field into `header`; on failure sets `status` and returns false.
template <typename H, typename M>
bool decodeField(const HeaderField<H, M>& f, const ExtFields& in, H& header, Status& status) {
  const std::optional<std::string_view> text = in.get(f.name);
  if (!text.has_value()) {
    if (f.presence == FieldPresence::kRequired) {
      status = missingField(H::kName, f.name);
      return false;
    }
    return true;  // optional stays nullopt; defaulted keeps its initializer
  }
  M& member = header.*(f.member);
  if constexpr (kIsScalar<M>) {
    if (!parseValue(*text, member)) {
      status = badValue(H::kName, f.name, *text, typeName<M>());
      return false;
    }
  } else {
    using T = typename OptionalValue<M>::type;
    T value{};
    if (!parseValue(*text, value)) {
      status = badValue(H::kName, f.name, *text, typeName<T>());
      return false;
    }
    member = std::move(value);
  }
  return true;
}

}  // namespace header_detail

// A required field (Java @CFNotNull): always written, must be present.
template <typename H, typename T>
constexpr HeaderField<H, T> field(std::string_view name, T H::*member) {
  static_assert(header_detail::kIsScalar<T>,
                "header fields are std::string, std::int32_t, std::int64_t or bool");
  return {name, member, FieldPresence::kRequired};
}

// A nullable field: written only when set; absent decodes as nullopt.
template <typename H, typename T>
constexpr HeaderField<H, std::optional<T>> optionalField(std::string_view name,
                                                         std::optional<T> H::*member) {
  static_assert(header_detail::kIsScalar<T>,
                "header fields are std::string, std::int32_t, std::int64_t or bool");
  return {name, member, FieldPresence::kOptional};
}

// A Java primitive without @CFNotNull: always written; absent keeps the
// member's default.
template <typename H, typename T>
constexpr HeaderField<H, T> defaultedField(std::string_view name, T H::*member) {
  static_assert(header_detail::kIsScalar<T>,
                "header fields are std::string, std::int32_t, std::int64_t or bool");
  return {name, member, FieldPresence::kDefaulted};
}

// A struct usable with encodeHeader/decodeHeader.
template <typename H>
concept TypedHeader = std::is_default_constructible_v<H> && requires {
  { H::kName } -> std::convertible_to<std::string_view>;
  std::tuple_size<std::remove_cvref_t<decltype(H::kFields)>>::value;
};

// Writes the fields of `header` into `out` in declaration order. A key already
// in `out` is replaced where it stands; new keys are appended. To reproduce
// Java's order (which the binary "fast" headers depend on), encode into an
// empty map and add extra entries afterwards.
template <TypedHeader H>
void encodeHeader(const H& header, ExtFields& out) {
  std::apply([&](const auto&... f) { (header_detail::encodeField(f, header, out), ...); },
             H::kFields);
}

// The fields of `header` as a fresh map.
template <TypedHeader H>
ExtFields toExtFields(const H& header) {
  ExtFields out;
  out.reserve(std::tuple_size_v<std::remove_cvref_t<decltype(H::kFields)>>);
  encodeHeader(header, out);
  return out;
}

// Parses a header from extFields. Errors are InvalidArgument with a
// HeaderError detail and a message naming the header and the field, e.g.
// "PullMessageRequestHeader: missing required field 'queueOffset'".
template <TypedHeader H>
Result<H> decodeHeader(const ExtFields& in) {
  H header{};
  Status status;
  std::apply([&](const auto&... f) { (header_detail::decodeField(f, in, header, status) && ...); },
             H::kFields);
  if (!status.ok()) return status;
  return header;
}

// The extFields keys of H, in declaration order.
template <TypedHeader H>
constexpr auto headerFieldNames() {
  return std::apply(
      [](const auto&... f) { return std::array<std::string_view, sizeof...(f)>{f.name...}; },
      H::kFields);
}

}  // namespace apogee::remoting
