#pragma once

#include <filesystem>
#include <memory>
#include <shared_mutex>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "store/consume_queue.h"
#include "store/topic_queue_key.h"

namespace apogee::store {

// Every consume queue of the store, under consumequeue/<topic>/<queueId>/.
// Thread safety: all methods from any thread; the table's shared mutex is
// held only to look up, insert or copy entries, never across file I/O other
// than creating a queue's directory.
class ConsumeQueueTable {
 public:
  ConsumeQueueTable(std::filesystem::path root, int64_t unitsPerFile);

  // Maps the files of every queue found on disk.
  Status load();

  std::shared_ptr<ConsumeQueue> find(std::string_view topic, int32_t queueId) const;
  Result<std::shared_ptr<ConsumeQueue>> findOrCreate(std::string_view topic, int32_t queueId);
  std::vector<std::shared_ptr<ConsumeQueue>> all() const;

  // Startup, in this order: recover each queue's end, drop units past the
  // commit log's end, move min offsets past deleted commit-log segments.
  Status recoverAll(bool zeroTails);
  Status truncateDirty(int64_t commitLogEnd);
  void correctMinOffsets(int64_t commitLogMinOffset);

  // Largest end of a record referenced by any queue (where reput resumes
  // after a clean shutdown).
  int64_t maxPhysicalEnd() const;
  // maxOffset() of every queue: the next queue offset to assign.
  TopicQueueMap<int64_t> nextOffsets() const;

  Status flushAll() const;
  // Removes the files and the entry of one queue (topic deletion).
  void destroyQueue(std::string_view topic, int32_t queueId);
  // Removes every queue of `topic` and its directory.
  void destroyTopic(std::string_view topic);

 private:
  const std::filesystem::path root_;
  const int64_t unitsPerFile_;
  mutable std::shared_mutex mu_;
  TopicQueueMap<std::shared_ptr<ConsumeQueue>> table_;  // guarded by mu_
};

}  // namespace apogee::store
