#pragma once

#include <memory>
#include <optional>
#include <shared_mutex>
#include <unordered_map>

#include "common/thread_pool.h"
#include "remoting/transport/processor.h"

namespace apogee::remoting {

// Request code -> (processor, executor), plus an optional default processor
// for every code without one (the broker's admin processor takes all the
// rest). A null executor means the endpoint's default executor.
//
// Thread safety: registration may happen at any time, also while requests
// are being dispatched (a shared_mutex; lookups take it shared). Entries hold
// shared_ptrs, so a lookup result stays valid after re-registration.
class ProcessorRegistry {
 public:
  struct Entry {
    std::shared_ptr<RequestProcessor> processor;
    std::shared_ptr<Executor> executor;  // null: the endpoint's default
  };

  // Replaces an earlier registration of `code`.
  void registerProcessor(int code, std::shared_ptr<RequestProcessor> processor,
                         std::shared_ptr<Executor> executor = nullptr);
  void registerDefaultProcessor(std::shared_ptr<RequestProcessor> processor,
                                std::shared_ptr<Executor> executor = nullptr);

  // The processor for `code`, else the default one, else nullopt.
  std::optional<Entry> find(int code) const;

 private:
  mutable std::shared_mutex mutex_;
  std::unordered_map<int, Entry> by_code_;  // guarded by mutex_
  std::optional<Entry> default_;            // guarded by mutex_
};

}  // namespace apogee::remoting
