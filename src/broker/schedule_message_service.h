#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>

#include "common/service_thread.h"
#include "common/status.h"
#include "store/delay_levels.h"
#include "store/message_store.h"

namespace apogee::broker {

// Delivers delayed messages (RocketMQ's ScheduleMessageService). A message
// with delay level L waits in SCHEDULE_TOPIC_XXXX queue L-1; when its time
// (store time + delay of L) comes, it is stored again under REAL_TOPIC /
// REAL_QID without its DELAY property, and the level's progress advances.
//
// Progress per level is kept in config/delayOffset.json,
// {"offsetTable":{1:off,...}}, written by persist() (the broker's flush
// timer and shutdown). A crash after re-storing but before persisting
// delivers the message again (at least once).
//
// Threads: one service thread, woken by the store's arrival notice for the
// schedule topic and at the next due time. mu_ guards the offsets only.
class ScheduleMessageService {
 public:
  ScheduleMessageService(store::MessageStore& store, store::DelayLevels levels,
                         std::filesystem::path file);
  ~ScheduleMessageService();

  Status load();
  void start();
  void shutdown();
  Status persist();

  // A message reached the schedule topic (store dispatch thread; cheap).
  void onArrival() { thread_.wakeup(); }

  std::int64_t offsetOf(int level) const;

 private:
  void run(ServiceThread& self);
  // Delivers what is due at `level`; returns when to look again (ms, wall).
  std::int64_t deliverLevel(int level, std::int64_t now);

  store::MessageStore& store_;
  const store::DelayLevels levels_;
  const std::filesystem::path file_;
  ServiceThread thread_{"ScheduleMessageService"};
  std::mutex file_mu_;
  mutable std::mutex mu_;
  std::map<std::int64_t, std::int64_t> offsets_;  // level -> next queue offset; guarded by mu_
};

}  // namespace apogee::broker
