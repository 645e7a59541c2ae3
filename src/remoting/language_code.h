#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace apogee::remoting {

// RocketMQ's LanguageCode: the byte in the binary header, the enum name in
// JSON. Reference: docs/formats/remoting.md.
enum class LanguageCode : std::uint8_t {
  JAVA = 0,
  CPP = 1,
  DOTNET = 2,
  PYTHON = 3,
  DELPHI = 4,
  ERLANG = 5,
  RUBY = 6,
  OTHER = 7,
  HTTP = 8,
  GO = 9,
  PHP = 10,
  OMS = 11,
  RUST = 12,
  NODE_JS = 13,
};

std::string_view languageName(LanguageCode code);
std::optional<LanguageCode> languageFromName(std::string_view name);
std::optional<LanguageCode> languageFromByte(std::uint8_t value);

}  // namespace apogee::remoting
