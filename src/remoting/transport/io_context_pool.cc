#include "remoting/transport/io_context_pool.h"

#include <pthread.h>

#include <exception>

#include "common/logging.h"

namespace apogee::remoting {

IoContextPool::IoContextPool(std::string name, std::size_t threads) : name_(std::move(name)) {
  if (threads == 0) threads = 1;
  for (std::size_t i = 0; i < threads; ++i) {
    // Concurrency hint 1: each context is run by exactly one thread.
    contexts_.push_back(std::make_shared<asio::io_context>(1));
    guards_.emplace_back(contexts_.back()->get_executor());
  }
}

IoContextPool::~IoContextPool() { drainAndJoin(); }

void IoContextPool::start() {
  for (std::size_t i = 0; i < contexts_.size(); ++i) {
    threads_.emplace_back([this, i] { run(i); });
  }
}

std::shared_ptr<asio::io_context> IoContextPool::next() {
  std::lock_guard lock(mutex_);
  auto& ctx = contexts_[next_];
  next_ = (next_ + 1) % contexts_.size();
  return ctx;
}

void IoContextPool::run(std::size_t index) {
  std::string thread_name = name_.substr(0, 11) + "-" + std::to_string(index);
  pthread_setname_np(pthread_self(), thread_name.substr(0, 15).c_str());
  auto& ctx = *contexts_[index];
  for (;;) {
    try {
      ctx.run();
      break;
    } catch (const std::exception& e) {
      // Handlers are written not to throw; if one does, keep serving the
      // other connections on this thread.
      logger("remoting")->error("{} I/O thread {}: handler threw: {}", name_, index, e.what());
    }
  }
  std::lock_guard lock(mutex_);
  ++exited_;
  exited_cv_.notify_all();
}

void IoContextPool::drainAndJoin(std::chrono::milliseconds grace) {
  if (threads_.empty()) return;
  for (auto& guard : guards_) guard.reset();
  {
    std::unique_lock lock(mutex_);
    if (!exited_cv_.wait_for(lock, grace, [this] { return exited_ == threads_.size(); })) {
      logger("remoting")->error("{}: I/O work still outstanding after {} ms; stopping anyway",
                                name_, grace.count());
      for (auto& ctx : contexts_) ctx->stop();
    }
  }
  for (auto& t : threads_) t.join();
  threads_.clear();
}

}  // namespace apogee::remoting
