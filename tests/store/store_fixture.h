#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "common/message/stored_message.h"
#include "store/default_message_store.h"
#include "store/store_test_util.h"

namespace apogee::store::testing {

// A started DefaultMessageStore on a temporary directory with small files.
class StoreFixture : public ::testing::Test {
 protected:
  void SetUp() override { config_ = smallConfig(dir_.path()); }
  void TearDown() override {
    if (store_) store_->shutdown();
  }

  // (Re)opens the store on `dir` (default: this fixture's directory).
  void open(const std::filesystem::path& dir = {}) {
    if (store_) store_->shutdown();
    store_.reset();
    MessageStoreConfig c = config_;
    if (!dir.empty()) c.storePathRootDir = dir;
    store_ = std::make_unique<DefaultMessageStore>(c);
    for (auto& l : listeners_) store_->addArrivalListener(l);
    Status s = store_->start();
    ASSERT_TRUE(s.ok()) << s;
  }

  PutMessageResult put(const TestMessage& m) {
    auto r = store_->putMessage(m.request());
    EXPECT_TRUE(r.ok()) << putMessageStatusName(r.status) << ": " << r.errorMessage;
    return r;
  }

  void waitDispatched() { ASSERT_TRUE(store_->waitDispatched(std::chrono::seconds(10))); }

  GetMessageResult get(std::string_view topic, int32_t queue, int64_t offset, int32_t max = 32,
                       const MessageFilter* filter = nullptr) {
    auto r = store_->getMessage("group", topic, QueueId(queue), QueueOffset(offset), max, filter);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? std::move(*r) : GetMessageResult{};
  }

  static message::StoredMessage decode(const MessageBytes& b) {
    auto m = message::decodeStoredMessage(b.bytes, true);
    EXPECT_TRUE(m.ok()) << m.status();
    return m.ok() ? *m : message::StoredMessage{};
  }

  TempDir dir_;
  MessageStoreConfig config_;
  std::vector<ArrivalListener> listeners_;
  std::unique_ptr<DefaultMessageStore> store_;
};

}  // namespace apogee::store::testing
