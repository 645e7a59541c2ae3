#include "broker/schedule_message_service.h"

#include <algorithm>

#include "broker/client_channel_info.h"
#include "broker/json_file.h"
#include "broker/message_rewrite.h"
#include "broker/topic_validator.h"
#include "common/logging.h"
#include "common/message/message_const.h"
#include "common/message/properties.h"
#include "common/message/stored_message.h"
#include "remoting/body/json_reader.h"
#include "remoting/body/json_writer.h"
#include "remoting/fastjson_compat.h"

namespace apogee::broker {
namespace {

namespace prop = message::property;

// How long an idle level waits before looking again (RocketMQ: 100 ms).
constexpr std::int64_t kIdleRecheckMillis = 100;
constexpr std::int32_t kBatch = 32;

struct DelayOffsetFile {
  std::map<std::int64_t, std::int64_t> offsetTable;
  void writeJson(remoting::JsonWriter& w) const {
    w.beginObject()
        .mapField("offsetTable", offsetTable, remoting::JavaMapKind::concurrentHashMap(32))
        .endObject();
  }
  static Status readJson(const remoting::JsonNode& n, DelayOffsetFile& out) {
    return n.field("offsetTable", out.offsetTable);
  }
};

}  // namespace

ScheduleMessageService::ScheduleMessageService(store::MessageStore& store,
                                               store::DelayLevels levels,
                                               std::filesystem::path file)
    : store_(store), levels_(std::move(levels)), file_(std::move(file)) {}

ScheduleMessageService::~ScheduleMessageService() { shutdown(); }

Status ScheduleMessageService::load() {
  auto text = readFileIfExists(file_);
  if (!text.ok()) return text.status();
  if (!text->has_value()) return Status::OK();
  auto normalized = remoting::normalizeFastjson(**text);
  if (!normalized.ok()) return normalized.status();
  auto parsed = remoting::decodeJsonBody<DelayOffsetFile>(*normalized);
  if (!parsed.ok()) return Status::Corruption(file_.string() + ": " + parsed.status().message());
  std::lock_guard lock(mu_);
  offsets_ = std::move(parsed->offsetTable);
  return Status::OK();
}

void ScheduleMessageService::start() {
  thread_.start([this](ServiceThread& self) { run(self); });
}

void ScheduleMessageService::shutdown() { thread_.stop(); }

Status ScheduleMessageService::persist() {
  std::lock_guard file_lock(file_mu_);
  DelayOffsetFile f;
  {
    std::lock_guard lock(mu_);
    f.offsetTable = offsets_;
  }
  return writeFileAtomically(file_, remoting::encodeJsonBody(f));
}

std::int64_t ScheduleMessageService::offsetOf(int level) const {
  std::lock_guard lock(mu_);
  auto it = offsets_.find(level);
  return it == offsets_.end() ? 0 : it->second;
}

void ScheduleMessageService::run(ServiceThread& self) {
  while (!self.stopping()) {
    const std::int64_t now = wallMillis();
    std::int64_t next = now + kIdleRecheckMillis;
    for (int level = 1; level <= levels_.maxLevel() && !self.stopping(); ++level) {
      next = std::min(next, deliverLevel(level, now));
    }
    const std::int64_t wait = std::max<std::int64_t>(next - wallMillis(), 1);
    self.waitForRunning(std::chrono::milliseconds(wait));
  }
}

std::int64_t ScheduleMessageService::deliverLevel(int level, std::int64_t now) {
  const QueueId queue(level - 1);
  std::int64_t offset = offsetOf(level);
  for (;;) {
    auto got = store_.getMessage("SCHEDULE_CONSUMER", kScheduleTopic, queue, QueueOffset(offset),
                                 kBatch, nullptr);
    if (!got.ok()) return now + kIdleRecheckMillis;
    if (got->messages.empty()) {
      // Nothing here (caught up, or the offset left the retained range).
      if (got->nextBeginOffset.value() != offset) {
        std::lock_guard lock(mu_);
        offsets_[level] = got->nextBeginOffset.value();
      }
      return now + kIdleRecheckMillis;
    }
    for (std::size_t i = 0; i < got->messages.size(); ++i) {
      const std::int64_t queue_offset = got->messageQueueOffsets[i].value();
      auto m = message::decodeStoredMessage(got->messages[i].bytes, false);
      if (m.ok()) {
        const std::int64_t due = levels_.deliverTimestamp(level, m->storeTimestamp);
        if (due > now) return due;
        auto real_topic = message::findProperty(m->properties, prop::kRealTopic);
        auto real_qid = message::findProperty(m->properties, prop::kRealQueueId);
        if (real_topic && real_qid) {
          const std::string props = removeProperties(m->properties, {prop::kDelayTimeLevel});
          store::PutMessageRequest put;
          put.topic = *real_topic;
          put.queueId = QueueId(std::atoi(std::string(*real_qid).c_str()));
          put.flag = m->flag;
          put.body = m->body;
          put.properties = props;
          put.sysFlag = m->sysFlag & ~0x30;  // host families are re-derived by the store
          put.bornTimestamp = m->bornTimestamp;
          put.bornHost = m->bornHost;
          put.reconsumeTimes = m->reconsumeTimes;
          auto r = store_.putMessage(put);
          if (!r.stored()) {
            logger("broker")->warn("delayed message to {} not stored: {}", *real_topic,
                                   r.errorMessage);
            return now + kIdleRecheckMillis;  // try again later from the same offset
          }
        }
      }
      offset = queue_offset + 1;
      std::lock_guard lock(mu_);
      offsets_[level] = offset;
    }
  }
}

}  // namespace apogee::broker
