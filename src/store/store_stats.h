#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>

namespace apogee::store {

// Counters of the store's puts and gets, and their rates (RocketMQ's
// StoreStatsService, the part GET_BROKER_RUNTIME_INFO reports).
//
// Counting is a few relaxed atomic adds per call. Rates come from samples of
// the counters, taken at most once a second by sample() (the store calls it
// from its consume-queue flush thread) and kept for the last 10 minutes.
// Thread safety: any thread; the sample ring has its own mutex.
class StoreStats {
 public:
  StoreStats();

  // When the store object was made (ms since the epoch).
  std::int64_t bootTimestamp() const { return boot_timestamp_; }

  struct Counters {
    std::int64_t putMessageTimesTotal = 0;  // messages stored (a batch counts each)
    std::int64_t putMessageSizeTotal = 0;   // bytes of the stored records
    std::int64_t putMessageFailedTimes = 0;
    std::int64_t getMessageFoundTimes = 0;  // getMessage calls that returned messages
    std::int64_t getMessageMissTimes = 0;   // getMessage calls that returned none
    std::int64_t getMessageTransferedMsgCount = 0;  // messages returned
    std::int64_t putMessageEntireTimeMax = 0;       // ms
    std::int64_t getMessageEntireTimeMax = 0;       // ms
  };

  void onPut(bool stored, std::int32_t messages, std::int64_t bytes, std::int64_t elapsed_ms);
  void onGet(std::size_t messages, std::int64_t elapsed_ms);

  Counters counters() const;

  // Records a sample when the last one is at least a second old.
  void sample(std::int64_t now_ms);

  // Rates per second over the last `seconds` (10, 60, 600), or nullopt until
  // that much history exists (Java then prints nothing for the window).
  struct Rates {
    std::optional<double> put;
    std::optional<double> getFound;
    std::optional<double> getMiss;
    std::optional<double> getTransfered;
  };
  Rates ratesOver(int seconds) const;

 private:
  struct Sample {
    std::int64_t timeMs = 0;
    std::int64_t put = 0;
    std::int64_t found = 0;
    std::int64_t miss = 0;
    std::int64_t transfered = 0;
  };
  static constexpr std::size_t kMaxSamples = 601;  // 10 minutes, one a second

  const std::int64_t boot_timestamp_;
  std::atomic<std::int64_t> put_times_{0};
  std::atomic<std::int64_t> put_size_{0};
  std::atomic<std::int64_t> put_failed_{0};
  std::atomic<std::int64_t> get_found_{0};
  std::atomic<std::int64_t> get_miss_{0};
  std::atomic<std::int64_t> get_transfered_{0};
  std::atomic<std::int64_t> put_time_max_{0};
  std::atomic<std::int64_t> get_time_max_{0};

  mutable std::mutex mu_;
  std::array<Sample, kMaxSamples> ring_{};  // guarded by mu_
  std::size_t next_ = 0;                    // guarded by mu_
  std::size_t count_ = 0;                   // guarded by mu_
};

}  // namespace apogee::store
