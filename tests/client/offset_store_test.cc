#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "client/consumer/local_file_offset_store.h"

namespace apogee::client {
namespace {

namespace fs = std::filesystem;

class LocalFileOffsetStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("apogee-offsets-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string read(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  fs::path dir_;
  const MessageQueue q0_{"T", "broker-a", 0};
  const MessageQueue q1_{"T", "broker-a", 1};
};

TEST_F(LocalFileOffsetStoreTest, RoundTripInRocketMQFormat) {
  LocalFileOffsetStore store(dir_, "127.0.0.1@inst", "G");
  EXPECT_EQ(store.storePath(), dir_ / "127.0.0.1@inst" / "G" / "offsets.json");
  store.updateOffset(q0_, 12, false);
  store.updateOffset(q0_, 10, true);  // increaseOnly ignores a smaller value
  store.updateOffset(q1_, 7, false);
  EXPECT_EQ(store.readOffset(q0_, ReadOffsetType::READ_FROM_MEMORY), 12);
  store.persistAll({q0_, q1_});
  const std::string text = read(store.storePath());
  EXPECT_NE(text.find("{\"offsetTable\":{"), std::string::npos) << text;
  EXPECT_NE(text.find("{\"brokerName\":\"broker-a\",\"queueId\":0,\"topic\":\"T\"}:12"),
            std::string::npos)
      << text;

  LocalFileOffsetStore reloaded(dir_, "127.0.0.1@inst", "G");
  EXPECT_EQ(reloaded.readOffset(q0_, ReadOffsetType::READ_FROM_MEMORY), -1);
  reloaded.load();
  EXPECT_EQ(reloaded.readOffset(q0_, ReadOffsetType::READ_FROM_MEMORY), 12);
  EXPECT_EQ(reloaded.readOffset(q1_, ReadOffsetType::MEMORY_FIRST_THEN_STORE), 7);
  EXPECT_EQ(reloaded.readOffset(MessageQueue("T", "broker-a", 9), ReadOffsetType::READ_FROM_STORE),
            -1);
  EXPECT_EQ(reloaded.cloneOffsetTable("T").size(), 2u);
  EXPECT_TRUE(reloaded.cloneOffsetTable("Other").empty());
}

TEST_F(LocalFileOffsetStoreTest, TornMainFileFallsBackToBackup) {
  LocalFileOffsetStore store(dir_, "c", "G");
  store.updateOffset(q0_, 5, false);
  store.persistAll({q0_});
  store.updateOffset(q0_, 6, false);
  store.persistAll({q0_});  // .bak now holds 5, the file 6
  EXPECT_TRUE(fs::exists(store.storePath().string() + ".bak"));
  EXPECT_FALSE(fs::exists(store.storePath().string() + ".tmp"));
  {
    std::ofstream torn(store.storePath(), std::ios::trunc);
    torn << "{\"offsetTable\":{{\"brokerN";  // a crash mid-write of a non-atomic writer
  }
  {
    std::ofstream stale(store.storePath().string() + ".tmp");  // leftover of a crash
    stale << "garbage";
  }
  LocalFileOffsetStore reloaded(dir_, "c", "G");
  reloaded.load();
  EXPECT_EQ(reloaded.readOffset(q0_, ReadOffsetType::READ_FROM_MEMORY), 5);
}

TEST_F(LocalFileOffsetStoreTest, ReadsJavaPrettyFileAndKeepsOtherQueues) {
  // What Java's OffsetSerializeWrapper.toJson(true) writes.
  fs::create_directories(dir_ / "c" / "G");
  {
    std::ofstream java(dir_ / "c" / "G" / "offsets.json");
    java << "{\n\t\"offsetTable\":{{\n\t\t\t\"brokerName\":\"broker-a\",\n\t\t\t\"queueId\":3,"
            "\n\t\t\t\"topic\":\"T\"\n\t\t}:42\n\t}\n}";
  }
  LocalFileOffsetStore store(dir_, "c", "G");
  store.load();
  const MessageQueue q3("T", "broker-a", 3);
  EXPECT_EQ(store.readOffset(q3, ReadOffsetType::READ_FROM_MEMORY), 42);
  store.updateOffset(q0_, 1, false);
  store.persistAll({q0_});  // q3 stays in the file
  LocalFileOffsetStore reloaded(dir_, "c", "G");
  EXPECT_EQ(reloaded.readOffset(q3, ReadOffsetType::READ_FROM_STORE), 42);
  EXPECT_EQ(reloaded.readOffset(q0_, ReadOffsetType::READ_FROM_STORE), 1);
}

}  // namespace
}  // namespace apogee::client
