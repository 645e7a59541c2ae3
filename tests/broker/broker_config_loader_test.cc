#include "broker/broker_config_loader.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace apogee::broker {
namespace {

Status applyText(const std::string& text, BrokerConfig& config) {
  auto p = parseProperties(text, "broker.conf");
  if (!p.ok()) return p.status();
  return brokerConfigBinder(config).apply(*p, "broker.conf");
}

// The broker.conf shipped with RocketMQ's distribution sets these keys.
TEST(BrokerConfigLoaderTest, AcceptsRocketMQDefaultBrokerConf) {
  BrokerConfig c;
  Status s = applyText(
      "brokerClusterName = DefaultCluster\n"
      "brokerName = broker-b\n"
      "brokerId = 0\n"
      "deleteWhen = 04\n"
      "fileReservedTime = 48\n"
      "brokerRole = ASYNC_MASTER\n"
      "flushDiskType = ASYNC_FLUSH\n",
      c);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(c.brokerName, "broker-b");
  EXPECT_EQ(c.store.fileReservedTime, std::chrono::hours(48));
  EXPECT_EQ(c.store.deleteWhen, "04");
  EXPECT_EQ(c.store.flushDiskType, store::FlushDiskType::kAsyncFlush);
}

TEST(BrokerConfigLoaderTest, MapsBrokerAndStoreKeys) {
  BrokerConfig c;
  Status s = applyText(
      "namesrvAddr=127.0.0.1:9876;127.0.0.1:9877\n"
      "listenPort=10921\n"
      "listenHost=127.0.0.1\n"
      "brokerIP1=10.0.0.5\n"
      "storePathRootDir=/var/lib/apogee\n"
      "autoCreateTopicEnable=true\n"
      "flushDiskType=SYNC_FLUSH\n"
      "messageDelayLevel=1s 2s\n"
      "sendMessageThreadPoolNums=6\n"
      "shortPollingTimeMills=700\n"
      "mappedFileSizeCommitLog=67108864\n"
      "mappedFileSizeConsumeQueue=6000\n"
      "flushIntervalCommitLog=200\n"
      "maxMessageSize=1048576\n",
      c);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(c.namesrvAddr, "127.0.0.1:9876;127.0.0.1:9877");
  EXPECT_EQ(c.listenPort, 10921);
  EXPECT_EQ(c.listenHost, "127.0.0.1");
  EXPECT_EQ(c.brokerIP1, "10.0.0.5");
  EXPECT_EQ(c.storePathRootDir, "/var/lib/apogee");
  EXPECT_TRUE(c.autoCreateTopicEnable);
  EXPECT_EQ(c.store.flushDiskType, store::FlushDiskType::kSyncFlush);
  EXPECT_EQ(c.messageDelayLevel, "1s 2s");
  EXPECT_EQ(c.sendThreads, 6u);
  EXPECT_EQ(c.shortPollingTime, std::chrono::milliseconds(700));
  EXPECT_EQ(c.store.mappedFileSizeCommitLog, 67108864);
  EXPECT_EQ(c.store.consumeQueueEntriesPerFile, 300);
  EXPECT_EQ(c.store.flushIntervalCommitLog, std::chrono::milliseconds(200));
  EXPECT_EQ(c.maxMessageSize, 1048576);
}

TEST(BrokerConfigLoaderTest, FlushTypeAcceptsShortForms) {
  BrokerConfig c;
  ASSERT_TRUE(applyText("flushDiskType=sync\n", c).ok());
  EXPECT_EQ(c.store.flushDiskType, store::FlushDiskType::kSyncFlush);
  ASSERT_TRUE(applyText("flushDiskType=async\n", c).ok());
  EXPECT_EQ(c.store.flushDiskType, store::FlushDiskType::kAsyncFlush);
}

TEST(BrokerConfigLoaderTest, BadValuesNameLineAndKey) {
  BrokerConfig c;
  EXPECT_EQ(applyText("brokerName=a\nlistenPort=70000\n", c).message(),
            "broker.conf:2: key 'listenPort': '70000' is out of range 0..65535");
  EXPECT_EQ(applyText("flushDiskType=SOMETIMES\n", c).message(),
            "broker.conf:1: key 'flushDiskType': 'SOMETIMES' is not SYNC_FLUSH or ASYNC_FLUSH");
  EXPECT_EQ(applyText("autoCreateTopicEnable=yes\n", c).message(),
            "broker.conf:1: key 'autoCreateTopicEnable': 'yes' is not true or false");
  EXPECT_EQ(applyText("mappedFileSizeConsumeQueue=6001\n", c).message(),
            "broker.conf:1: key 'mappedFileSizeConsumeQueue': '6001' is not a multiple of 20");
  EXPECT_EQ(applyText("brokerRole=SLAVE\n", c).message(),
            "broker.conf:1: key 'brokerRole': SLAVE is not supported (no replication)");
  EXPECT_EQ(applyText("\n\nstorePathCommitLog=/x\n", c).message(),
            "broker.conf:3: unknown key 'storePathCommitLog'");
}

TEST(BrokerConfigLoaderTest, EveryBrokerConfigFieldHasAKey) {
  BrokerConfig c;
  PropertyBinder b = brokerConfigBinder(c);
  for (const char* key :
       {"brokerName", "brokerClusterName", "brokerId", "brokerIP1", "listenHost", "listenPort",
        "namesrvAddr", "storePathRootDir", "brokerPermission", "autoCreateTopicEnable",
        "defaultTopicQueueNums", "autoCreateSubscriptionGroup", "clusterTopicEnable",
        "brokerTopicEnable", "registerNameServerPeriod", "registerBrokerTimeout",
        "flushConsumerOffsetInterval", "channelExpiredTimeout", "clientScanInterval",
        "notifyConsumerIdsChangedEnable", "rebalanceLockMaxLiveTime", "longPollingEnable",
        "shortPollingTime", "holdCheckInterval", "maxMessageSize", "regionId", "traceOn",
        "messageDelayLevel", "ioThreads", "sendThreads", "pullThreads", "adminThreads",
        // MessageStoreConfig
        "mappedFileSizeCommitLog", "consumeQueueEntriesPerFile", "maxTopicLength", "flushDiskType",
        "flushIntervalCommitLog", "syncFlushTimeout", "flushIntervalConsumeQueue",
        "checkCRCOnRecover", "recoverSegmentsAfterCleanShutdown",
        "maxTransferBytesOnMessageInMemory", "maxTransferCountOnMessageInMemory",
        "maxTransferBytesOnMessageInDisk", "maxTransferCountOnMessageInDisk",
        "accessMessageInMemoryMaxRatio", "messageIndexEnable", "maxHashSlotNum", "maxIndexNum",
        "maxMsgsNumBatch", "fileReservedTime", "deleteWhen", "diskMaxUsedSpaceRatio",
        "diskSpaceCleanForciblyRatio", "diskSpaceWarningLevelRatio", "cleanFileForciblyEnable",
        "cleanResourceInterval", "deleteFilesBatchMax", "warmMappedFileAheadBytes",
        "reputIdleWait"}) {
    EXPECT_TRUE(b.knows(key)) << key;
  }
}

}  // namespace
}  // namespace apogee::broker
