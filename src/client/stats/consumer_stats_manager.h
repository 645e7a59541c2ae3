#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>

#include "apogee/consume_stats.h"
#include "client/stats/stats_item.h"

namespace apogee::client {

// The consumers' statistics of one client instance, per (group, topic)
// (RocketMQ's ConsumerStatsManager): pull RT and TPS (pulls that found
// messages), consume RT, consume OK and failed TPS. The consume services
// and the pull path record on every batch; GET_CONSUMER_RUNNING_INFO's
// statusTable and DefaultMQPushConsumer::consumeStats() read consumeStatus().
//
// Recording looks the pair up under a shared lock with string views (no
// allocation) and adds to atomics; only the first record of a pair takes
// the exclusive lock to create its entry. Nothing is held across I/O.
// sampleMinute()/sampleHour() are the instance scheduler's 10 s and 10 min
// tasks. Thread safety: every method, from any thread.
class ConsumerStatsManager {
 public:
  void incPullRT(std::string_view group, std::string_view topic, std::int64_t rtMs) {
    entry(group, topic).pullRT.add(rtMs, 1);
  }
  void incPullTPS(std::string_view group, std::string_view topic, std::int64_t msgs) {
    entry(group, topic).pullTPS.add(msgs, 1);
  }
  void incConsumeRT(std::string_view group, std::string_view topic, std::int64_t rtMs) {
    entry(group, topic).consumeRT.add(rtMs, 1);
  }
  void incConsumeOKTPS(std::string_view group, std::string_view topic, std::int64_t msgs) {
    entry(group, topic).consumeOK.add(msgs, 1);
  }
  void incConsumeFailedTPS(std::string_view group, std::string_view topic, std::int64_t msgs) {
    entry(group, topic).consumeFailed.add(msgs, 1);
  }

  // The last minute's rates (RT as averages per call) and the last hour's
  // failed messages; zeros for a pair never recorded.
  ConsumeStats consumeStatus(std::string_view group, std::string_view topic) const;

  void sampleMinute();
  void sampleHour();

 private:
  struct Entry {
    StatsItem pullRT;
    StatsItem pullTPS;
    StatsItem consumeRT;
    StatsItem consumeOK;
    StatsItem consumeFailed;
  };
  using Key = std::pair<std::string, std::string>;  // group, topic
  // Orders owned keys and (group, topic) views alike, so lookups need no
  // string copies.
  struct KeyLess {
    using is_transparent = void;
    using View = std::pair<std::string_view, std::string_view>;
    static View view(const Key& k) { return {k.first, k.second}; }
    static const View& view(const View& v) { return v; }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return view(a) < view(b);
    }
  };

  Entry& entry(std::string_view group, std::string_view topic);
  const Entry* find(std::string_view group, std::string_view topic) const;
  void forEachItem(const std::function<void(StatsItem&)>& fn);

  mutable std::shared_mutex mutex_;
  // Entries are never removed (a group's topics are few), so references
  // handed out stay valid.
  std::map<Key, std::unique_ptr<Entry>, KeyLess> entries_;  // guarded by mutex_
};

}  // namespace apogee::client
