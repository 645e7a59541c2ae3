#include <gtest/gtest.h>

#include "store/clean_service.h"
#include "store/disk_usage.h"
#include "store/store_fixture.h"

namespace apogee::store {
namespace {

using testing::TestMessage;

class RetentionTest : public testing::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    config_.fileReservedTime = std::chrono::hours(1);
    config_.deleteWhen = "";  // never by the clock: only space or manual triggers
    config_.cleanResourceInterval = std::chrono::hours(1);  // one round at start only
  }

  // 600 messages of ~1.1 KiB over 2 queues: ~7 segments of 96 KiB, ~5
  // consume-queue files of 64 units per queue, 3 index keys per message
  // (~5 index files of 399 entries).
  std::vector<PutMessageResult> fill() {
    std::vector<PutMessageResult> out;
    for (int i = 0; i < 600; ++i) {
      const std::string n = std::to_string(i);
      out.push_back(put(TestMessage("TopicRet", i % 2, std::string(1000, 'r'), "", "k1-" + n + " k2-" + n,
                                    "U" + n)));
    }
    waitDispatched();
    return out;
  }

  std::vector<std::filesystem::path> segments() const {
    std::vector<std::filesystem::path> out;
    for (const auto& e : std::filesystem::directory_iterator(config_.commitLogDir())) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
  }

  void age(const std::filesystem::path& p, std::chrono::hours by) {
    std::filesystem::last_write_time(p, std::filesystem::file_time_type::clock::now() - by);
  }
};

TEST_F(RetentionTest, ExpiredSegmentsGoWithTheirConsumeQueueAndIndexFiles) {
  open();
  auto puts = fill();
  auto segs = segments();
  ASSERT_GE(segs.size(), 4u);
  const std::size_t index_files_before = std::distance(std::filesystem::directory_iterator(config_.indexDir()),
                                                       std::filesystem::directory_iterator());
  age(segs[0], std::chrono::hours(2));
  age(segs[1], std::chrono::hours(2));
  EXPECT_EQ(store_->cleanFilesNow(false).deletedSegments, 0) << "not the hour, disk not full";
  auto round = store_->cleanFilesNow(true);
  EXPECT_EQ(round.deletedSegments, 2);
  EXPECT_FALSE(std::filesystem::exists(segs[0]));
  EXPECT_FALSE(std::filesystem::exists(segs[1]));
  EXPECT_TRUE(std::filesystem::exists(segs[2]));
  const int64_t min_phy = 2 * config_.mappedFileSizeCommitLog;
  EXPECT_EQ(store_->getMinPhyOffset().value(), min_phy);

  // Queues now start at their first message in the remaining log.
  for (int q = 0; q < 2; ++q) {
    const int64_t min = store_->getMinOffsetInQueue("TopicRet", QueueId(q)).value();
    EXPECT_GT(min, 0);
    auto low = get("TopicRet", q, 0);
    EXPECT_EQ(low.status, GetMessageStatus::kOffsetTooSmall);
    EXPECT_EQ(low.nextBeginOffset.value(), min);
    auto first = get("TopicRet", q, min, 1);
    ASSERT_EQ(first.status, GetMessageStatus::kFound);
    EXPECT_GE(first.messages[0].offset.value(), min_phy);
    auto before = store_->getCommitLogOffsetInQueue("TopicRet", QueueId(q), QueueOffset(min - 1));
    EXPECT_FALSE(before.ok());
  }
  EXPECT_GT(round.deletedConsumeQueueFiles, 0) << "64-unit files wholly below the new minimum";
  EXPECT_GT(round.deletedIndexFiles, 0);
  EXPECT_LT(static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(config_.indexDir()),
                                                   std::filesystem::directory_iterator())),
            index_files_before);
  EXPECT_EQ(store_->getEarliestMessageTime(), decode(*store_->lookMessageByOffset(CommitLogOffset(min_phy))).storeTimestamp);
  // Deleted messages are gone from every lookup; kept ones are still found.
  EXPECT_FALSE(store_->lookMessageByOffset(puts[0].wroteOffset).ok());
  EXPECT_TRUE(store_->queryMessage("TopicRet", "U0", 4, 0, INT64_MAX)->messages.empty());
  EXPECT_EQ(store_->queryMessage("TopicRet", "U599", 4, 0, INT64_MAX)->messages.size(), 1u);

  // A restart keeps the new minimums.
  const int64_t min0 = store_->getMinOffsetInQueue("TopicRet", QueueId(0)).value();
  open();
  EXPECT_EQ(store_->getMinPhyOffset().value(), min_phy);
  EXPECT_EQ(store_->getMinOffsetInQueue("TopicRet", QueueId(0)).value(), min0);
  EXPECT_EQ(get("TopicRet", 0, min0, 1).status, GetMessageStatus::kFound);
}

TEST_F(RetentionTest, ReadersKeepADeletedSegmentMappedWhileTheyHoldIt) {
  open();
  fill();
  auto held = get("TopicRet", 0, 0, 4);
  ASSERT_EQ(held.status, GetMessageStatus::kFound);
  for (const auto& s : segments()) age(s, std::chrono::hours(2));
  EXPECT_GE(store_->cleanFilesNow(true).deletedSegments, 1);
  EXPECT_FALSE(std::filesystem::exists(held.messages[0].segment->path()));
  for (const auto& m : held.messages) EXPECT_EQ(decode(m).body, std::string(1000, 'r'));
}

TEST_F(RetentionTest, TheSegmentBeingWrittenIsNeverDeleted) {
  open();
  fill();
  for (const auto& s : segments()) age(s, std::chrono::hours(2));
  while (store_->cleanFilesNow(true).deletedSegments > 0) {
  }
  const int64_t end = store_->getMaxPhyOffset().value();
  const int64_t current = end - end % config_.mappedFileSizeCommitLog;
  EXPECT_EQ(store_->getMinPhyOffset().value(), current) << "everything before it went";
  EXPECT_TRUE(std::filesystem::exists(config_.commitLogDir() / MappedFile::fileNameFor(current)));
  EXPECT_TRUE(store_->putMessage(TestMessage("TopicRet", 0, "after").request()).ok());
}

TEST_F(RetentionTest, DiskAboveTheThresholdDeletesExpiredSegmentsAtAnyHour) {
  config_.diskMaxUsedSpaceRatio = 0;  // any real disk is above 0 %
  open();
  fill();
  auto segs = segments();
  age(segs[0], std::chrono::hours(2));
  auto round = store_->cleanFilesNow(false);
  EXPECT_GT(round.diskUsedPercent, 0.0);
  EXPECT_EQ(round.deletedSegments, 1) << "only the expired one";
  EXPECT_FALSE(std::filesystem::exists(segs[0]));
}

TEST_F(RetentionTest, DiskAboveTheForcibleRatioDeletesEvenUnexpiredSegments) {
  config_.diskMaxUsedSpaceRatio = 0;
  config_.diskSpaceCleanForciblyRatio = 0;
  open();
  fill();
  const int64_t end = store_->getMaxPhyOffset().value();
  const int64_t current = end - end % config_.mappedFileSizeCommitLog;
  auto round = store_->cleanFilesNow(false);
  EXPECT_EQ(round.deletedSegments, current / config_.mappedFileSizeCommitLog)
      << "every segment before the one being written";
}

TEST_F(RetentionTest, DiskAboveTheHardLimitRefusesAppendsWithAClearErrorAndCorruptsNothing) {
  config_.diskSpaceWarningLevelRatio = 0;
  config_.diskSpaceCleanForciblyRatio = 0;
  config_.cleanFileForciblyEnable = false;  // keep the data for this test
  open();
  ASSERT_TRUE(testing::waitFor([&] { return store_->diskFull(); })) << "the first round runs at start";
  auto r = store_->putMessage(TestMessage("TopicRet", 0, "refused").request());
  EXPECT_EQ(r.status, PutMessageStatus::kServiceNotAvailable);
  EXPECT_NE(r.errorMessage.find("diskSpaceWarningLevelRatio"), std::string::npos) << r.errorMessage;
  EXPECT_EQ(store_->getMaxPhyOffset().value(), 0) << "nothing written";
  store_->shutdown();
  // Usage back under the limit: a store with the default limit accepts appends.
  config_.diskSpaceWarningLevelRatio = 90;
  open();
  ASSERT_FALSE(store_->diskFull());
  auto ok = put(TestMessage("TopicRet", 0, "accepted"));
  EXPECT_TRUE(ok.ok());
}

TEST(CleanServiceTest, DeleteWhenListsHours) {
  EXPECT_TRUE(CleanService::isTimeToDelete("04", 4));
  EXPECT_FALSE(CleanService::isTimeToDelete("04", 5));
  EXPECT_TRUE(CleanService::isTimeToDelete("04;16", 16));
  EXPECT_TRUE(CleanService::isTimeToDelete("4", 4));
  EXPECT_FALSE(CleanService::isTimeToDelete("", 0));
  EXPECT_FALSE(CleanService::isTimeToDelete("x0", 0));
}

TEST(DiskUsageTest, ReportsAPercentageOfTheRealDisk) {
  auto usage = diskUsedPercent(std::filesystem::temp_directory_path());
  ASSERT_TRUE(usage.ok()) << usage.status();
  EXPECT_GT(*usage, 0.0);
  EXPECT_LT(*usage, 100.0);
  EXPECT_FALSE(diskUsedPercent("/no/such/dir").ok());
}

}  // namespace
}  // namespace apogee::store
