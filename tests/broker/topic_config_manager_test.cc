#include "broker/topic_config_manager.h"

#include <gtest/gtest.h>

#include "broker/json_file.h"
#include "broker_test_util.h"

namespace apogee::broker {
namespace {

using testing::BrokerTempDir;

class TopicConfigManagerTest : public ::testing::Test {
 protected:
  std::filesystem::path file() const { return dir_.path() / "config" / "topics.json"; }
  std::unique_ptr<TopicConfigManager> open(bool auto_create = false) {
    config_.autoCreateTopicEnable = auto_create;
    auto m = std::make_unique<TopicConfigManager>(config_, file());
    EXPECT_TRUE(m->load().ok());
    return m;
  }
  BrokerTempDir dir_;
  BrokerConfig config_;
};

TEST_F(TopicConfigManagerTest, SystemTopicsMatchJava498) {
  auto m = open(true);
  auto expect = [&](const std::string& name, int queues, int perm) {
    auto tc = m->selectTopicConfig(name);
    ASSERT_TRUE(tc.has_value()) << name;
    EXPECT_EQ(tc->readQueueNums, queues) << name;
    EXPECT_EQ(tc->writeQueueNums, queues) << name;
    EXPECT_EQ(tc->perm, perm) << name;
  };
  // The set and settings a 4.9.8 broker registers (corpus scenario i).
  expect("TBW102", 8, 7);
  expect("SCHEDULE_TOPIC_XXXX", 18, 6);
  expect("SELF_TEST_TOPIC", 1, 6);
  expect("DefaultCluster", 16, 7);
  expect("broker-a", 1, 7);
  expect("OFFSET_MOVED_EVENT", 1, 6);
  expect("BenchmarkTest", 1024, 6);
  expect("DefaultCluster_REPLY_TOPIC", 1, 6);
  EXPECT_EQ(m->snapshot().topicConfigTable.size(), 8u);
}

TEST_F(TopicConfigManagerTest, NoAutoCreateKeyTopicWhenDisabled) {
  auto m = open(false);
  EXPECT_FALSE(m->containsTopic("TBW102"));
  EXPECT_FALSE(m->createTopicInSendMessageMethod("NewTopic", "TBW102", 4, 0).has_value());
  EXPECT_FALSE(m->containsTopic("NewTopic"));
}

TEST_F(TopicConfigManagerTest, AutoCreateCopiesDefaultTopicWithoutInherit) {
  auto m = open(true);
  const auto before = m->dataVersion().counter;
  auto tc = m->createTopicInSendMessageMethod("NewTopic", "TBW102", 4, 0);
  ASSERT_TRUE(tc.has_value());
  EXPECT_EQ(tc->writeQueueNums, 4);  // min(client's 4, TBW102's 8)
  EXPECT_EQ(tc->perm, 6);
  EXPECT_GT(m->dataVersion().counter, before);
  auto big = m->createTopicInSendMessageMethod("BigTopic", "TBW102", 64, 0);
  ASSERT_TRUE(big.has_value());
  EXPECT_EQ(big->writeQueueNums, 8);
  // A default topic without the inherit bit lends nothing.
  EXPECT_FALSE(m->createTopicInSendMessageMethod("Other", "SELF_TEST_TOPIC", 4, 0).has_value());
}

TEST_F(TopicConfigManagerTest, PersistsInJavaShapeAndReloads) {
  {
    auto m = open();
    remoting::TopicConfig tc;
    tc.topicName = "Orders";
    tc.readQueueNums = 3;
    tc.writeQueueNums = 2;
    tc.perm = 4;
    tc.order = true;
    ASSERT_TRUE(m->updateTopicConfig(tc).ok());
    EXPECT_TRUE(m->deleteTopicConfig("SELF_TEST_TOPIC"));
    EXPECT_FALSE(m->deleteTopicConfig("NoSuchTopic"));
  }
  auto text = readFileIfExists(file());
  ASSERT_TRUE(text.ok() && text->has_value());
  EXPECT_EQ((*text)->rfind("{\"dataVersion\":{\"counter\":", 0), 0u) << **text;
  EXPECT_NE((*text)->find("\"topicConfigTable\":{"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(file().string() + ".tmp"));
  auto m = open();
  auto tc = m->selectTopicConfig("Orders");
  ASSERT_TRUE(tc.has_value());
  EXPECT_EQ(tc->readQueueNums, 3);
  EXPECT_EQ(tc->writeQueueNums, 2);
  EXPECT_EQ(tc->perm, 4);
  EXPECT_TRUE(tc->order);
  EXPECT_GE(m->dataVersion().counter, 2);
  // System topics come back at every start.
  EXPECT_TRUE(m->containsTopic("SELF_TEST_TOPIC"));
}

TEST_F(TopicConfigManagerTest, ChangeListenerRunsOnChanges) {
  auto m = open(true);
  int calls = 0;
  m->setChangeListener([&] { ++calls; });
  remoting::TopicConfig tc;
  tc.topicName = "T1";
  ASSERT_TRUE(m->updateTopicConfig(tc).ok());
  m->createTopicInSendMessageMethod("T2", "TBW102", 4, 0);
  m->createTopicInSendMessageBackMethod("%RETRY%g", 1, 6, 0);
  m->createTopicInSendMessageBackMethod("%RETRY%g", 1, 6, 0);  // exists: no change
  EXPECT_EQ(calls, 3);
}

TEST_F(TopicConfigManagerTest, CorruptFileFailsLoad) {
  ASSERT_TRUE(writeFileAtomically(file(), "{\"topicConfigTable\":[1,2").ok());
  TopicConfigManager m(config_, file());
  EXPECT_FALSE(m.load().ok());
}

}  // namespace
}  // namespace apogee::broker
