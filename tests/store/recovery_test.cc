#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include "common/message/big_endian.h"
#include "store/store_fixture.h"

namespace apogee::store {
namespace {

using testing::TestMessage;

class RecoveryTest : public testing::StoreFixture {
 protected:
  // Puts `n` messages round-robin over 3 queues of TopicR; returns the results.
  std::vector<PutMessageResult> fill(int n, std::size_t bodySize = 3000) {
    std::vector<PutMessageResult> out;
    for (int i = 0; i < n; ++i) {
      out.push_back(put(TestMessage("TopicR", i % 3, std::string(bodySize, static_cast<char>('A' + i % 26)),
                                    "Tag" + std::to_string(i % 2))));
    }
    return out;
  }

  // A copy of the running store's files, as a SIGKILL would leave them
  // (every byte written to the mappings is in the page cache, so the copy
  // sees it; the abort marker is present).
  std::filesystem::path snapshotRunningStore() {
    const auto root = store_->config().storePathRootDir;
    auto copy = std::filesystem::path(root.string() + "-crash");
    std::filesystem::remove_all(copy);
    std::filesystem::copy(root, copy, std::filesystem::copy_options::recursive);
    copies_.push_back(copy);
    return copy;
  }
  void TearDown() override {
    StoreFixture::TearDown();
    for (const auto& c : copies_) std::filesystem::remove_all(c);
  }

  // Every message of every queue of TopicR, checked (CRC, queue offset).
  int64_t countReadable() {
    int64_t total = 0;
    for (int q = 0; q < 3; ++q) {
      int64_t offset = store_->getMinOffsetInQueue("TopicR", QueueId(q)).value();
      const int64_t max = store_->getMaxOffsetInQueue("TopicR", QueueId(q)).value();
      while (offset < max) {
        auto r = get("TopicR", q, offset, 32);
        EXPECT_EQ(r.status, GetMessageStatus::kFound);
        if (r.messages.empty()) return -1;
        for (std::size_t i = 0; i < r.messages.size(); ++i) {
          auto m = decode(r.messages[i]);
          EXPECT_EQ(m.queueOffset, r.messageQueueOffsets[i].value());
          EXPECT_EQ(m.queueId, q);
          ++total;
        }
        offset = r.nextBeginOffset.value();
      }
    }
    return total;
  }

  // Applies `edit` to the bytes of the commit-log segment holding `offset`.
  void editCommitLog(const std::filesystem::path& root, int64_t offset,
                     const std::function<void(char* segment, int64_t pos)>& edit) {
    const int64_t seg_size = config_.mappedFileSizeCommitLog;
    const int64_t start = offset - offset % seg_size;
    auto file = MappedFile::open(root / "commitlog" / MappedFile::fileNameFor(start), start, seg_size, false);
    ASSERT_TRUE(file.ok()) << file.status();
    edit((*file)->data(), offset - start);
    ASSERT_TRUE((*file)->flush(0, seg_size).ok());
  }

  std::vector<std::filesystem::path> copies_;
};

TEST_F(RecoveryTest, CleanRestartKeepsEverythingAndContinuesOffsets) {
  open();
  EXPECT_TRUE(std::filesystem::exists(config_.abortPath()));
  auto puts = fill(60);
  store_->shutdown();
  EXPECT_FALSE(std::filesystem::exists(config_.abortPath()));
  open();
  EXPECT_FALSE(store_->recoveredFromCrash());
  EXPECT_EQ(store_->getMaxPhyOffset().value(), puts.back().wroteOffset.value() + puts.back().wroteBytes);
  EXPECT_EQ(countReadable(), 60);
  auto next = put(TestMessage("TopicR", 0, "after restart"));
  EXPECT_EQ(next.queueOffset.value(), 20);
  EXPECT_EQ(next.wroteOffset.value(), puts.back().wroteOffset.value() + puts.back().wroteBytes);
}

TEST_F(RecoveryTest, CrashRestartRebuildsLostConsumeQueuesFromTheCommitLog) {
  open();
  auto puts = fill(60);
  waitDispatched();
  auto crashed = snapshotRunningStore();
  std::filesystem::remove_all(crashed / "consumequeue");
  open(crashed);
  EXPECT_TRUE(store_->recoveredFromCrash());
  EXPECT_EQ(countReadable(), 60);
  for (int q = 0; q < 3; ++q) EXPECT_EQ(store_->getMaxOffsetInQueue("TopicR", QueueId(q)).value(), 20);
  EXPECT_EQ(put(TestMessage("TopicR", 1, "next")).queueOffset.value(), 20);
}

TEST_F(RecoveryTest, CrashRestartDispatchesRecordsNotYetInConsumeQueues) {
  open();
  fill(30);
  waitDispatched();
  auto crashed = snapshotRunningStore();
  // Remove the last 5 units of queue 0 as if the dispatcher had not got there.
  {
    ConsumeQueue cq("TopicR", 0, crashed / "consumequeue" / "TopicR" / "0", config_.consumeQueueEntriesPerFile);
    ASSERT_TRUE(cq.load().ok());
    ASSERT_TRUE(cq.recover(false).ok());
    ASSERT_EQ(cq.maxOffset(), 10);
    ASSERT_TRUE(cq.truncateDirty(cq.unitAt(5)->commitLogOffset).ok());
    ASSERT_EQ(cq.maxOffset(), 5);
  }
  open(crashed);
  EXPECT_EQ(store_->getMaxOffsetInQueue("TopicR", QueueId(0)).value(), 10);
  EXPECT_EQ(countReadable(), 30);
}

TEST_F(RecoveryTest, TornLastRecordIsTruncatedAndItsOffsetsReused) {
  open();
  auto puts = fill(20);
  waitDispatched();
  auto crashed = snapshotRunningStore();
  const PutMessageResult& last = puts.back();  // queue 19 % 3 = 1, queue offset 6
  // Half the record never reached the file.
  editCommitLog(crashed, last.wroteOffset.value(), [&](char* seg, int64_t pos) {
    std::memset(seg + pos + last.wroteBytes / 2, 0, static_cast<std::size_t>(last.wroteBytes / 2));
  });
  open(crashed);
  EXPECT_EQ(store_->getMaxPhyOffset(), last.wroteOffset);
  EXPECT_EQ(store_->getMaxOffsetInQueue("TopicR", QueueId(1)).value(), 6);
  EXPECT_EQ(get("TopicR", 1, 6).status, GetMessageStatus::kOffsetOverflowOne);
  EXPECT_FALSE(store_->lookMessageByOffset(last.wroteOffset).ok());
  EXPECT_EQ(countReadable(), 19);
  auto again = put(TestMessage("TopicR", 1, "replacement"));
  EXPECT_EQ(again.wroteOffset, last.wroteOffset);
  EXPECT_EQ(again.queueOffset.value(), 6);
  waitDispatched();
  auto r = get("TopicR", 1, 6);
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(decode(r.messages[0]).body, "replacement");
}

TEST_F(RecoveryTest, HeaderOnlyTailIsTruncated) {
  open();
  auto puts = fill(10);
  waitDispatched();
  auto crashed = snapshotRunningStore();
  const PutMessageResult& last = puts.back();
  // Only TOTALSIZE and MAGIC were written.
  editCommitLog(crashed, last.wroteOffset.value(), [&](char* seg, int64_t pos) {
    std::memset(seg + pos + 8, 0, static_cast<std::size_t>(last.wroteBytes - 8));
  });
  open(crashed);
  EXPECT_EQ(store_->getMaxPhyOffset(), last.wroteOffset);
  EXPECT_EQ(countReadable(), 9);
}

void flipByte(char* seg, int64_t pos) { seg[pos] = static_cast<char>(seg[pos] ^ 0x5A); }

TEST_F(RecoveryTest, FlippedBodyByteIsDetectedAfterCleanShutdown) {
  open();
  auto puts = fill(20);
  store_->shutdown();
  const PutMessageResult& bad = puts[17];
  editCommitLog(dir_.path(), bad.wroteOffset.value(),
                [&](char* seg, int64_t pos) { flipByte(seg, pos + 100); });  // inside the body
  open();
  EXPECT_FALSE(store_->recoveredFromCrash());
  EXPECT_EQ(store_->getMaxPhyOffset(), bad.wroteOffset) << "the log ends before the bad record";
  EXPECT_EQ(countReadable(), 17);
  // Record i is queue i % 3, offset i / 3: record 17 was queue 2's offset 5;
  // records 18 and 19 were offset 6 of queues 0 and 1.
  EXPECT_EQ(store_->getMaxOffsetInQueue("TopicR", QueueId(2)).value(), 5);
  EXPECT_EQ(store_->getMaxOffsetInQueue("TopicR", QueueId(1)).value(), 6);
  EXPECT_EQ(store_->getMaxOffsetInQueue("TopicR", QueueId(0)).value(), 6);
  // The rest of the segment after the new end is zero: nothing stale can come back.
  editCommitLog(dir_.path(), bad.wroteOffset.value(), [&](char* seg, int64_t pos) {
    const int64_t seg_end = config_.mappedFileSizeCommitLog;
    for (int64_t i = pos; i < seg_end; ++i) ASSERT_EQ(seg[i], 0) << "byte " << i;
  });
}

TEST_F(RecoveryTest, FlippedHeaderAndLengthBytesAreDetectedAfterACrash) {
  struct Case {
    const char* what;
    int64_t pos;
  };
  for (const Case& c : {Case{"magic", 5}, Case{"total size", 2}, Case{"physical offset", 33},
                       Case{"topic length", 88 + 3000}, Case{"properties length", 88 + 3000 + 1 + 6}}) {
    SCOPED_TRACE(c.what);
    open(dir_.path() / c.what);
    auto puts = fill(12);
    waitDispatched();
    auto crashed = snapshotRunningStore();
    store_->shutdown();
    const PutMessageResult& bad = puts[10];
    editCommitLog(crashed, bad.wroteOffset.value(), [&](char* seg, int64_t pos) { flipByte(seg, pos + c.pos); });
    open(crashed);
    EXPECT_TRUE(store_->recoveredFromCrash());
    EXPECT_EQ(store_->getMaxPhyOffset(), bad.wroteOffset);
    EXPECT_EQ(countReadable(), 10);
    store_->shutdown();
    std::filesystem::remove_all(crashed);
    std::filesystem::remove_all(dir_.path() / c.what);
  }
}

TEST_F(RecoveryTest, CorruptFirstRecordOfASegmentEndsTheLogAtThatSegment) {
  open();
  auto puts = fill(80);  // ~3.1 KiB records over several 96 KiB segments
  waitDispatched();
  auto crashed = snapshotRunningStore();
  const int64_t seg = config_.mappedFileSizeCommitLog;
  auto first_in_segment = std::find_if(puts.begin(), puts.end(), [&](const PutMessageResult& r) {
    return r.wroteOffset.value() == 2 * seg;
  });
  ASSERT_NE(first_in_segment, puts.end());
  const auto survivors = first_in_segment - puts.begin();
  editCommitLog(crashed, 2 * seg, [&](char* s, int64_t pos) { flipByte(s, pos + 200); });
  open(crashed);
  EXPECT_EQ(store_->getMaxPhyOffset().value(), 2 * seg);
  EXPECT_EQ(countReadable(), survivors);
  EXPECT_FALSE(std::filesystem::exists(crashed / "commitlog" / MappedFile::fileNameFor(3 * seg)));
  auto next = put(TestMessage("TopicR", 0, "next"));
  EXPECT_EQ(next.wroteOffset.value(), 2 * seg);
}

}  // namespace
}  // namespace apogee::store
