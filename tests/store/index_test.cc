#include "store/index_file.h"

#include <gtest/gtest.h>

#include <set>

#include "common/message/message_id.h"
#include "common/message/tag_hash.h"
#include "store/index_service.h"
#include "store/store_fixture.h"

namespace apogee::store {
namespace {

using testing::TempDir;
using testing::TestMessage;

TEST(IndexFileTest, SizeAndKeyHashFollowRocketMQ) {
  EXPECT_EQ(IndexFile::fileSize(5000000, 20000000), 420000040);
  EXPECT_EQ(IndexFile::keyHash("TopicTest#TagA"), std::abs(message::javaStringHashCode("TopicTest#TagA")));
  EXPECT_EQ(IndexFile::keyHash("polygenelubricants"), 0) << "abs(MIN_VALUE) overflows to 0";
}

TEST(IndexFileTest, ChainsEntriesPerBucketNewestFirstAndFiltersByTime) {
  TempDir dir;
  auto f = IndexFile::open(dir.path() / "idx", 7, 50, true, 0, 0);
  ASSERT_TRUE(f.ok()) << f.status();
  IndexFile& file = **f;
  EXPECT_EQ(file.indexCount(), 1);
  const int64_t t0 = 1700000000000;
  ASSERT_TRUE(file.putKey("T#a", 100, t0));
  ASSERT_TRUE(file.putKey("T#b", 200, t0 + 1000));
  ASSERT_TRUE(file.putKey("T#a", 300, t0 + 5000));
  EXPECT_EQ(file.indexCount(), 4);
  EXPECT_EQ(file.beginTimestamp(), t0);
  EXPECT_EQ(file.endTimestamp(), t0 + 5000);
  EXPECT_EQ(file.beginPhyOffset(), 100);
  EXPECT_EQ(file.endPhyOffset(), 300);
  std::vector<int64_t> out;
  file.selectPhyOffsets(out, "T#a", 10, 0, INT64_MAX);
  EXPECT_EQ(out, (std::vector<int64_t>{300, 100}));
  out.clear();
  file.selectPhyOffsets(out, "T#a", 1, 0, INT64_MAX);
  EXPECT_EQ(out, (std::vector<int64_t>{300}));
  out.clear();
  file.selectPhyOffsets(out, "T#a", 10, t0 + 2000, INT64_MAX);
  EXPECT_EQ(out, (std::vector<int64_t>{300}));
  out.clear();
  file.selectPhyOffsets(out, "T#zzz", 10, 0, INT64_MAX);
  EXPECT_TRUE(out.empty());
}

TEST(IndexFileTest, ARecordIndexedTwiceIsAnsweredOnce) {
  TempDir dir;
  auto f = IndexFile::open(dir.path() / "idx", 7, 50, true, 0, 0);
  ASSERT_TRUE(f.ok()) << f.status();
  const int64_t t0 = 1700000000000;
  ASSERT_TRUE((*f)->putKey("T#a", 100, t0));
  ASSERT_TRUE((*f)->putKey("T#a", 100, t0));  // re-dispatched after a crash
  ASSERT_TRUE((*f)->putKey("T#a", 300, t0 + 1000));
  std::vector<int64_t> out;
  (*f)->selectPhyOffsets(out, "T#a", 10, 0, INT64_MAX);
  EXPECT_EQ(out, (std::vector<int64_t>{300, 100}));
}

TEST(IndexFileTest, FullFileRefusesMoreKeys) {
  TempDir dir;
  auto f = IndexFile::open(dir.path() / "idx", 3, 4, true, 0, 0);
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE((*f)->putKey("k1", 1, 1));
  EXPECT_TRUE((*f)->putKey("k2", 2, 2));
  EXPECT_TRUE((*f)->putKey("k3", 3, 3));
  EXPECT_TRUE((*f)->isWriteFull());
  EXPECT_FALSE((*f)->putKey("k4", 4, 4));
}

class IndexStoreTest : public testing::StoreFixture {};

TEST_F(IndexStoreTest, QueryByUniqKeyAndKeysAcrossSeveralIndexFiles) {
  open();
  std::vector<PutMessageResult> puts;
  // 3 keys per message and 400 entries per file: several files.
  for (int i = 0; i < 300; ++i) {
    puts.push_back(put(TestMessage("TopicI", i % 2, "b" + std::to_string(i), "",
                                   "order-" + std::to_string(i) + " user-" + std::to_string(i % 7),
                                   "UNIQ" + std::to_string(i))));
  }
  waitDispatched();
  EXPECT_GE(std::distance(std::filesystem::directory_iterator(config_.indexDir()),
                          std::filesystem::directory_iterator()),
            2);
  auto by_uniq = store_->queryMessage("TopicI", "UNIQ123", 32, 0, INT64_MAX);
  ASSERT_TRUE(by_uniq.ok()) << by_uniq.status();
  ASSERT_EQ(by_uniq->messages.size(), 1u);
  EXPECT_EQ(by_uniq->messages[0].offset, puts[123].wroteOffset);
  auto by_key = store_->queryMessage("TopicI", "order-7", 32, 0, INT64_MAX);
  ASSERT_TRUE(by_key.ok());
  ASSERT_EQ(by_key->messages.size(), 1u);
  EXPECT_EQ(by_key->messages[0].offset, puts[7].wroteOffset);
  auto shared = store_->queryMessage("TopicI", "user-3", 100, 0, INT64_MAX);
  ASSERT_TRUE(shared.ok());
  std::set<int64_t> got;
  for (const auto& m : shared->messages) got.insert(m.offset.value());
  std::set<int64_t> want;
  for (int i = 3; i < 300; i += 7) want.insert(puts[i].wroteOffset.value());
  // Capped by maxMsgsNumBatch (64): the newest first.
  ASSERT_EQ(got.size(), std::min<std::size_t>(want.size(), 64));
  for (int64_t o : got) EXPECT_TRUE(want.contains(o));
  EXPECT_TRUE(store_->queryMessage("OtherTopic", "UNIQ123", 32, 0, INT64_MAX)->messages.empty());
  EXPECT_TRUE(store_->queryMessage("TopicI", "nope", 32, 0, INT64_MAX)->messages.empty());
  EXPECT_EQ(by_uniq->indexLastUpdatePhyoffset, puts.back().wroteOffset.value());
}

TEST_F(IndexStoreTest, LookupByOffsetMsgId) {
  open();
  auto r = put(TestMessage("TopicI", 0, "by id"));
  const std::string id = message::encodeOffsetMsgId(config_.storeHost, r.wroteOffset.value());
  auto decoded = message::decodeOffsetMsgId(id);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->storeHost, config_.storeHost);
  auto rec = store_->lookMessageByOffset(CommitLogOffset(decoded->commitLogOffset));
  ASSERT_TRUE(rec.ok());
  EXPECT_EQ(decode(*rec).body, "by id");
}

TEST_F(IndexStoreTest, IndexIsRebuiltPastTheSafePointAfterACrash) {
  open();
  for (int i = 0; i < 40; ++i) put(TestMessage("TopicI", 0, "x", "", "", "U" + std::to_string(i)));
  waitDispatched();
  const auto crashed = std::filesystem::path(dir_.path().string() + "-crash");
  std::filesystem::copy(dir_.path(), crashed, std::filesystem::copy_options::recursive);
  // Lose the index entirely: recovery must rebuild it from the commit log.
  std::filesystem::remove_all(crashed / "index");
  open(crashed);
  EXPECT_TRUE(store_->recoveredFromCrash());
  for (int i = 0; i < 40; ++i) {
    auto q = store_->queryMessage("TopicI", "U" + std::to_string(i), 4, 0, INT64_MAX);
    ASSERT_TRUE(q.ok());
    EXPECT_EQ(q->messages.size(), 1u) << "U" << i;
  }
  store_->shutdown();
  std::filesystem::remove_all(crashed);
}

TEST_F(IndexStoreTest, RestartDoesNotIndexTwice) {
  open();
  for (int i = 0; i < 10; ++i) put(TestMessage("TopicI", 0, "x", "", "", "U" + std::to_string(i)));
  waitDispatched();
  const auto crashed = std::filesystem::path(dir_.path().string() + "-crash2");
  std::filesystem::copy(dir_.path(), crashed, std::filesystem::copy_options::recursive);
  open(crashed);  // crash recovery re-dispatches from the safe point
  auto q = store_->queryMessage("TopicI", "U5", 10, 0, INT64_MAX);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->messages.size(), 1u);
  store_->shutdown();
  std::filesystem::remove_all(crashed);
}

}  // namespace
}  // namespace apogee::store
