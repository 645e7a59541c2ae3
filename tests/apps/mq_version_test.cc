// MQVersion ordinals to names, checked at the ordinals the protocol and
// RocketMQ's own messages pin down.
#include "apogee/mq_version.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace apogee::tool {
namespace {

struct Named {
  std::int32_t ordinal;
  std::string name;
};

void expectNames(const std::vector<Named>& cases) {
  for (const auto& c : cases) EXPECT_EQ(mqVersionName(c.ordinal), c.name) << c.ordinal;
}

TEST(MqVersionTest, PreReleasesOfThreeZeroZero) {
  expectNames({{0, "V3_0_0_SNAPSHOT"}, {1, "V3_0_0_ALPHA1"}, {15, "V3_0_0_FINAL"}});
}

TEST(MqVersionTest, SnapshotAndReleaseOfEachVersion) {
  expectNames({{16, "V3_0_1_SNAPSHOT"},
               {17, "V3_0_1"},
               {45, "V3_0_15"},
               {46, "V3_1_0_SNAPSHOT"},
               // The broker refuses running-info requests below "V3_1_8_SNAPSHOT", 62.
               {62, "V3_1_8_SNAPSHOT"},
               {86, "V3_3_1_SNAPSHOT"},  // 3.3 to 3.9 start at x.y.1
               {211, "V3_9_9"},
               {212, "V4_0_0_SNAPSHOT"},
               {408, "V4_9_8_SNAPSHOT"},
               {409, "V4_9_8"},  // what Apogee sends (remoting_command.h)
               {479, "V5_3_3"},
               {611, "V5_9_9"}});
}

TEST(MqVersionTest, PastTheEndAndNegative) {
  expectNames({{612, "HIGHER_VERSION"}, {5000, "HIGHER_VERSION"}, {-1, "#-1"}});
}

}  // namespace
}  // namespace apogee::tool
