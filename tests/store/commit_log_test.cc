#include "store/commit_log.h"

#include <gtest/gtest.h>

#include "common/message/big_endian.h"
#include "common/message/stored_message.h"
#include "store/store_test_util.h"

namespace apogee::store {
namespace {

using testing::TempDir;
using testing::TestMessage;

class CommitLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = testing::smallConfig(dir_.path());
    log_ = std::make_unique<CommitLog>(config_);
    ASSERT_TRUE(log_->load().ok());
    ASSERT_TRUE(log_->setEnd(0, 0, 0).ok());
  }
  TempDir dir_;
  MessageStoreConfig config_;
  std::unique_ptr<CommitLog> log_;
};

TEST_F(CommitLogTest, AppendFillsStoreFieldsAndAssignsDenseQueueOffsets) {
  TestMessage a("TopicA", 1, "first", "TagA");
  TestMessage b("TopicA", 1, "second");
  TestMessage c("TopicA", 2, "other queue");
  auto ra = log_->append(a.request());
  auto rb = log_->append(b.request());
  auto rc = log_->append(c.request());
  ASSERT_TRUE(ra.ok() && rb.ok() && rc.ok()) << ra.errorMessage;
  EXPECT_EQ(ra.wroteOffset.value(), 0);
  EXPECT_EQ(rb.wroteOffset.value(), ra.wroteBytes);
  EXPECT_EQ(ra.queueOffset.value(), 0);
  EXPECT_EQ(rb.queueOffset.value(), 1);
  EXPECT_EQ(rc.queueOffset.value(), 0);
  EXPECT_EQ(log_->maxOffset(), ra.wroteBytes + rb.wroteBytes + rc.wroteBytes);

  auto rec = log_->readRecord(rb.wroteOffset.value());
  ASSERT_TRUE(rec.ok()) << rec.status();
  auto m = message::decodeStoredMessage(rec->bytes, true);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->body, "second");
  EXPECT_EQ(m->topic, "TopicA");
  EXPECT_EQ(m->queueOffset, 1);
  EXPECT_EQ(m->physicalOffset, rb.wroteOffset.value());
  EXPECT_EQ(m->storeTimestamp, rb.storeTimestamp);
  EXPECT_EQ(m->storeHost, config_.storeHost);
  EXPECT_EQ(m->bodyCrc, message::bodyCrc32("second"));
}

TEST_F(CommitLogTest, RecordThatDoesNotFitLeavesBlankAndStartsNextSegment) {
  const int64_t seg = config_.mappedFileSizeCommitLog;
  std::string body(5000, 'x');
  int64_t last_end = 0;
  PutMessageResult r;
  // Append until a record lands in the second segment.
  while (true) {
    TestMessage m("TopicA", 0, body);
    r = log_->append(m.request());
    ASSERT_TRUE(r.ok()) << r.errorMessage;
    if (r.wroteOffset.value() >= seg) break;
    last_end = r.wroteOffset.value() + r.wroteBytes;
  }
  EXPECT_EQ(r.wroteOffset.value(), seg) << "the record starts the next segment";
  EXPECT_LE(last_end + message::kBlankRecordMinSize, seg);
  // The blank record: TOTALSIZE = bytes left, BLANK magic.
  auto blank = log_->read(last_end, 8);
  ASSERT_TRUE(blank.ok());
  EXPECT_EQ(message::getI32(blank->bytes.data()), seg - last_end);
  EXPECT_EQ(message::getI32(blank->bytes.data() + 4), message::kBlankMagicCode);
  EXPECT_TRUE(std::filesystem::exists(config_.commitLogDir() / "00000000000000098304"));
  EXPECT_TRUE(std::filesystem::exists(config_.commitLogDir() / "00000000000000000000"));
}

TEST_F(CommitLogTest, RejectsOversizedAndMalformedMessagesWithClearErrors) {
  TestMessage big("TopicA", 0, std::string(config_.maxMessageSize + 1, 'b'));
  auto r = log_->append(big.request());
  EXPECT_EQ(r.status, PutMessageStatus::kMessageIllegal);
  EXPECT_NE(r.errorMessage.find("exceeds maxMessageSize"), std::string::npos) << r.errorMessage;

  TestMessage exact("TopicA", 0, std::string(config_.maxMessageSize, 'b'));
  EXPECT_TRUE(log_->append(exact.request()).ok());

  TestMessage long_topic(std::string(128, 't'), 0, "x");
  EXPECT_EQ(log_->append(long_topic.request()).status, PutMessageStatus::kMessageIllegal);
  TestMessage bad_topic("../etc", 0, "x");
  EXPECT_EQ(log_->append(bad_topic.request()).status, PutMessageStatus::kMessageIllegal);
  TestMessage props("TopicA", 0, "x");
  props.properties.assign(40000, 'p');
  EXPECT_EQ(log_->append(props.request()).status, PutMessageStatus::kPropertiesSizeExceeded);
}

TEST_F(CommitLogTest, BatchIsContiguousWithConsecutiveQueueOffsets) {
  TestMessage first("TopicB", 3, "solo");
  ASSERT_TRUE(log_->append(first.request()).ok());
  std::vector<std::string> bodies = {"one", "two", "three"};
  PutBatchRequest batch;
  batch.topic = "TopicB";
  batch.queueId = QueueId(3);
  for (const auto& b : bodies) batch.entries.push_back(BatchEntry{0, b, "TAGS\x01T\x02"});
  auto r = log_->appendBatch(batch);
  ASSERT_TRUE(r.ok()) << r.errorMessage;
  EXPECT_EQ(r.messageCount, 3);
  EXPECT_EQ(r.queueOffset.value(), 1);
  ASSERT_EQ(r.recordOffsets.size(), 3u);
  int64_t expect_offset = r.wroteOffset.value();
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(r.recordOffsets[i].value(), expect_offset);
    auto rec = log_->readRecord(expect_offset);
    ASSERT_TRUE(rec.ok());
    auto m = message::decodeStoredMessage(rec->bytes, true);
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(m->body, bodies[i]);
    EXPECT_EQ(m->queueOffset, static_cast<int64_t>(1 + i));
    EXPECT_EQ(m->storeTimestamp, r.storeTimestamp);
    expect_offset += m->totalSize;
  }
  EXPECT_EQ(expect_offset, r.wroteOffset.value() + r.wroteBytes);
}

TEST_F(CommitLogTest, PreparedAndRollbackRecordsGetNoQueueOffset) {
  TestMessage prepared("TopicT", 0, "half");
  prepared.sysFlag = 0x4;
  auto rp = log_->append(prepared.request());
  TestMessage normal("TopicT", 0, "normal");
  auto rn = log_->append(normal.request());
  ASSERT_TRUE(rp.ok() && rn.ok());
  EXPECT_EQ(rp.queueOffset.value(), 0);
  EXPECT_EQ(rn.queueOffset.value(), 0) << "the prepared record did not consume an offset";
}

TEST_F(CommitLogTest, ReadsBeyondTheEndFail) {
  TestMessage a("TopicA", 0, "x");
  auto r = log_->append(a.request());
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(log_->read(r.wroteOffset.value(), static_cast<int32_t>(r.wroteBytes + 1)).ok());
  EXPECT_FALSE(log_->readRecord(log_->maxOffset()).ok());
}

TEST_F(CommitLogTest, FlushAdvancesDurableOffsetAndWaitDurableGroupsWaiters) {
  TestMessage a("TopicA", 0, "x");
  auto r = log_->append(a.request());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(log_->flushedOffset(), 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  ASSERT_TRUE(log_->waitDurable(r.wroteOffset.value() + r.wroteBytes, deadline).ok());
  EXPECT_EQ(log_->flushedOffset(), log_->maxOffset());
  EXPECT_EQ(log_->flushedStoreTimestamp(), r.storeTimestamp);
}

}  // namespace
}  // namespace apogee::store
