#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "apogee/default_mq_pull_consumer.h"
#include "client/client_inner.h"
#include "client/consumer/pull_api_wrapper.h"
#include "client/consumer/rebalance_impl.h"

namespace apogee::client {

class MQClientInstance;

// The pull consumer's engine (RocketMQ's DefaultMQPullConsumerImpl with
// RebalancePullImpl): the application chooses queues and offsets; this sends
// the pulls (PULL_MESSAGE with the SUBSCRIPTION bit, plus SUSPEND for
// pullBlockIfNotFound), keeps the offset store, and, for registered topics,
// balances the group's queues and tells the listener.
//
// Thread safety: the pull and offset methods may run concurrently; start and
// shutdown from the owner. The instance calls the MQConsumerInner methods on
// its scheduler thread.
class DefaultMQPullConsumerImpl final
    : public MQConsumerInner,
      public std::enable_shared_from_this<DefaultMQPullConsumerImpl> {
 public:
  DefaultMQPullConsumerImpl();
  ~DefaultMQPullConsumerImpl() override;

  void start(const DefaultMQPullConsumer& config);
  void shutdown();

  PullResult pullSync(const MessageQueue& mq, const std::string& subExpression, std::int64_t offset,
                      int maxNums, bool block, std::chrono::milliseconds timeout);
  void pullAsync(const MessageQueue& mq, const std::string& subExpression, std::int64_t offset,
                 int maxNums, bool block, std::chrono::milliseconds timeout,
                 ::apogee::PullCallback callback);

  std::set<MessageQueue> fetchSubscribeMessageQueues(const std::string& topic);
  std::set<MessageQueue> fetchMessageQueuesInBalance(const std::string& topic);
  void updateConsumeOffset(const MessageQueue& mq, std::int64_t offset);
  std::int64_t fetchConsumeOffset(const MessageQueue& mq, bool fromStore);
  std::int64_t maxOffset(const MessageQueue& mq);
  std::int64_t minOffset(const MessageQueue& mq);
  std::int64_t searchOffset(const MessageQueue& mq, std::int64_t timestamp);
  std::int64_t earliestMsgStoreTime(const MessageQueue& mq);
  void sendMessageBack(const MessageExt& msg, int delayLevel, const std::string& brokerName);
  std::shared_ptr<OffsetStore> offsetStore() const { return offset_store_; }

  // MQConsumerInner
  std::string groupName() const override { return group_; }
  MessageModel messageModel() const override { return model_; }
  remoting::ConsumeType consumeType() const override {
    return remoting::ConsumeType::CONSUME_ACTIVELY;
  }
  ConsumeFromWhere consumeFromWhere() const override {
    return ConsumeFromWhere::CONSUME_FROM_LAST_OFFSET;
  }
  std::vector<remoting::SubscriptionData> subscriptions() const override;
  void updateTopicSubscribeInfo(const std::string& topic,
                                const std::set<MessageQueue>& queues) override;
  bool isSubscribeTopicNeedUpdate(const std::string& topic) const override;
  void doRebalance() override;
  void persistConsumerOffset() override;

 private:
  class Rebalance;

  void ensureRunning() const;
  // The group's subscription for `mq`'s topic is registered ("*") so the
  // broker and heartbeats know it (RocketMQ's subscriptionAutomatically).
  void subscriptionAutomatically(const std::string& topic);
  PullArgs makeArgs(const MessageQueue& mq, const std::string& subExpression, std::int64_t offset,
                    int maxNums, bool block, std::chrono::milliseconds timeout) const;

  std::string group_;
  MessageModel model_ = MessageModel::CLUSTERING;
  std::chrono::milliseconds broker_suspend_max_{20000};
  std::chrono::milliseconds timeout_when_suspend_{30000};
  int max_reconsume_times_ = 16;
  std::string namespace_;
  ClientConfig config_;

  std::shared_ptr<MQClientInstance> instance_;
  std::shared_ptr<OffsetStore> offset_store_;
  std::shared_ptr<PullAPIWrapper> pull_api_;
  std::unique_ptr<Rebalance> rebalance_;
  std::atomic<bool> running_{false};
};

}  // namespace apogee::client
