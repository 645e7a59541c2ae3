#include "common/status.h"

#include <gtest/gtest.h>

#include "common/result.h"

namespace apogee {
namespace {

TEST(StatusTest, OkHasNoMessageAndPrintsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.message(), "");
  EXPECT_EQ(s.toString(), "OK");
  EXPECT_EQ(s.detail(), 0);
}

TEST(StatusTest, ErrorKeepsCodeMessageAndDetail) {
  Status s = Status::Corruption("header length 900 exceeds frame length 12").withDetail(3);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_EQ(s.detail(), 3);
  EXPECT_EQ(s.toString(), "Corruption: header length 900 exceeds frame length 12");
  Status copy = s;
  EXPECT_EQ(copy.toString(), s.toString());
  EXPECT_EQ(copy.detail(), 3);
}

Result<int> parsePositive(int v) {
  if (v <= 0) return Status::InvalidArgument("not positive");
  return v;
}

Status useIt(int v) {
  auto r = parsePositive(v);
  if (!r) return r.status();
  return Status::OK();
}

TEST(ResultTest, HoldsValueOrError) {
  auto good = parsePositive(5);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 5);
  auto bad = parsePositive(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(useIt(0).ok());
  EXPECT_TRUE(useIt(1).ok());
}

}  // namespace
}  // namespace apogee
