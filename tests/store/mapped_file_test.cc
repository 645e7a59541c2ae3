#include "store/mapped_file.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include "store/mapped_file_queue.h"
#include "store/store_test_util.h"

namespace apogee::store {
namespace {

using testing::TempDir;

constexpr int64_t kSize = 64 * 1024;

bool allZero(const MappedFile& f, int64_t from) {
  for (int64_t i = from; i < f.size(); ++i) {
    if (f.data()[i] != 0) return false;
  }
  return true;
}

TEST(MappedFileTest, CreatesAllocatedFileNamedByOffsetAndPersistsWrites) {
  TempDir dir;
  const auto path = dir.path() / MappedFile::fileNameFor(1073741824);
  EXPECT_EQ(path.filename(), "00000000001073741824");
  {
    auto f = MappedFile::open(path, 1073741824, kSize, true);
    ASSERT_TRUE(f.ok()) << f.status();
    std::memcpy((*f)->data() + 100, "hello", 5);
    ASSERT_TRUE((*f)->flush(100, 105).ok());
  }
  EXPECT_EQ(std::filesystem::file_size(path), static_cast<uintmax_t>(kSize));
  auto again = MappedFile::open(path, 1073741824, kSize, false);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->view(100, 5), "hello");
  EXPECT_EQ(MappedFile::open(path, 0, kSize * 2, false).status().code(), StatusCode::kCorruption);
}

TEST(MappedFileTest, ZeroFromClearsEverythingAfterThePositionWhereverItIs) {
  TempDir dir;
  auto f = MappedFile::open(dir.path() / "f", 0, kSize, true);
  ASSERT_TRUE(f.ok());
  MappedFile& file = **f;
  std::memset(file.data(), 'a', 5000);           // live data, then stale bytes:
  std::memset(file.data() + 20000, 'b', 10);     // in a later page
  file.data()[kSize - 1] = 'c';                  // at the very end
  ASSERT_TRUE(file.flush(0, kSize).ok());
  ASSERT_TRUE(file.zeroFrom(3000).ok());
  EXPECT_EQ(file.data()[2999], 'a');
  EXPECT_TRUE(allZero(file, 3000));
  // And on disk, seen through a new mapping.
  auto reopened = MappedFile::open(dir.path() / "f", 0, kSize, false);
  ASSERT_TRUE(reopened.ok());
  EXPECT_TRUE(allZero(**reopened, 3000));
  EXPECT_EQ((*reopened)->data()[2999], 'a');
  // Nothing to clear: still fine.
  ASSERT_TRUE(file.zeroFrom(3000).ok());
  ASSERT_TRUE(file.zeroFrom(kSize).ok());
}

TEST(MappedFileTest, DestroyedFileStaysReadableThroughExistingMappings) {
  TempDir dir;
  auto f = MappedFile::open(dir.path() / "f", 0, kSize, true);
  ASSERT_TRUE(f.ok());
  std::memcpy((*f)->data(), "still here", 10);
  ASSERT_TRUE((*f)->destroy().ok());
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "f"));
  EXPECT_EQ((*f)->view(0, 10), "still here");
}

TEST(MappedFileQueueTest, LoadsContiguousFilesAndCreatesTheNextOne) {
  TempDir dir;
  {
    MappedFileQueue q(dir.path(), kSize);
    ASSERT_TRUE(q.load().ok());
    EXPECT_TRUE(q.empty());
    ASSERT_TRUE(q.getOrCreate(0).ok());
    ASSERT_TRUE(q.getOrCreate(kSize + 10).ok());
    EXPECT_FALSE(q.getOrCreate(5 * kSize).ok()) << "no gaps";
  }
  MappedFileQueue q(dir.path(), kSize);
  ASSERT_TRUE(q.load().ok());
  EXPECT_EQ(q.files().size(), 2u);
  EXPECT_EQ(q.findByOffset(kSize + 5)->fileFromOffset(), kSize);
  EXPECT_EQ(q.findByOffset(2 * kSize), nullptr);
  ASSERT_TRUE(q.truncateTo(100).ok());
  EXPECT_EQ(q.files().size(), 1u);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / MappedFile::fileNameFor(kSize)));
}

TEST(MappedFileQueueTest, RejectsGapsAndDropsAnEmptyLastFile) {
  TempDir dir;
  {
    MappedFileQueue q(dir.path(), kSize);
    ASSERT_TRUE(q.load().ok());
    ASSERT_TRUE(q.getOrCreate(0).ok());
  }
  // A crash between creating and allocating the next file leaves it empty.
  std::ofstream(dir.path() / MappedFile::fileNameFor(kSize)).flush();
  {
    MappedFileQueue q(dir.path(), kSize);
    ASSERT_TRUE(q.load().ok());
    EXPECT_EQ(q.files().size(), 1u);
    EXPECT_FALSE(std::filesystem::exists(dir.path() / MappedFile::fileNameFor(kSize)));
  }
  {
    auto f = MappedFile::open(dir.path() / MappedFile::fileNameFor(3 * kSize), 3 * kSize, kSize, true);
    ASSERT_TRUE(f.ok());
  }
  MappedFileQueue q(dir.path(), kSize);
  EXPECT_EQ(q.load().code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace apogee::store
