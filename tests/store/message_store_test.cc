#include <gtest/gtest.h>

#include <mutex>

#include "common/message/tag_hash.h"
#include "store/mapped_file.h"
#include "store/store_fixture.h"

namespace apogee::store {
namespace {

using testing::TestMessage;

class MessageStoreTest : public testing::StoreFixture {};

TEST_F(MessageStoreTest, GetReturnsTheStoredRecordsAsViewsIntoTheMappedSegments) {
  open();
  std::vector<PutMessageResult> puts;
  for (int i = 0; i < 5; ++i) puts.push_back(put(TestMessage("TopicA", 0, "body-" + std::to_string(i))));
  waitDispatched();
  auto r = get("TopicA", 0, 0);
  EXPECT_EQ(r.status, GetMessageStatus::kFound);
  ASSERT_EQ(r.messages.size(), 5u);
  EXPECT_EQ(r.nextBeginOffset.value(), 5);
  EXPECT_EQ(r.minOffset.value(), 0);
  EXPECT_EQ(r.maxOffset.value(), 5);
  for (int i = 0; i < 5; ++i) {
    const MessageBytes& b = r.messages[i];
    EXPECT_EQ(b.offset, puts[i].wroteOffset);
    EXPECT_EQ(static_cast<int64_t>(b.bytes.size()), puts[i].wroteBytes);
    // No copy: the bytes are inside the segment's mapping.
    EXPECT_GE(b.bytes.data(), b.segment->data());
    EXPECT_LE(b.bytes.data() + b.bytes.size(), b.segment->data() + b.segment->size());
    auto m = decode(b);
    EXPECT_EQ(m.body, "body-" + std::to_string(i));
    EXPECT_EQ(m.queueOffset, i);
    EXPECT_EQ(r.messageQueueOffsets[i].value(), i);
  }
}

TEST_F(MessageStoreTest, OffsetStatusesFollowRocketMQ) {
  open();
  auto none = get("Nope", 0, 5);
  EXPECT_EQ(none.status, GetMessageStatus::kNoMessageInQueue);
  EXPECT_EQ(none.nextBeginOffset.value(), 0);
  for (int i = 0; i < 3; ++i) put(TestMessage("TopicA", 1, "x"));
  waitDispatched();
  auto caught_up = get("TopicA", 1, 3);
  EXPECT_EQ(caught_up.status, GetMessageStatus::kOffsetOverflowOne);
  EXPECT_EQ(caught_up.nextBeginOffset.value(), 3);
  auto beyond = get("TopicA", 1, 9);
  EXPECT_EQ(beyond.status, GetMessageStatus::kOffsetOverflowBadly);
  // Past the end of a queue that starts at 0: back to 0, as RocketMQ.
  EXPECT_EQ(beyond.nextBeginOffset.value(), 0);
  EXPECT_EQ(beyond.maxOffset.value(), 3);
  EXPECT_EQ(store_->getMinOffsetInQueue("TopicA", QueueId(1)).value(), 0);
  EXPECT_EQ(store_->getMaxOffsetInQueue("TopicA", QueueId(1)).value(), 3);
  EXPECT_EQ(store_->getMaxOffsetInQueue("TopicA", QueueId(2)).value(), 0);
}

TEST_F(MessageStoreTest, CountAndByteCapsLimitABatchButAlwaysReturnOneMessage) {
  config_.maxTransferBytesOnMessageInMemory = 3000;
  open();
  for (int i = 0; i < 40; ++i) put(TestMessage("TopicA", 0, std::string(1000, 'a')));
  waitDispatched();
  auto ten = get("TopicA", 0, 0, 10);
  // 1000-byte bodies make ~1100-byte records: two fit in 3000 bytes.
  EXPECT_EQ(ten.messages.size(), 2u);
  EXPECT_EQ(ten.nextBeginOffset.value(), 2);
  EXPECT_LE(ten.bufferTotalSize, 3000);
  auto one = get("TopicA", 0, 5, 1);
  EXPECT_EQ(one.messages.size(), 1u);
  EXPECT_EQ(one.nextBeginOffset.value(), 6);

  put(TestMessage("TopicB", 0, std::string(5000, 'b')));  // larger than the byte cap
  put(TestMessage("TopicB", 0, "s"));
  waitDispatched();
  auto big = get("TopicB", 0, 0, 32);
  ASSERT_EQ(big.messages.size(), 1u) << "the first message is returned even over the cap";
  EXPECT_EQ(decode(big.messages[0]).body.size(), 5000u);
  EXPECT_EQ(big.nextBeginOffset.value(), 1);
}

TEST_F(MessageStoreTest, CountCapIsMaxTransferCountOnMessageInMemory) {
  open();
  for (int i = 0; i < 40; ++i) put(TestMessage("TopicB", 0, "s"));
  waitDispatched();
  auto many = get("TopicB", 0, 1, 1000);
  EXPECT_EQ(many.messages.size(), 32u);
  EXPECT_EQ(many.nextBeginOffset.value(), 33);
}

TEST_F(MessageStoreTest, TagFilterSkipsOtherTagsAndAdvancesPastThem) {
  open();
  for (int i = 0; i < 10; ++i) put(TestMessage("TopicA", 0, std::to_string(i), i % 2 ? "TagB" : "TagA"));
  for (int i = 0; i < 5; ++i) put(TestMessage("TopicA", 0, "b", "TagB"));
  waitDispatched();
  TagFilter tag_a = TagFilter::fromExpression("TagA");
  auto r = get("TopicA", 0, 0, 32, &tag_a);
  EXPECT_EQ(r.status, GetMessageStatus::kFound);
  ASSERT_EQ(r.messages.size(), 5u);
  for (std::size_t i = 0; i < r.messages.size(); ++i) {
    EXPECT_EQ(decode(r.messages[i]).body, std::to_string(i * 2));
    EXPECT_EQ(r.messageQueueOffsets[i].value(), static_cast<int64_t>(i * 2));
  }
  EXPECT_EQ(r.nextBeginOffset.value(), 15) << "filtered units are consumed too";
  auto none = get("TopicA", 0, 10, 32, &tag_a);
  EXPECT_EQ(none.status, GetMessageStatus::kNoMatchedMessage);
  EXPECT_EQ(none.nextBeginOffset.value(), 15);
  TagFilter both = TagFilter::fromExpression(" TagA || TagB ");
  EXPECT_EQ(get("TopicA", 0, 0, 32, &both).messages.size(), 15u);
  TagFilter all = TagFilter::fromExpression("*");
  EXPECT_EQ(get("TopicA", 0, 0, 32, &all).messages.size(), 15u);
}

TEST_F(MessageStoreTest, LookupsByCommitLogOffsetAndQueueOffset) {
  open();
  put(TestMessage("TopicA", 0, "zero"));
  auto r = put(TestMessage("TopicA", 0, "one"));
  waitDispatched();
  auto rec = store_->lookMessageByOffset(r.wroteOffset);
  ASSERT_TRUE(rec.ok()) << rec.status();
  EXPECT_EQ(decode(*rec).body, "one");
  EXPECT_FALSE(store_->lookMessageByOffset(CommitLogOffset(r.wroteOffset.value() + 1)).ok());
  EXPECT_FALSE(store_->lookMessageByOffset(store_->getMaxPhyOffset()).ok());
  auto phy = store_->getCommitLogOffsetInQueue("TopicA", QueueId(0), QueueOffset(1));
  ASSERT_TRUE(phy.ok());
  EXPECT_EQ(*phy, r.wroteOffset);
  EXPECT_FALSE(store_->getCommitLogOffsetInQueue("TopicA", QueueId(0), QueueOffset(2)).ok());
}

TEST_F(MessageStoreTest, ArrivalListenerHearsOfEveryMessageInQueueOrder) {
  std::mutex mu;
  std::vector<ArrivalNotice> seen;
  std::vector<std::string> topics;
  listeners_.push_back([&](const ArrivalNotice& n) {
    std::lock_guard lock(mu);
    seen.push_back(n);
    topics.emplace_back(n.topic);
  });
  open();
  for (int i = 0; i < 20; ++i) put(TestMessage("TopicL", i % 2, "x", "TagA"));
  ASSERT_TRUE(testing::waitFor([&] {
    std::lock_guard lock(mu);
    return seen.size() == 20;
  }));
  std::lock_guard lock(mu);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(topics[i], "TopicL");
    EXPECT_EQ(seen[i].queueId.value(), i % 2);
    EXPECT_EQ(seen[i].queueOffset.value(), i / 2);
    EXPECT_EQ(seen[i].maxOffset.value(), i / 2 + 1);
    EXPECT_EQ(seen[i].tagsCode, message::tagsCode("TagA"));
  }
}

TEST_F(MessageStoreTest, ViewsStayValidAfterTheStoreIsGone) {
  open();
  put(TestMessage("TopicA", 0, "kept alive"));
  waitDispatched();
  auto r = get("TopicA", 0, 0);
  ASSERT_EQ(r.messages.size(), 1u);
  store_->shutdown();
  store_.reset();
  EXPECT_EQ(decode(r.messages[0]).body, "kept alive");
}

TEST_F(MessageStoreTest, MessagesAcrossSegmentEndsAreAllReadable) {
  open();
  const int n = 100;  // ~5 KiB each: several 96 KiB segments
  for (int i = 0; i < n; ++i) put(TestMessage("TopicA", 0, std::string(5000, static_cast<char>('a' + i % 26))));
  waitDispatched();
  EXPECT_GT(store_->getMaxPhyOffset().value(), 4 * config_.mappedFileSizeCommitLog);
  int64_t offset = 0;
  int count = 0;
  while (offset < n) {
    auto r = get("TopicA", 0, offset, 32);
    ASSERT_EQ(r.status, GetMessageStatus::kFound);
    for (const auto& b : r.messages) {
      auto m = decode(b);
      EXPECT_EQ(m.queueOffset, count);
      EXPECT_EQ(m.body[0], static_cast<char>('a' + count % 26));
      ++count;
    }
    offset = r.nextBeginOffset.value();
  }
  EXPECT_EQ(count, n);
}

TEST_F(MessageStoreTest, BatchPutIsReadBackInOrder) {
  open();
  std::vector<std::string> bodies = {"b0", "b1", "b2", "b3"};
  PutBatchRequest batch;
  batch.topic = "TopicBatch";
  batch.queueId = QueueId(0);
  for (const auto& b : bodies) batch.entries.push_back(BatchEntry{0, b, ""});
  auto r = store_->putMessages(batch);
  ASSERT_TRUE(r.ok()) << r.errorMessage;
  waitDispatched();
  auto g = get("TopicBatch", 0, 0);
  ASSERT_EQ(g.messages.size(), 4u);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(decode(g.messages[i]).body, bodies[i]);
}

TEST_F(MessageStoreTest, SyncFlushReturnsOnlyOnceTheRecordIsDurable) {
  config_.flushDiskType = FlushDiskType::kSyncFlush;
  config_.flushIntervalCommitLog = std::chrono::hours(1);  // no background flush to help
  open();
  for (int i = 0; i < 10; ++i) {
    auto r = put(TestMessage("TopicA", 0, "durable"));
    EXPECT_GE(store_->getFlushedPhyOffset().value(), r.wroteOffset.value() + r.wroteBytes);
  }
}

TEST_F(MessageStoreTest, AsyncFlushMakesRecordsDurableWithinTheInterval) {
  open();
  auto r = put(TestMessage("TopicA", 0, "later"));
  const int64_t end = r.wroteOffset.value() + r.wroteBytes;
  EXPECT_TRUE(testing::waitFor([&] { return store_->getFlushedPhyOffset().value() >= end; }));
}

TEST_F(MessageStoreTest, OffsetByTimeUsesStoreTimestamps) {
  open();
  std::vector<int64_t> times;
  for (int group = 0; group < 3; ++group) {
    if (!times.empty()) {
      const int64_t last = times.back();
      // Let the clock move on so each group has its own store time.
      ASSERT_TRUE(testing::waitFor([&] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch()).count() > last + 5;
      }));
    }
    // One batch per group: its messages share one store time however busy
    // the machine is.
    PutBatchRequest batch;
    batch.topic = "TopicT";
    batch.queueId = QueueId(0);
    for (int i = 0; i < 3; ++i) batch.entries.push_back(BatchEntry{0, "x", ""});
    auto r = store_->putMessages(batch);
    ASSERT_TRUE(r.ok()) << r.errorMessage;
    times.insert(times.end(), 3, r.storeTimestamp);
  }
  waitDispatched();
  // Offsets 0..2 share one time, 3..5 another, 6..8 a third.
  const QueueId q(0);
  EXPECT_EQ(store_->getOffsetInQueueByTime("TopicT", q, times[3], BoundaryType::kLower).value(), 3);
  EXPECT_EQ(store_->getOffsetInQueueByTime("TopicT", q, times[3], BoundaryType::kUpper).value(), 5);
  EXPECT_EQ(store_->getOffsetInQueueByTime("TopicT", q, times[3], BoundaryType::kNearest).value(), 3);
  EXPECT_EQ(store_->getOffsetInQueueByTime("TopicT", q, times[3] + 1, BoundaryType::kLower).value(), 6);
  EXPECT_EQ(store_->getOffsetInQueueByTime("TopicT", q, times[3] + 1, BoundaryType::kNearest).value(), 5)
      << "closer to the earlier group";
  EXPECT_EQ(store_->getOffsetInQueueByTime("TopicT", q, times[6] - 1, BoundaryType::kNearest).value(), 6);
  EXPECT_EQ(store_->getOffsetInQueueByTime("TopicT", q, 0, BoundaryType::kNearest).value(), 0);
  EXPECT_EQ(store_->getOffsetInQueueByTime("TopicT", q, times[8] + 100000, BoundaryType::kNearest).value(), 8);
  EXPECT_EQ(store_->getOffsetInQueueByTime("TopicT", q, times[8] + 100000, BoundaryType::kLower).value(), 9);
  EXPECT_EQ(store_->getEarliestMessageTime("TopicT", q), times[0]);
  EXPECT_EQ(store_->getEarliestMessageTime(), times[0]);
  EXPECT_EQ(store_->getMessageStoreTimeStamp("TopicT", q, QueueOffset(7)), times[7]);
}

TEST_F(MessageStoreTest, ScheduleTopicTagsCodeIsTheDeliveryTime) {
  open();
  TestMessage m("SCHEDULE_TOPIC_XXXX", 2, "delayed");
  message::appendProperty(m.properties, "DELAY", "3");
  auto r = put(m);
  waitDispatched();
  std::optional<int64_t> seen;
  struct Capture final : MessageFilter {
    std::optional<int64_t>* out;
    bool isMatchedByConsumeQueue(std::optional<int64_t> code) const override {
      *out = code;
      return true;
    }
  } capture;
  capture.out = &seen;
  get("SCHEDULE_TOPIC_XXXX", 2, 0, 32, &capture);
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(*seen, r.storeTimestamp + 10000) << "level 3 is 10s";
}

TEST_F(MessageStoreTest, ASecondStoreOnTheSameDirectoryIsRefused) {
  open();
  DefaultMessageStore other(config_);
  Status s = other.start();
  EXPECT_EQ(s.code(), StatusCode::kUnavailable) << s;
}

TEST_F(MessageStoreTest, DeletedTopicLosesItsQueuesAndStartsAgainAtZero) {
  open();
  for (int i = 0; i < 5; ++i) put(TestMessage("Gone", i % 2, "x"));
  put(TestMessage("Kept", 0, "y"));
  ASSERT_TRUE(store_->deleteTopic("Gone").ok());
  EXPECT_FALSE(std::filesystem::exists(config_.storePathRootDir / "consumequeue" / "Gone"));
  EXPECT_EQ(store_->getMaxOffsetInQueue("Gone", QueueId(0)).value(), 0);
  EXPECT_EQ(get("Gone", 0, 0).status, GetMessageStatus::kNoMessageInQueue);
  // Other topics are untouched; the deleted one starts again at offset 0.
  EXPECT_EQ(store_->getMaxOffsetInQueue("Kept", QueueId(0)).value(), 1);
  EXPECT_EQ(put(TestMessage("Gone", 0, "again")).queueOffset.value(), 0);
  waitDispatched();
  auto again = get("Gone", 0, 0);
  ASSERT_EQ(again.messages.size(), 1u);
  EXPECT_EQ(decode(again.messages[0]).body, "again");
  // Recovery does not bring the old queue back.
  open();
  EXPECT_EQ(store_->getMaxOffsetInQueue("Gone", QueueId(0)).value(), 1);
  EXPECT_EQ(store_->getMaxOffsetInQueue("Gone", QueueId(1)).value(), 0);
}

TEST_F(MessageStoreTest, PutAndGetAfterShutdownFail) {
  open();
  store_->shutdown();
  auto r = store_->putMessage(TestMessage("TopicA", 0, "x").request());
  EXPECT_EQ(r.status, PutMessageStatus::kServiceNotAvailable);
  EXPECT_FALSE(store_->getMessage("g", "TopicA", QueueId(0), QueueOffset(0), 1, nullptr).ok());
}

}  // namespace
}  // namespace apogee::store
