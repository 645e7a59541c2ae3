#include "remoting/language_code.h"

#include <array>

namespace apogee::remoting {
namespace {

constexpr std::array<std::string_view, 14> kNames = {
    "JAVA", "CPP", "DOTNET", "PYTHON", "DELPHI", "ERLANG", "RUBY",
    "OTHER", "HTTP", "GO", "PHP", "OMS", "RUST", "NODE_JS"};

}  // namespace

std::string_view languageName(LanguageCode code) {
  auto i = static_cast<std::size_t>(code);
  return i < kNames.size() ? kNames[i] : "OTHER";
}

std::optional<LanguageCode> languageFromName(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<LanguageCode>(i);
  }
  return std::nullopt;
}

std::optional<LanguageCode> languageFromByte(std::uint8_t value) {
  if (value < kNames.size()) return static_cast<LanguageCode>(value);
  return std::nullopt;
}

}  // namespace apogee::remoting
