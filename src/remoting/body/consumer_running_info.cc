#include "remoting/body/consumer_running_info.h"

#include "remoting/body/json_reader.h"

namespace apogee::remoting {

void ProcessQueueInfo::writeJson(JsonWriter& w) const {
  w.beginObject()
      .field("cachedMsgCount", cachedMsgCount)
      .field("cachedMsgMaxOffset", cachedMsgMaxOffset)
      .field("cachedMsgMinOffset", cachedMsgMinOffset)
      .field("cachedMsgSizeInMiB", cachedMsgSizeInMiB)
      .field("commitOffset", commitOffset)
      .field("droped", droped)
      .field("lastConsumeTimestamp", lastConsumeTimestamp)
      .field("lastLockTimestamp", lastLockTimestamp)
      .field("lastPullTimestamp", lastPullTimestamp)
      .field("locked", locked)
      .field("transactionMsgCount", transactionMsgCount)
      .field("transactionMsgMaxOffset", transactionMsgMaxOffset)
      .field("transactionMsgMinOffset", transactionMsgMinOffset)
      .field("tryUnlockTimes", tryUnlockTimes)
      .endObject();
}

Status ProcessQueueInfo::readJson(const JsonNode& n, ProcessQueueInfo& out) {
  APOGEE_RETURN_IF_ERROR(n.field("cachedMsgCount", out.cachedMsgCount));
  APOGEE_RETURN_IF_ERROR(n.field("cachedMsgMaxOffset", out.cachedMsgMaxOffset));
  APOGEE_RETURN_IF_ERROR(n.field("cachedMsgMinOffset", out.cachedMsgMinOffset));
  APOGEE_RETURN_IF_ERROR(n.field("cachedMsgSizeInMiB", out.cachedMsgSizeInMiB));
  APOGEE_RETURN_IF_ERROR(n.field("commitOffset", out.commitOffset));
  APOGEE_RETURN_IF_ERROR(n.field("droped", out.droped));
  APOGEE_RETURN_IF_ERROR(n.field("lastConsumeTimestamp", out.lastConsumeTimestamp));
  APOGEE_RETURN_IF_ERROR(n.field("lastLockTimestamp", out.lastLockTimestamp));
  APOGEE_RETURN_IF_ERROR(n.field("lastPullTimestamp", out.lastPullTimestamp));
  APOGEE_RETURN_IF_ERROR(n.field("locked", out.locked));
  APOGEE_RETURN_IF_ERROR(n.field("transactionMsgCount", out.transactionMsgCount));
  APOGEE_RETURN_IF_ERROR(n.field("transactionMsgMaxOffset", out.transactionMsgMaxOffset));
  APOGEE_RETURN_IF_ERROR(n.field("transactionMsgMinOffset", out.transactionMsgMinOffset));
  return n.field("tryUnlockTimes", out.tryUnlockTimes);
}

void ConsumeStatus::writeJson(JsonWriter& w) const {
  w.beginObject()
      .field("consumeFailedMsgs", consumeFailedMsgs)
      .field("consumeFailedTPS", consumeFailedTPS)
      .field("consumeOKTPS", consumeOKTPS)
      .field("consumeRT", consumeRT)
      .field("pullRT", pullRT)
      .field("pullTPS", pullTPS)
      .endObject();
}

Status ConsumeStatus::readJson(const JsonNode& n, ConsumeStatus& out) {
  APOGEE_RETURN_IF_ERROR(n.field("consumeFailedMsgs", out.consumeFailedMsgs));
  APOGEE_RETURN_IF_ERROR(n.field("consumeFailedTPS", out.consumeFailedTPS));
  APOGEE_RETURN_IF_ERROR(n.field("consumeOKTPS", out.consumeOKTPS));
  APOGEE_RETURN_IF_ERROR(n.field("consumeRT", out.consumeRT));
  APOGEE_RETURN_IF_ERROR(n.field("pullRT", out.pullRT));
  return n.field("pullTPS", out.pullTPS);
}

void ConsumerRunningInfo::writeJson(JsonWriter& w) const {
  w.beginObject()
      .field("jstack", jstack)
      .mapField("mqTable", mqTable, JavaMapKind::treeMap())
      // Properties() is a ConcurrentHashMap(8) inside: a table of 16.
      .mapField("properties", properties, JavaMapKind::concurrentHashMap(16))
      .mapField("statusTable", statusTable, JavaMapKind::treeMap())
      .field("subscriptionSet", subscriptionSet)
      .endObject();
}

Status ConsumerRunningInfo::readJson(const JsonNode& n, ConsumerRunningInfo& out) {
  APOGEE_RETURN_IF_ERROR(n.field("jstack", out.jstack));
  APOGEE_RETURN_IF_ERROR(n.field("mqTable", out.mqTable));
  APOGEE_RETURN_IF_ERROR(n.field("properties", out.properties));
  APOGEE_RETURN_IF_ERROR(n.field("statusTable", out.statusTable));
  return n.field("subscriptionSet", out.subscriptionSet);
}

std::string ConsumerRunningInfo::toJson(ObjectKeyStyle keys) const {
  return encodeJsonBody(*this, {.objectKeys = keys});
}

Result<ConsumerRunningInfo> ConsumerRunningInfo::fromJson(std::string_view body) {
  return decodeJsonBody<ConsumerRunningInfo>(body);
}

}  // namespace apogee::remoting
