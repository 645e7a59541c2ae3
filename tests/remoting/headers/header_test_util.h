#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "remoting/ext_fields.h"
#include "remoting/headers/header_fields.h"

// Checks every typed header gets: a full round trip, and for each declared
// field the behaviour its presence promises (required -> error naming it,
// optional -> nullopt, defaulted -> initializer), and a bad value for each
// integer field.
namespace apogee::remoting::header_testing {

template <typename T>
inline constexpr bool kIsInteger =
    std::is_same_v<T, std::int32_t> || std::is_same_v<T, std::int64_t>;

template <typename T>
struct Unwrap {
  using type = T;
};
template <typename T>
struct Unwrap<std::optional<T>> {
  using type = T;
};

// `sample` should have every optional field set, so that each one is on the wire.
template <TypedHeader H>
void expectRoundTrip(const H& sample) {
  const ExtFields wire = toExtFields(sample);
  auto decoded = decodeHeader<H>(wire);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, sample) << H::kName;
  // Re-encoding the decoded header gives the same bytes in the same order.
  EXPECT_EQ(toExtFields(*decoded), wire) << H::kName;
}

// Removes each field from the encoded `sample` in turn and checks what decoding does.
template <TypedHeader H>
void expectFieldPresenceRules(const H& sample) {
  const ExtFields wire = toExtFields(sample);
  const H defaults{};
  std::apply(
      [&](const auto&... f) {
        auto check = [&](const auto& fd) {
          SCOPED_TRACE(std::string(H::kName) + "." + std::string(fd.name));
          ExtFields without = wire;
          ASSERT_TRUE(without.erase(fd.name)) << "sample does not carry the field";
          auto decoded = decodeHeader<H>(without);
          if (fd.presence == FieldPresence::kRequired) {
            ASSERT_FALSE(decoded.ok());
            EXPECT_EQ(decoded.error().code(), StatusCode::kInvalidArgument);
            EXPECT_EQ(headerErrorOf(decoded.error()), HeaderError::kMissingField);
            EXPECT_EQ(
                decoded.error().message(),
                std::string(H::kName) + ": missing required field '" + std::string(fd.name) + "'");
          } else {
            ASSERT_TRUE(decoded.ok()) << decoded.status();
            // Optional: nullopt; defaulted: the member's initializer.
            EXPECT_EQ((*decoded).*(fd.member), defaults.*(fd.member));
          }
        };
        (check(f), ...);
      },
      H::kFields);
}

// Puts a non-number into each integer field in turn.
template <TypedHeader H>
void expectBadIntegersRejected(const H& sample) {
  const ExtFields wire = toExtFields(sample);
  std::apply(
      [&](const auto&... f) {
        auto check = [&](const auto& fd) {
          using M = std::remove_cvref_t<decltype(sample.*(fd.member))>;
          if constexpr (kIsInteger<typename Unwrap<M>::type>) {
            SCOPED_TRACE(std::string(H::kName) + "." + std::string(fd.name));
            ExtFields bad = wire;
            bad.set(fd.name, "12x");
            auto decoded = decodeHeader<H>(bad);
            ASSERT_FALSE(decoded.ok());
            EXPECT_EQ(headerErrorOf(decoded.error()), HeaderError::kBadValue);
            EXPECT_NE(decoded.error().message().find("'" + std::string(fd.name) + "'"),
                      std::string::npos)
                << decoded.error().message();
            EXPECT_NE(decoded.error().message().find("'12x'"), std::string::npos)
                << decoded.error().message();
          }
        };
        (check(f), ...);
      },
      H::kFields);
}

template <TypedHeader H>
void expectHeaderContract(const H& sample) {
  {
    SCOPED_TRACE("round trip");
    expectRoundTrip(sample);
  }
  {
    SCOPED_TRACE("presence");
    expectFieldPresenceRules(sample);
  }
  {
    SCOPED_TRACE("bad integers");
    expectBadIntegersRejected(sample);
  }
}

// Keys of `fields` in order.
inline std::vector<std::string> keysOf(const ExtFields& fields) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : fields) keys.push_back(k);
  return keys;
}

}  // namespace apogee::remoting::header_testing
