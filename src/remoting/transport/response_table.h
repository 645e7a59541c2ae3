#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "remoting/remoting_command.h"

namespace apogee::remoting {

// The requests of one connection that wait for a response, keyed by opaque,
// with their deadlines in order.
//
// Timeouts: one timer per connection serves every pending request. The table
// keeps the deadlines sorted (a multimap next to the opaque index), and the
// connection arms its single timer at the earliest one; when it fires,
// takeExpired() hands back everything due. That costs one tree node per
// request and O(log n) per insert/erase, against an asio timer per request,
// which allocates its wait operation, goes through the reactor's timer queue,
// and on the common path (the response arrives first) must be cancelled and
// its aborted handler run on the I/O thread. With thousands of requests in
// flight the table's work is a few pointer moves under a lock the response
// path takes anyway.
//
// The table also remembers when the timer is armed for (armedFor): add()
// reports whether a new deadline is earlier than that, so the connection
// re-arms only then. Requests with the usual timeout (seconds) never force a
// re-arm, because the connection caps every sleep of its timer (see
// Channel) well below that.
//
// Thread safety: all methods may be called from any thread (one mutex).
// Completions are returned to the caller, never run under the lock.
class ResponseTable {
 public:
  using Clock = std::chrono::steady_clock;
  // Called exactly once with the response, or with the error that ended the
  // wait (Timeout, Unavailable, Aborted).
  using Completion = std::function<void(Result<RemotingCommand>)>;

  enum class AddResult {
    kAdded,           // the armed timer will see the deadline in time
    kAddedRearm,      // the deadline is earlier than the armed timer: re-arm
    kDuplicateOpaque, // another request with this opaque is pending
    kClosed,          // the connection is gone; fail the request now
  };

  struct Expired {
    int opaque;
    int code;  // the request's code, for the error message
    Completion completion;
  };

  // Moves from `completion` only when the request was added (kAdded or
  // kAddedRearm); otherwise the caller still holds it and must complete it.
  AddResult add(int opaque, int code, Clock::time_point deadline, Completion& completion);

  // Removes and returns the completion of `opaque` (its response arrived, or
  // a synchronous caller stopped waiting); nullopt if it is not pending.
  std::optional<Completion> take(int opaque);

  // Removes every request whose deadline is at or before `now`.
  std::vector<Expired> takeExpired(Clock::time_point now);

  // Closes the table: returns every pending request, and makes later add()
  // calls return kClosed.
  std::vector<Completion> closeAndTakeAll();

  // Records that the timer is armed for min(earliest deadline, `cap`) and
  // returns that time.
  Clock::time_point armTimer(Clock::time_point cap);
  Clock::time_point armedFor() const;

  std::size_t size() const;

 private:
  using DeadlineIndex = std::multimap<Clock::time_point, int>;
  struct Entry {
    DeadlineIndex::iterator deadline_it;
    int code;
    Completion completion;
  };

  mutable std::mutex mutex_;
  std::unordered_map<int, Entry> by_opaque_;  // guarded by mutex_
  DeadlineIndex by_deadline_;                 // guarded by mutex_
  Clock::time_point armed_for_ = Clock::time_point::max();  // guarded by mutex_
  bool closed_ = false;                                     // guarded by mutex_
};

}  // namespace apogee::remoting
