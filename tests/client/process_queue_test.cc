#include "client/consumer/process_queue.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

// ProcessQueue's bookkeeping, alone: the concurrent path (removeMessage) and
// the orderly one (takeMessages / commit / makeMessageToConsumeAgain /
// rollback), and the lock state.
namespace apogee::client {
namespace {

std::vector<MessageExt> messages(std::int64_t from, std::int64_t to) {
  std::vector<MessageExt> out;
  for (std::int64_t offset = from; offset < to; ++offset) {
    MessageExt m;
    m.setTopic("T");
    m.setQueueOffset(offset);
    m.setBody("m" + std::to_string(offset));
    out.push_back(m);
  }
  return out;
}

std::vector<std::int64_t> offsetsOf(const std::vector<MessageExt>& msgs) {
  std::vector<std::int64_t> out;
  for (const auto& m : msgs) out.push_back(m.getQueueOffset());
  return out;
}

TEST(ProcessQueueTest, RemoveMessageCommitsTheSmallestOffsetStillHeld) {
  ProcessQueue pq;
  EXPECT_EQ(pq.removeMessage(messages(0, 1)), -1);  // nothing held
  pq.putMessage(messages(10, 15));
  EXPECT_EQ(pq.msgCount(), 5);
  EXPECT_EQ(pq.msgSize(), 5 * 3);
  EXPECT_EQ(pq.maxSpan(), 4);
  EXPECT_EQ(pq.removeMessage(messages(11, 13)), 10);  // 10 is still in flight
  EXPECT_EQ(pq.removeMessage(messages(10, 11)), 13);
  EXPECT_EQ(pq.removeMessage(messages(13, 15)), 15);  // empty: one past the largest
  EXPECT_EQ(pq.msgCount(), 0);
  EXPECT_EQ(pq.msgSize(), 0);
}

TEST(ProcessQueueTest, PutMessageAsksForOneDispatchUntilTakeFindsNothing) {
  ProcessQueue pq;
  EXPECT_FALSE(pq.putMessage({}, true));  // nothing to consume
  EXPECT_TRUE(pq.putMessage(messages(0, 2), true));
  EXPECT_FALSE(pq.putMessage(messages(2, 4), true));  // a consumer is already dispatched
  EXPECT_EQ(pq.takeMessages(10).size(), 4u);
  EXPECT_EQ(pq.commit(), 4);
  EXPECT_TRUE(pq.takeMessages(10).empty());  // ends the dispatch
  EXPECT_TRUE(pq.putMessage(messages(4, 5), true));
}

TEST(ProcessQueueTest, TakeMessagesInOffsetOrderAndCommitOnePastTheLast) {
  ProcessQueue pq;
  // Put out of order: the tree sorts them.
  pq.putMessage(messages(5, 8), true);
  pq.putMessage(messages(0, 5), true);
  EXPECT_EQ(pq.commit(), -1);  // nothing taken
  auto batch = pq.takeMessages(3);
  EXPECT_EQ(offsetsOf(batch), (std::vector<std::int64_t>{0, 1, 2}));
  EXPECT_EQ(batch[1].getBody(), "m1");
  EXPECT_EQ(pq.msgCount(), 8);  // taken messages count until committed
  EXPECT_EQ(pq.commit(), 3);
  EXPECT_EQ(pq.msgCount(), 5);
  EXPECT_EQ(pq.msgSize(), 5 * 2);
  EXPECT_EQ(offsetsOf(pq.takeMessages(10)), (std::vector<std::int64_t>{3, 4, 5, 6, 7}));
  EXPECT_FALSE(pq.hasTempMessage());
  EXPECT_EQ(pq.commit(), 8);
  EXPECT_EQ(pq.msgCount(), 0);
  EXPECT_EQ(pq.msgSize(), 0);
}

TEST(ProcessQueueTest, MakeMessageToConsumeAgainPutsTheBatchFirstWithItsNewFields) {
  ProcessQueue pq;
  pq.putMessage(messages(0, 6), true);
  auto batch = pq.takeMessages(2);
  for (auto& m : batch) m.setReconsumeTimes(m.getReconsumeTimes() + 1);
  pq.makeMessageToConsumeAgain(batch);
  EXPECT_TRUE(pq.hasTempMessage());
  EXPECT_EQ(pq.commit(), -1);  // nothing taken any more
  auto again = pq.takeMessages(3);
  EXPECT_EQ(offsetsOf(again), (std::vector<std::int64_t>{0, 1, 2}));
  EXPECT_EQ(again[0].getReconsumeTimes(), 1);
  EXPECT_EQ(again[1].getReconsumeTimes(), 1);
  EXPECT_EQ(again[2].getReconsumeTimes(), 0);
  // Only the messages named go back: offset 2 stays taken.
  pq.makeMessageToConsumeAgain({again[0], again[1]});
  EXPECT_EQ(pq.commit(), 3);
  EXPECT_EQ(offsetsOf(pq.takeMessages(2)), (std::vector<std::int64_t>{0, 1}));
}

TEST(ProcessQueueTest, RollbackReturnsEveryTakenMessage) {
  ProcessQueue pq;
  pq.putMessage(messages(0, 4), true);
  (void)pq.takeMessages(2);
  (void)pq.takeMessages(1);
  pq.rollback();
  EXPECT_EQ(pq.commit(), -1);
  EXPECT_EQ(pq.msgCount(), 4);
  EXPECT_EQ(offsetsOf(pq.takeMessages(4)), (std::vector<std::int64_t>{0, 1, 2, 3}));
}

TEST(ProcessQueueTest, ClearForgetsTakenMessagesToo) {
  ProcessQueue pq;
  pq.putMessage(messages(0, 4), true);
  (void)pq.takeMessages(2);
  pq.clear();
  EXPECT_EQ(pq.commit(), -1);
  EXPECT_EQ(pq.msgCount(), 0);
  EXPECT_FALSE(pq.hasTempMessage());
}

TEST(ProcessQueueTest, LockState) {
  ProcessQueue pq;
  EXPECT_FALSE(pq.isLocked());
  EXPECT_FALSE(pq.isLockExpired());  // the 30 s start at creation
  pq.setLocked(true);
  pq.touchLock();
  EXPECT_TRUE(pq.isLocked());
  EXPECT_LE(pq.lastLockTimestamp(), ProcessQueue::Clock::now());
  EXPECT_FALSE(pq.isLockExpired());
  EXPECT_EQ(pq.tryUnlockTimes(), 0);
  pq.incTryUnlockTimes();
  EXPECT_EQ(pq.tryUnlockTimes(), 1);
}

}  // namespace
}  // namespace apogee::client
