#include "apogee/mq_version.h"

#include <array>
#include <string_view>

namespace apogee::tool {
namespace {

// MQVersion.Version starts with sixteen 3.0.0 pre-releases.
constexpr std::array<std::string_view, 16> kV300 = {
    "V3_0_0_SNAPSHOT", "V3_0_0_ALPHA1",         "V3_0_0_BETA1",  "V3_0_0_BETA2",
    "V3_0_0_BETA3",    "V3_0_0_BETA4",          "V3_0_0_BETA5",  "V3_0_0_BETA6_SNAPSHOT",
    "V3_0_0_BETA6",    "V3_0_0_BETA7_SNAPSHOT", "V3_0_0_BETA7",  "V3_0_0_BETA8_SNAPSHOT",
    "V3_0_0_BETA8",    "V3_0_0_BETA9_SNAPSHOT", "V3_0_0_BETA9",  "V3_0_0_FINAL"};

// Which x.y.z follow, in order, each as a SNAPSHOT and a release: 3.0.1 to
// 3.0.15, 3.1.0 to 3.2.9, 3.3.1 to 3.9.9 (no x.y.0 there), 4.0.0 to 5.9.9.
bool listed(int major, int minor, int patch) {
  if (major == 3 && minor == 0) return patch >= 1 && patch <= 15;
  if (patch > 9) return false;
  if (major == 3 && minor >= 3) return patch >= 1;
  return true;
}

}  // namespace

std::string mqVersionName(std::int32_t ordinal) {
  if (ordinal < 0) return "#" + std::to_string(ordinal);
  if (ordinal < static_cast<std::int32_t>(kV300.size())) return std::string(kV300[ordinal]);
  std::int32_t index = ordinal - static_cast<std::int32_t>(kV300.size());
  for (int major = 3; major <= 5; ++major) {
    for (int minor = 0; minor <= 9; ++minor) {
      for (int patch = 0; patch <= 15; ++patch) {
        if (!listed(major, minor, patch)) continue;
        if (index < 2) {
          const std::string name = "V" + std::to_string(major) + "_" + std::to_string(minor) +
                                   "_" + std::to_string(patch);
          return index == 0 ? name + "_SNAPSHOT" : name;
        }
        index -= 2;
      }
    }
  }
  return "HIGHER_VERSION";
}

}  // namespace apogee::tool
