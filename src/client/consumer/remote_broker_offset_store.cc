#include "client/consumer/remote_broker_offset_store.h"

#include "client/client_error.h"
#include "client/consumer/mq_admin.h"
#include "client/mq_client_instance.h"
#include "common/logging.h"
#include "remoting/response_code.h"

namespace apogee::client {
namespace {

// RocketMQ sends offset commits and queries with a 5 s timeout.
constexpr std::chrono::milliseconds kOffsetRequestTimeout{5000};

}  // namespace

std::int64_t RemoteBrokerOffsetStore::readOffset(const MessageQueue& mq, ReadOffsetType type) {
  if (type != ReadOffsetType::READ_FROM_STORE) {
    if (auto offset = table_.get(mq)) return *offset;
    if (type == ReadOffsetType::READ_FROM_MEMORY) return -1;
  }
  auto broker = findBrokerForOffsets(instance_, mq);
  if (!broker.ok()) {
    logger("client")->warn("fetch consume offset of {} failed: {}", mq.toString(),
                           broker.status().toString());
    return -2;
  }
  remoting::QueryConsumerOffsetRequestHeader header;
  header.consumerGroup = group_;
  header.topic = mq.getTopic();
  header.queueId = mq.getQueueId();
  auto offset = instance_.getMQClientAPIImpl().queryConsumerOffset(broker->brokerAddr, header,
                                                                   kOffsetRequestTimeout);
  if (!offset.ok()) {
    if (responseCodeOf(offset.status()) == remoting::ResponseCode::kQueryNotFound) return -1;
    logger("client")->warn("fetch consume offset of {} from {} failed: {}", mq.toString(),
                           broker->brokerAddr, offset.status().toString());
    return -2;
  }
  table_.update(mq, *offset, false);
  return *offset;
}

Status RemoteBrokerOffsetStore::sendOffset(const MessageQueue& mq, std::int64_t offset,
                                           bool oneway) {
  auto broker = findBrokerForOffsets(instance_, mq);
  if (!broker.ok()) return broker.status();
  remoting::UpdateConsumerOffsetRequestHeader header;
  header.consumerGroup = group_;
  header.topic = mq.getTopic();
  header.queueId = mq.getQueueId();
  header.commitOffset = offset;
  auto& api = instance_.getMQClientAPIImpl();
  return oneway ? api.updateConsumerOffsetOneway(broker->brokerAddr, header, kOffsetRequestTimeout)
                : api.updateConsumerOffset(broker->brokerAddr, header, kOffsetRequestTimeout);
}

void RemoteBrokerOffsetStore::persistAll(const std::set<MessageQueue>& mqs) {
  if (mqs.empty()) return;
  // Queues no longer ours leave the table, as in RocketMQ.
  for (const auto& [mq, offset] : table_.select(mqs, true)) {
    if (Status s = sendOffset(mq, offset, true); !s.ok()) {
      logger("client")->warn("commit offset {} of {} failed: {}", offset, mq.toString(),
                             s.toString());
    }
  }
}

void RemoteBrokerOffsetStore::persist(const MessageQueue& mq) {
  auto offset = table_.get(mq);
  if (!offset) return;
  if (Status s = sendOffset(mq, *offset, true); !s.ok()) {
    logger("client")->warn("commit offset {} of {} failed: {}", *offset, mq.toString(),
                           s.toString());
  }
}

void RemoteBrokerOffsetStore::updateConsumeOffsetToBroker(const MessageQueue& mq,
                                                          std::int64_t offset, bool isOneway) {
  Status s = sendOffset(mq, offset, isOneway);
  if (!s.ok() && !isOneway) throwStatus(s);
}

}  // namespace apogee::client
