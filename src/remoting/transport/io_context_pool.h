#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>

namespace apogee::remoting {

// N io_contexts, each run by one thread of its own.
//
// Why one io_context per thread rather than one shared by N threads: a
// connection lives on one context, so all its handlers run on one thread in
// order without a strand, and the threads never contend on one scheduler
// queue or wake each other for work that belongs elsewhere. The cost is that
// a busy connection cannot spread over threads; connections are spread
// round-robin, which is fine for the many-connection load of a broker.
//
// Lifetime: each io_context is held by shared_ptr, and every Channel or
// socket owner keeps its context alive, so a socket is always destroyed
// before its io_context even if a processor holds a connection past the
// endpoint's shutdown.
// Thread safety: next() and at() from any thread; start() and
// drainAndJoin() from the owner's thread only.
class IoContextPool {
 public:
  IoContextPool(std::string name, std::size_t threads);
  ~IoContextPool();

  IoContextPool(const IoContextPool&) = delete;
  IoContextPool& operator=(const IoContextPool&) = delete;

  void start();

  // Round-robin.
  std::shared_ptr<asio::io_context> next();
  std::shared_ptr<asio::io_context> at(std::size_t index) { return contexts_.at(index); }
  std::size_t size() const noexcept { return contexts_.size(); }

  // Drops the keep-alive guards and waits until every context has run out of
  // work, then joins the threads. The owner closes its sockets, acceptors and
  // timers first, so that "out of work" means every handler (and the
  // shared_ptrs it holds) is gone. If work is still outstanding after
  // `grace`, the contexts are stopped and what is left is logged.
  void drainAndJoin(std::chrono::milliseconds grace = std::chrono::seconds(10));

 private:
  using WorkGuard = asio::executor_work_guard<asio::io_context::executor_type>;

  void run(std::size_t index);

  const std::string name_;
  std::vector<std::shared_ptr<asio::io_context>> contexts_;
  std::vector<WorkGuard> guards_;
  std::vector<std::thread> threads_;
  std::size_t next_ = 0;  // guarded by mutex_

  std::mutex mutex_;
  std::condition_variable exited_cv_;  // guarded by mutex_
  std::size_t exited_ = 0;             // guarded by mutex_
};

}  // namespace apogee::remoting
