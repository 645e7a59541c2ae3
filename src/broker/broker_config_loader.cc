#include "broker/broker_config_loader.h"

#include <cctype>

namespace apogee::broker {
namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

void bindStore(PropertyBinder& b, store::MessageStoreConfig& s) {
  constexpr std::int64_t kInt32Max = std::numeric_limits<std::int32_t>::max();
  b.bind("mappedFileSizeCommitLog", s.mappedFileSizeCommitLog, 4096, kInt32Max);
  b.bind("consumeQueueEntriesPerFile", s.consumeQueueEntriesPerFile, 1, kInt32Max / 20);
  // RocketMQ sizes consume-queue files in bytes: 20 per entry.
  b.add("mappedFileSizeConsumeQueue", [&s](std::string_view value) -> Status {
    auto n = parseIntegerValue(value, 20, kInt32Max);
    if (!n.ok()) return n.status();
    if (*n % 20 != 0)
      return Status::InvalidArgument("'" + std::string(value) + "' is not a multiple of 20");
    s.consumeQueueEntriesPerFile = *n / 20;
    return Status::OK();
  });
  b.bind("maxTopicLength", s.maxTopicLength, 1, 127);
  b.add("flushDiskType", [&s](std::string_view value) -> Status {
    const std::string v = upper(value);
    if (v == "SYNC_FLUSH" || v == "SYNC") {
      s.flushDiskType = store::FlushDiskType::kSyncFlush;
    } else if (v == "ASYNC_FLUSH" || v == "ASYNC") {
      s.flushDiskType = store::FlushDiskType::kAsyncFlush;
    } else {
      return Status::InvalidArgument("'" + std::string(value) +
                                     "' is not SYNC_FLUSH or ASYNC_FLUSH");
    }
    return Status::OK();
  });
  b.bind("flushIntervalCommitLog", s.flushIntervalCommitLog);
  b.bind("syncFlushTimeout", s.syncFlushTimeout);
  b.bind("flushIntervalConsumeQueue", s.flushIntervalConsumeQueue);
  b.bind("checkCRCOnRecover", s.checkCRCOnRecover);
  b.bind("recoverSegmentsAfterCleanShutdown", s.recoverSegmentsAfterCleanShutdown, 1, 1000);
  b.bind("maxTransferBytesOnMessageInMemory", s.maxTransferBytesOnMessageInMemory, 1);
  b.bind("maxTransferCountOnMessageInMemory", s.maxTransferCountOnMessageInMemory, 1);
  b.bind("maxTransferBytesOnMessageInDisk", s.maxTransferBytesOnMessageInDisk, 1);
  b.bind("maxTransferCountOnMessageInDisk", s.maxTransferCountOnMessageInDisk, 1);
  b.bind("accessMessageInMemoryMaxRatio", s.accessMessageInMemoryMaxRatio, 0, 100);
  b.bind("messageIndexEnable", s.messageIndexEnable);
  b.bind("maxHashSlotNum", s.maxHashSlotNum, 1);
  b.bind("maxIndexNum", s.maxIndexNum, 1);
  b.bind("maxMsgsNumBatch", s.maxMsgsNumBatch, 1);
  // Hours, as in RocketMQ.
  b.add("fileReservedTime", [&s](std::string_view value) -> Status {
    auto n = parseIntegerValue(value, 0, 24 * 365 * 100);
    if (!n.ok()) return Status::InvalidArgument(n.status().message() + " (hours)");
    s.fileReservedTime = std::chrono::hours(*n);
    return Status::OK();
  });
  b.bind("deleteWhen", s.deleteWhen);
  b.bind("diskMaxUsedSpaceRatio", s.diskMaxUsedSpaceRatio, 0, 100);
  b.bind("diskSpaceCleanForciblyRatio", s.diskSpaceCleanForciblyRatio, 0, 100);
  b.bind("diskSpaceWarningLevelRatio", s.diskSpaceWarningLevelRatio, 0, 100);
  b.bind("cleanFileForciblyEnable", s.cleanFileForciblyEnable);
  b.bind("cleanResourceInterval", s.cleanResourceInterval);
  b.bind("deleteFilesBatchMax", s.deleteFilesBatchMax, 1);
  b.bind("warmMappedFileAheadBytes", s.warmMappedFileAheadBytes, 0);
  b.bind("reputIdleWait", s.reputIdleWait);
}

}  // namespace

PropertyBinder brokerConfigBinder(BrokerConfig& c) {
  PropertyBinder b;
  b.bind("brokerName", c.brokerName);
  b.bind("brokerClusterName", c.brokerClusterName);
  b.bind("brokerId", c.brokerId, 0);
  b.bind("brokerIP1", c.brokerIP1);
  b.bind("listenHost", c.listenHost);
  b.bind("listenPort", c.listenPort);
  b.bind("namesrvAddr", c.namesrvAddr);
  b.bind("storePathRootDir", c.storePathRootDir);
  b.bind("brokerPermission", c.brokerPermission, 0, 7);
  b.bind("autoCreateTopicEnable", c.autoCreateTopicEnable);
  b.bind("defaultTopicQueueNums", c.defaultTopicQueueNums, 1, 1024);
  b.bind("autoCreateSubscriptionGroup", c.autoCreateSubscriptionGroup);
  b.bind("clusterTopicEnable", c.clusterTopicEnable);
  b.bind("brokerTopicEnable", c.brokerTopicEnable);
  b.bind("registerNameServerPeriod", c.registerNameServerPeriod);
  b.bind("registerBrokerTimeout", c.registerBrokerTimeout);
  b.bind("flushConsumerOffsetInterval", c.flushConsumerOffsetInterval);
  b.bind("channelExpiredTimeout", c.channelExpiredTimeout);
  b.bind("clientScanInterval", c.clientScanInterval);
  b.bind("notifyConsumerIdsChangedEnable", c.notifyConsumerIdsChangedEnable);
  b.bind("rebalanceLockMaxLiveTime", c.rebalanceLockMaxLiveTime);
  b.bind("longPollingEnable", c.longPollingEnable);
  b.bind("shortPollingTime", c.shortPollingTime);
  b.alias("shortPollingTimeMills", "shortPollingTime");
  b.bind("holdCheckInterval", c.holdCheckInterval);
  b.bind("maxMessageSize", c.maxMessageSize, 1);
  b.bind("regionId", c.regionId);
  b.bind("traceOn", c.traceOn);
  b.bind("messageDelayLevel", c.messageDelayLevel);
  b.bind("ioThreads", c.ioThreads, 1, 256);
  b.alias("serverSelectorThreads", "ioThreads");
  b.bind("sendThreads", c.sendThreads, 1, 1024);
  b.alias("sendMessageThreadPoolNums", "sendThreads");
  b.bind("pullThreads", c.pullThreads, 1, 1024);
  b.alias("pullMessageThreadPoolNums", "pullThreads");
  b.bind("adminThreads", c.adminThreads, 1, 1024);
  b.alias("adminBrokerThreadPoolNums", "adminThreads");
  // Apogee has no replication: every broker is a standalone master, which
  // is what both master roles amount to without slaves.
  b.add("brokerRole", [](std::string_view value) -> Status {
    const std::string v = upper(value);
    if (v == "ASYNC_MASTER" || v == "SYNC_MASTER") return Status::OK();
    if (v == "SLAVE") return Status::InvalidArgument("SLAVE is not supported (no replication)");
    return Status::InvalidArgument("'" + std::string(value) +
                                   "' is not ASYNC_MASTER or SYNC_MASTER");
  });
  bindStore(b, c.store);
  return b;
}

}  // namespace apogee::broker
