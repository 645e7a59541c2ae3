#include "store/consume_queue.h"

#include <gtest/gtest.h>

#include <cstring>

#include "store/store_test_util.h"

namespace apogee::store {
namespace {

using testing::TempDir;

constexpr int64_t kUnitsPerFile = 8;

TEST(ConsumeQueueTest, UnitsAreTwentyBytesInFilesNamedByByteOffset) {
  TempDir dir;
  ConsumeQueue cq("T", 0, dir.path(), kUnitsPerFile);
  ASSERT_TRUE(cq.load().ok());
  for (int64_t q = 0; q < 10; ++q) ASSERT_TRUE(cq.put(q, 1000 + q * 100, 100, q * 7).ok());
  EXPECT_EQ(cq.maxOffset(), 10);
  EXPECT_EQ(cq.maxPhysicalEnd(), 1000 + 9 * 100 + 100);
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "00000000000000000000"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "00000000000000000160"));  // 8 units * 20
  EXPECT_EQ(std::filesystem::file_size(dir.path() / "00000000000000000000"), 160u);

  std::vector<ConsumeQueue::Unit> units;
  ASSERT_TRUE(cq.read(6, 100, units).ok());
  ASSERT_EQ(units.size(), 4u) << "reads across the file end, stops at max";
  EXPECT_EQ(units[0].commitLogOffset, 1600);
  EXPECT_EQ(units[3].tagsCode, 63);
  EXPECT_EQ(cq.rollNextFile(3), 8);
}

TEST(ConsumeQueueTest, RedispatchedUnitsAreSkippedAndGapsFilledWithBlanks) {
  TempDir dir;
  ConsumeQueue cq("T", 1, dir.path(), kUnitsPerFile);
  ASSERT_TRUE(cq.load().ok());
  ASSERT_TRUE(cq.put(0, 0, 50, 1).ok());
  ASSERT_TRUE(cq.put(1, 50, 50, 2).ok());
  ASSERT_TRUE(cq.put(0, 999, 1, 1).ok());  // a repeat: ignored
  EXPECT_EQ(cq.unitAt(0)->commitLogOffset, 0);
  ASSERT_TRUE(cq.put(4, 400, 50, 3).ok());  // gap 2..3
  EXPECT_EQ(cq.maxOffset(), 5);
  EXPECT_TRUE(cq.unitAt(2)->blank());
  EXPECT_TRUE(cq.unitAt(3)->blank());
  EXPECT_EQ(cq.unitAt(4)->commitLogOffset, 400);
}

TEST(ConsumeQueueTest, QueueStartingPastZeroIsPrefilledAndStartsAtItsFirstOffset) {
  TempDir dir;
  ConsumeQueue cq("T", 2, dir.path(), kUnitsPerFile);
  ASSERT_TRUE(cq.load().ok());
  ASSERT_TRUE(cq.put(11, 5000, 10, 0).ok());
  EXPECT_EQ(cq.minOffset(), 11);
  EXPECT_EQ(cq.maxOffset(), 12);
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "00000000000000000160"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "00000000000000000000"));
}

TEST(ConsumeQueueTest, RecoverFindsTheEndAndTruncateDirtyDropsUnitsPastTheCommitLog) {
  TempDir dir;
  {
    ConsumeQueue cq("T", 0, dir.path(), kUnitsPerFile);
    ASSERT_TRUE(cq.load().ok());
    for (int64_t q = 0; q < 12; ++q) ASSERT_TRUE(cq.put(q, q * 100, 100, 0).ok());
    ASSERT_TRUE(cq.flush().ok());
  }
  ConsumeQueue cq("T", 0, dir.path(), kUnitsPerFile);
  ASSERT_TRUE(cq.load().ok());
  ASSERT_TRUE(cq.recover(false).ok());
  EXPECT_EQ(cq.maxOffset(), 12);
  EXPECT_EQ(cq.maxPhysicalEnd(), 1200);
  // The commit log ends inside the record of unit 9: units 9.. go.
  ASSERT_TRUE(cq.truncateDirty(950).ok());
  EXPECT_EQ(cq.maxOffset(), 9);
  EXPECT_EQ(cq.maxPhysicalEnd(), 900);
  EXPECT_FALSE(cq.unitAt(9).has_value());
  // The truncated units are zero on disk: a reload does not bring them back.
  ConsumeQueue again("T", 0, dir.path(), kUnitsPerFile);
  ASSERT_TRUE(again.load().ok());
  ASSERT_TRUE(again.recover(false).ok());
  EXPECT_EQ(again.maxOffset(), 9);
}

TEST(ConsumeQueueTest, RecoverWithZeroTailClearsStaleUnitsBeyondAHole) {
  TempDir dir;
  {
    ConsumeQueue cq("T", 0, dir.path(), kUnitsPerFile);
    ASSERT_TRUE(cq.load().ok());
    for (int64_t q = 0; q < 6; ++q) ASSERT_TRUE(cq.put(q, q * 100, 100, 0).ok());
  }
  // A lost page: unit 3 reads as zeros, units 4 and 5 survived.
  {
    auto file = MappedFile::open(dir.path() / "00000000000000000000", 0, kUnitsPerFile * 20, false);
    ASSERT_TRUE(file.ok());
    std::memset((*file)->data() + 3 * 20, 0, 20);
  }
  ConsumeQueue cq("T", 0, dir.path(), kUnitsPerFile);
  ASSERT_TRUE(cq.load().ok());
  ASSERT_TRUE(cq.recover(true).ok());
  EXPECT_EQ(cq.maxOffset(), 3);
  auto file = MappedFile::open(dir.path() / "00000000000000000000", 0, kUnitsPerFile * 20, false);
  ASSERT_TRUE(file.ok());
  for (int i = 3 * 20; i < 6 * 20; ++i) ASSERT_EQ((*file)->data()[i], 0) << "byte " << i;
}

TEST(ConsumeQueueTest, DeleteExpiredFilesKeepsTheLastFileAndMovesTheMin) {
  TempDir dir;
  ConsumeQueue cq("T", 0, dir.path(), kUnitsPerFile);
  ASSERT_TRUE(cq.load().ok());
  for (int64_t q = 0; q < 20; ++q) ASSERT_TRUE(cq.put(q, q * 100, 100, 0).ok());
  // Commit log now starts at 1000: the first file (units 0..7, last at 700) goes.
  EXPECT_EQ(cq.deleteExpiredFiles(1000), 1);
  EXPECT_EQ(cq.minOffset(), 10);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "00000000000000000000"));
  EXPECT_EQ(cq.deleteExpiredFiles(1'000'000), 1);
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "00000000000000000320")) << "last file kept";
  EXPECT_EQ(cq.minOffset(), 20);
}

}  // namespace
}  // namespace apogee::store
