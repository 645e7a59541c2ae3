#pragma once

#include <memory>
#include <string>

#include "apogee/offset_store.h"
#include "client/consumer/offset_table.h"
#include "common/status.h"

namespace apogee::client {

class MQClientInstance;

// Clustering offsets, kept at the brokers (RocketMQ's RemoteBrokerOffsetStore).
// The memory table is what the consumer has consumed; persistAll sends each
// queue's offset to its broker's master with a oneway UPDATE_CONSUMER_OFFSET
// (5 s timeout), as the Java client does, so a commit that is lost on the
// way is simply sent again at the next persist. READ_FROM_STORE asks the
// broker (QUERY_CONSUMER_OFFSET): QUERY_NOT_FOUND reads as -1, any other
// failure as -2.
//
// Thread-safe. The instance must outlive the store.
class RemoteBrokerOffsetStore final : public OffsetStore {
 public:
  RemoteBrokerOffsetStore(MQClientInstance& instance, std::string group)
      : instance_(instance), group_(std::move(group)) {}

  void load() override {}
  void updateOffset(const MessageQueue& mq, std::int64_t offset, bool increaseOnly) override {
    table_.update(mq, offset, increaseOnly);
  }
  std::int64_t readOffset(const MessageQueue& mq, ReadOffsetType type) override;
  void persistAll(const std::set<MessageQueue>& mqs) override;
  void persist(const MessageQueue& mq) override;
  void removeOffset(const MessageQueue& mq) override { table_.remove(mq); }
  std::map<MessageQueue, std::int64_t> cloneOffsetTable(const std::string& topic) override {
    return table_.clone(topic);
  }
  void updateConsumeOffsetToBroker(const MessageQueue& mq, std::int64_t offset,
                                   bool isOneway) override;

 private:
  Status sendOffset(const MessageQueue& mq, std::int64_t offset, bool oneway);

  MQClientInstance& instance_;
  const std::string group_;
  OffsetTable table_;
};

}  // namespace apogee::client
