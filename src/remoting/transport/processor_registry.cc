#include "remoting/transport/processor_registry.h"

#include <mutex>

namespace apogee::remoting {

void ProcessorRegistry::registerProcessor(int code, std::shared_ptr<RequestProcessor> processor,
                                          std::shared_ptr<Executor> executor) {
  std::unique_lock lock(mutex_);
  by_code_[code] = Entry{std::move(processor), std::move(executor)};
}

void ProcessorRegistry::registerDefaultProcessor(std::shared_ptr<RequestProcessor> processor,
                                                 std::shared_ptr<Executor> executor) {
  std::unique_lock lock(mutex_);
  default_ = Entry{std::move(processor), std::move(executor)};
}

std::optional<ProcessorRegistry::Entry> ProcessorRegistry::find(int code) const {
  std::shared_lock lock(mutex_);
  if (auto it = by_code_.find(code); it != by_code_.end()) return it->second;
  return default_;
}

}  // namespace apogee::remoting
