#pragma once

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

#include "apogee/offset_store.h"
#include "client/consumer/offset_table.h"

namespace apogee::client {

// Broadcasting offsets, kept in a local file (RocketMQ's LocalFileOffsetStore):
//   <dir>/<clientId>/<group>/offsets.json
// where <dir> is the consumer's localOffsetStoreDir, else
// $APOGEE_LOCAL_OFFSET_STORE_DIR, else ~/.rocketmq_offsets (Java's default).
// The content is RocketMQ's OffsetSerializeWrapper as fastjson writes it,
//   {"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:12}}
// so a Java client can take over the file (and we read Java's, pretty or not).
//
// Writes are crash-safe like MixAll.string2File, made durable: the new text
// goes to offsets.json.tmp (fsync), the old text to offsets.json.bak, then
// the tmp file is renamed over offsets.json and the directory synced. A
// crash leaves the old or the new file, never a torn one; an unreadable
// offsets.json falls back to the .bak. Offsets persisted are durable; the
// memory table since the last persist (at most persistConsumerOffsetInterval)
// is lost by a crash and its messages consumed again.
//
// Thread-safe: file_mutex_ serialises the read-merge-write of the file.
class LocalFileOffsetStore final : public OffsetStore {
 public:
  LocalFileOffsetStore(const std::filesystem::path& baseDir, const std::string& clientId,
                       const std::string& group);

  // The base directory when none is configured.
  static std::filesystem::path defaultBaseDir();
  const std::filesystem::path& storePath() const { return path_; }

  void load() override;
  void updateOffset(const MessageQueue& mq, std::int64_t offset, bool increaseOnly) override {
    table_.update(mq, offset, increaseOnly);
  }
  std::int64_t readOffset(const MessageQueue& mq, ReadOffsetType type) override;
  void persistAll(const std::set<MessageQueue>& mqs) override;
  void persist(const MessageQueue& mq) override { persistAll({mq}); }
  void removeOffset(const MessageQueue& mq) override { table_.remove(mq); }
  std::map<MessageQueue, std::int64_t> cloneOffsetTable(const std::string& topic) override {
    return table_.clone(topic);
  }
  void updateConsumeOffsetToBroker(const MessageQueue&, std::int64_t, bool) override {}

 private:
  // The file's table (the .bak when the file is missing, empty or bad);
  // nullopt when neither holds one.
  std::optional<std::map<MessageQueue, std::int64_t>> readLocalOffset() const;

  const std::filesystem::path path_;
  OffsetTable table_;
  std::mutex file_mutex_;
};

}  // namespace apogee::client
