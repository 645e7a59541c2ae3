#include "namesrv/kv_config_manager.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace apogee::namesrv {
namespace {

namespace fs = std::filesystem;

// A fresh directory under the system temp dir, removed at the end.
class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("apogee-kv-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(KVConfigManagerTest, PutGetDeleteAndNamespaceList) {
  KVConfigManager kv;
  EXPECT_FALSE(kv.getKVConfig("ns", "k").has_value());
  EXPECT_FALSE(kv.getKVListByNamespace("ns").has_value());

  ASSERT_TRUE(kv.putKVConfig("ns", "k1", "v1").ok());
  ASSERT_TRUE(kv.putKVConfig("ns", "k2", "v2").ok());
  ASSERT_TRUE(kv.putKVConfig("ns", "k1", "v1b").ok());
  EXPECT_EQ(kv.getKVConfig("ns", "k1"), "v1b");
  EXPECT_FALSE(kv.getKVConfig("other", "k1").has_value());
  EXPECT_EQ(kv.getKVListByNamespace("ns")->table,
            (std::map<std::string, std::string>{{"k1", "v1b"}, {"k2", "v2"}}));

  ASSERT_TRUE(kv.deleteKVConfig("ns", "k1").ok());
  ASSERT_TRUE(kv.deleteKVConfig("ns", "k2").ok());
  ASSERT_TRUE(kv.deleteKVConfig("missing", "k").ok());
  EXPECT_FALSE(kv.getKVConfig("ns", "k1").has_value());
  // Java keeps the emptied namespace: its list is an empty table, not absent.
  ASSERT_TRUE(kv.getKVListByNamespace("ns").has_value());
  EXPECT_TRUE(kv.getKVListByNamespace("ns")->table.empty());
}

TEST(KVConfigManagerTest, PersistsInJavaFormatAndLoadsBack) {
  TempDir dir;
  const fs::path file = dir.path() / "kvConfig.json";
  {
    KVConfigManager kv(file.string());
    ASSERT_TRUE(kv.load().ok()) << "a missing file is an empty store";
    ASSERT_TRUE(kv.putKVConfig(std::string(kNamespaceOrderTopicConfig), "T", "broker-a:4").ok());
  }
  EXPECT_EQ(readFile(file), R"({"configTable":{"ORDER_TOPIC_CONFIG":{"T":"broker-a:4"}}})");
  EXPECT_FALSE(fs::exists(file.string() + ".tmp"));

  KVConfigManager reloaded(file.string());
  ASSERT_TRUE(reloaded.load().ok());
  EXPECT_EQ(reloaded.getKVConfig(kNamespaceOrderTopicConfig, "T"), "broker-a:4");
}

TEST(KVConfigManagerTest, LoadsAFileWrittenByJava) {
  TempDir dir;
  const fs::path file = dir.path() / "kvConfig.json";
  // fastjson output of KVConfigSerializeWrapper, pretty-printed as Java's
  // persist() writes it.
  std::ofstream(file) << "{\n\t\"configTable\":{\n\t\t\"ns\":{\n\t\t\t\"a\":\"1\",\n\t\t\t\"b\":\"2\"\n"
                         "\t\t}\n\t}\n}";
  KVConfigManager kv(file.string());
  ASSERT_TRUE(kv.load().ok());
  EXPECT_EQ(kv.getKVConfig("ns", "a"), "1");
  EXPECT_EQ(kv.getKVConfig("ns", "b"), "2");
}

TEST(KVConfigManagerTest, CorruptFileFailsLoad) {
  TempDir dir;
  const fs::path file = dir.path() / "kvConfig.json";
  std::ofstream(file) << "{\"configTable\":[";
  KVConfigManager kv(file.string());
  Status status = kv.load();
  EXPECT_EQ(status.code(), StatusCode::kCorruption) << status;
}

TEST(KVConfigManagerTest, WriteFailureIsReportedAndTheValueStaysInMemory) {
  TempDir dir;
  KVConfigManager kv((dir.path() / "no-such-dir" / "kvConfig.json").string());
  Status status = kv.putKVConfig("ns", "k", "v");
  EXPECT_EQ(status.code(), StatusCode::kIOError) << status;
  EXPECT_EQ(kv.getKVConfig("ns", "k"), "v");
}

}  // namespace
}  // namespace apogee::namesrv
