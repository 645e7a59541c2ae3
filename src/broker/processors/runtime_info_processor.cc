#include "broker/processors/runtime_info_processor.h"

#include <chrono>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "broker/processors/response_util.h"
#include "broker/schedule_message_service.h"
#include "broker/topic_validator.h"
#include "remoting/body/java_compat.h"
#include "remoting/headers/admin.h"
#include "remoting/remoting_command.h"
#include "remoting/request_code.h"
#include "store/default_message_store.h"
#include "store/disk_usage.h"

namespace apogee::broker {

using remoting::RemotingCommand;
namespace rc = remoting::ResponseCode;
namespace code = remoting::RequestCode;

namespace {

std::int64_t nowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// StoreStatsService's "[ d days, h hours, m minutes, s seconds ]".
std::string formatRuntime(std::int64_t ms) {
  constexpr std::int64_t kSecond = 1000, kMinute = 60 * kSecond, kHour = 60 * kMinute,
                         kDay = 24 * kHour;
  return fmt::format("[ {} days, {} hours, {} minutes, {} seconds ]", ms / kDay, (ms % kDay) / kHour,
                     (ms % kHour) / kMinute, (ms % kMinute) / kSecond);
}

std::string javaDouble(double v) { return remoting::javaDoubleToString(v); }

// Java prints a rate window it has no history for as nothing: "1.0 0.5 ".
std::string rates(const store::StoreStats& stats, std::optional<double> store::StoreStats::Rates::*which) {
  std::string out;
  for (int window : {10, 60, 600}) {
    if (window != 10) out += ' ';
    auto r = stats.ratesOver(window).*which;
    if (r) out += javaDouble(*r);
  }
  return out;
}

std::string diskRatio(const std::filesystem::path& path) {
  auto used = store::diskUsedPercent(path);
  return used.ok() ? javaDouble(*used / 100.0) : "-1";
}

}  // namespace

std::string humanReadableByteCount(std::int64_t bytes) {
  constexpr double kUnit = 1024;
  if (bytes < 1024) return std::to_string(bytes) + " B";
  const int exp = static_cast<int>(std::log(static_cast<double>(bytes)) / std::log(kUnit));
  const char prefix = std::string_view("KMGTPE")[static_cast<std::size_t>(exp - 1)];
  return fmt::format("{:.1f} {}iB", static_cast<double>(bytes) / std::pow(kUnit, exp), prefix);
}

RuntimeInfoProcessor::RuntimeInfoProcessor(BrokerContext& broker, Sources sources)
    : broker_(broker), sources_(std::move(sources)), config_version_{0, std::nullopt, nowMillis()} {}

std::optional<RemotingCommand> RuntimeInfoProcessor::processRequest(const remoting::RequestContext&,
                                                                    RemotingCommand& request) {
  switch (request.code()) {
    case code::kGetBrokerRuntimeInfo: {
      auto response = makeSuccess();
      response.setBody(runtimeInfo().toJson());
      return response;
    }
    case code::kGetBrokerConfig: {
      remoting::GetBrokerConfigResponseHeader h;
      h.version = config_version_.toJson();
      auto response = makeSuccess(h);
      response.setBody(configText());
      return response;
    }
    default:
      return requestNotSupported(request.code());
  }
}

remoting::KVTable RuntimeInfoProcessor::runtimeInfo() const {
  std::map<std::string, std::string> t;
  const store::StoreStats& stats = broker_.store->stats();
  const auto c = stats.counters();
  const std::int64_t now = nowMillis();

  // The store's part (StoreStatsService and DefaultMessageStore in Java).
  t["bootTimestamp"] = std::to_string(stats.bootTimestamp());
  t["runtime"] = formatRuntime(now - stats.bootTimestamp());
  t["putMessageEntireTimeMax"] = std::to_string(c.putMessageEntireTimeMax);
  t["putMessageTimesTotal"] = std::to_string(c.putMessageTimesTotal);
  t["putMessageFailedTimes"] = std::to_string(c.putMessageFailedTimes);
  t["putMessageSizeTotal"] = std::to_string(c.putMessageSizeTotal);
  // Not measured: Java's histogram with every bucket empty.
  t["putMessageDistributeTime"] =
      "[<=0ms]:0 [0~10ms]:0 [10~50ms]:0 [50~100ms]:0 [100~200ms]:0 [200~500ms]:0 [500ms~1s]:0 "
      "[1~2s]:0 [2~3s]:0 [3~4s]:0 [4~5s]:0 [5~10s]:0 [10s~]:0 ";
  t["putMessageAverageSize"] = javaDouble(static_cast<double>(c.putMessageSizeTotal) /
                                          static_cast<double>(std::max<std::int64_t>(1, c.putMessageTimesTotal)));
  t["dispatchMaxBuffer"] = "0";
  t["getMessageEntireTimeMax"] = std::to_string(c.getMessageEntireTimeMax);
  t["putTps"] = rates(stats, &store::StoreStats::Rates::put);
  t["getFoundTps"] = rates(stats, &store::StoreStats::Rates::getFound);
  t["getMissTps"] = rates(stats, &store::StoreStats::Rates::getMiss);
  t["getTransferedTps"] = rates(stats, &store::StoreStats::Rates::getTransfered);
  {
    std::string total;
    for (int window : {10, 60, 600}) {
      if (window != 10) total += ' ';
      auto r = stats.ratesOver(window);
      total += javaDouble(r.getFound.value_or(0) + r.getMiss.value_or(0));
    }
    t["getTotalTps"] = total;
  }
  t["putLatency99"] = "0.00";
  t["putLatency999"] = "0.00";
  t["commitLogMinOffset"] = std::to_string(broker_.store->getMinPhyOffset().value());
  t["commitLogMaxOffset"] = std::to_string(broker_.store->getMaxPhyOffset().value());
  t["earliestMessageTimeStamp"] = std::to_string(broker_.store->getEarliestMessageTime());
  t["pageCacheLockTimeMills"] = "0";
  t["remainTransientStoreBufferNumbs"] = "2147483647";  // no transient store pool
  if (sources_.store) {
    const auto& sc = sources_.store->config();
    const std::string commit_ratio = diskRatio(sc.commitLogDir());
    t["commitLogDiskRatio"] = commit_ratio;
    t["commitLogDiskRatio_" + sc.commitLogDir().string()] = commit_ratio;
    t["consumeQueueDiskRatio"] = diskRatio(sc.consumeQueueDir());
    t["dispatchBehindBytes"] = std::to_string(sources_.store->dispatchBehindBytes());
    t["remainHowManyDataToFlush"] = humanReadableByteCount(
        std::max<std::int64_t>(0, broker_.store->getMaxPhyOffset().value() -
                                      sources_.store->getFlushedPhyOffset().value()));
  }
  std::error_code ec;
  const auto space = std::filesystem::space(broker_.config.storePathRootDir, ec);
  if (!ec) {
    t["commitLogDirCapacity"] =
        fmt::format("Total : {}, Free : {}.", humanReadableByteCount(static_cast<std::int64_t>(space.capacity)),
                    humanReadableByteCount(static_cast<std::int64_t>(space.available)));
  }
  if (sources_.schedule) {
    for (int level = 1; level <= broker_.delayLevels.maxLevel(); ++level) {
      const std::int64_t done = sources_.schedule->offsetOf(level);
      if (done <= 0) continue;
      const std::int64_t max =
          broker_.store->getMaxOffsetInQueue(kScheduleTopic, QueueId(level - 1)).value();
      t["scheduleMessageOffset_" + std::to_string(level)] =
          std::to_string(done) + "," + std::to_string(max);
    }
  }

  // The broker's part (AdminBrokerProcessor.prepareRuntimeInfo).
  t["brokerVersionDesc"] = "V4_9_8";
  t["brokerVersion"] = std::to_string(remoting::kCurrentVersion);
  // Totals since start; the daily snapshots are not kept.
  t["msgPutTotalYesterdayMorning"] = "0";
  t["msgPutTotalTodayMorning"] = "0";
  t["msgPutTotalTodayNow"] = std::to_string(c.putMessageTimesTotal);
  t["msgGetTotalYesterdayMorning"] = "0";
  t["msgGetTotalTodayMorning"] = "0";
  t["msgGetTotalTodayNow"] = std::to_string(c.getMessageTransferedMsgCount);
  const auto pool = [&](const char* name, const Pool& p) {
    t[std::string(name) + "ThreadPoolQueueSize"] = std::to_string(p.queued ? p.queued() : 0);
    t[std::string(name) + "ThreadPoolQueueCapacity"] =
        p.capacity == 0 ? "2147483647" : std::to_string(p.capacity);
    t[std::string(name) + "ThreadPoolQueueHeadWaitTimeMills"] = "0";
  };
  pool("send", sources_.send);
  pool("pull", sources_.pull);
  pool("query", sources_.query);
  t["EndTransactionQueueSize"] = "0";  // no transaction pool yet
  t["EndTransactionThreadPoolQueueCapacity"] = "0";
  t["startAcceptSendRequestTimeStamp"] = "0";

  remoting::KVTable table;
  table.table = std::move(t);
  return table;
}

std::string RuntimeInfoProcessor::configText() const {
  const BrokerConfig& c = broker_.config;
  std::string out;
  const auto put = [&out](std::string_view key, const auto& value) {
    out += fmt::format("{}={}\n", key, value);
  };
  const auto ms = [](std::chrono::milliseconds d) { return d.count(); };
  put("brokerName", c.brokerName);
  put("brokerClusterName", c.brokerClusterName);
  put("brokerId", c.brokerId);
  put("brokerIP1", c.brokerIP1);
  put("listenPort", c.listenPort);
  put("namesrvAddr", c.namesrvAddr);
  put("storePathRootDir", c.storePathRootDir.string());
  put("brokerPermission", c.brokerPermission);
  put("autoCreateTopicEnable", c.autoCreateTopicEnable);
  put("defaultTopicQueueNums", c.defaultTopicQueueNums);
  put("autoCreateSubscriptionGroup", c.autoCreateSubscriptionGroup);
  put("clusterTopicEnable", c.clusterTopicEnable);
  put("brokerTopicEnable", c.brokerTopicEnable);
  put("registerNameServerPeriod", ms(c.registerNameServerPeriod));
  put("registerBrokerTimeout", ms(c.registerBrokerTimeout));
  put("flushConsumerOffsetInterval", ms(c.flushConsumerOffsetInterval));
  put("channelExpiredTimeout", ms(c.channelExpiredTimeout));
  put("notifyConsumerIdsChangedEnable", c.notifyConsumerIdsChangedEnable);
  put("rebalanceLockMaxLiveTime", ms(c.rebalanceLockMaxLiveTime));
  put("longPollingEnable", c.longPollingEnable);
  put("shortPollingTimeMills", ms(c.shortPollingTime));
  put("maxMessageSize", c.maxMessageSize);
  put("regionId", c.regionId);
  put("traceOn", c.traceOn);
  put("messageDelayLevel", c.messageDelayLevel);
  put("sendMessageThreadPoolNums", c.sendThreads);
  put("pullMessageThreadPoolNums", c.pullThreads);
  put("adminBrokerThreadPoolNums", c.adminThreads);
  put("mappedFileSizeCommitLog", c.store.mappedFileSizeCommitLog);
  put("mappedFileSizeConsumeQueue", c.store.consumeQueueEntriesPerFile * 20);
  put("flushDiskType",
      c.store.flushDiskType == store::FlushDiskType::kSyncFlush ? "SYNC_FLUSH" : "ASYNC_FLUSH");
  put("flushIntervalCommitLog", ms(c.store.flushIntervalCommitLog));
  put("flushIntervalConsumeQueue", ms(c.store.flushIntervalConsumeQueue));
  put("syncFlushTimeout", ms(c.store.syncFlushTimeout));
  put("messageIndexEnable", c.store.messageIndexEnable);
  put("maxHashSlotNum", c.store.maxHashSlotNum);
  put("maxIndexNum", c.store.maxIndexNum);
  put("fileReservedTime", std::chrono::duration_cast<std::chrono::hours>(c.store.fileReservedTime).count());
  put("deleteWhen", c.store.deleteWhen);
  put("diskMaxUsedSpaceRatio", c.store.diskMaxUsedSpaceRatio);
  return out;
}

}  // namespace apogee::broker
