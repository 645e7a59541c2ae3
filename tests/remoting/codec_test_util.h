#pragma once

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "remoting/frame_codec.h"
#include "support/test_data.h"

namespace apogee::remoting::test {

// Hand-written bytes: hex digits with optional spaces, e.g. hex("0069 00 0199").
inline std::string hex(std::string_view spaced) {
  std::string digits;
  for (char c : spaced) {
    if (c != ' ') digits.push_back(c);
  }
  return apogee::testing::fromHex(digits);
}

// Every header field and the body, compared one by one so a failure names it.
inline void expectSameCommand(const RemotingCommand& actual, const RemotingCommand& expected) {
  EXPECT_EQ(actual.code(), expected.code());
  EXPECT_EQ(actual.language(), expected.language());
  EXPECT_EQ(actual.version(), expected.version());
  EXPECT_EQ(actual.opaque(), expected.opaque());
  EXPECT_EQ(actual.flag(), expected.flag());
  EXPECT_EQ(actual.remark(), expected.remark());
  EXPECT_TRUE(actual.extFields() == expected.extFields())
      << "actual:   " << actual.describe() << "\nexpected: " << expected.describe();
  EXPECT_EQ(actual.body().flatten(), expected.body().flatten());
}

// Asserts `status` failed with `error`, and returns its message.
inline std::string expectFrameError(const Status& status, FrameError error) {
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(frameErrorOf(status), error) << "got " << status.toString() << " (detail "
                                         << frameErrorName(frameErrorOf(status)) << ")";
  return status.message();
}

}  // namespace apogee::remoting::test
