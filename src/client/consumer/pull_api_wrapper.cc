#include "client/consumer/pull_api_wrapper.h"

#include <algorithm>

#include "client/client_constants.h"
#include "client/mq_client_instance.h"
#include "remoting/headers/pull.h"

namespace apogee::client {

std::int64_t PullAPIWrapper::recalculatePullFromWhichNode(const MessageQueue& mq) const {
  std::lock_guard lock(mutex_);
  auto it = pull_from_which_node_.find(mq);
  return it == pull_from_which_node_.end() ? kMasterId : it->second;
}

void PullAPIWrapper::updatePullFromWhichNode(const MessageQueue& mq, std::int64_t brokerId) {
  std::lock_guard lock(mutex_);
  pull_from_which_node_[mq] = brokerId;
}

Result<PullAPIWrapper::Target> PullAPIWrapper::prepare(const PullArgs& args) {
  const MessageQueue& mq = args.mq;
  const std::int64_t node = recalculatePullFromWhichNode(mq);
  auto found = instance_.findBrokerAddressInSubscribe(mq.getBrokerName(), node, false);
  if (!found) {
    (void)instance_.updateTopicRouteInfoFromNameServer(mq.getTopic());
    found = instance_.findBrokerAddressInSubscribe(mq.getBrokerName(), node, false);
  }
  if (!found) return Status::NotFound("The broker[" + mq.getBrokerName() + "] not exist");
  const auto& sub = *args.subscription;
  Target t;
  t.addr = found->brokerAddr;
  t.header.consumerGroup = group_;
  t.header.topic = mq.getTopic();
  t.header.queueId = mq.getQueueId();
  t.header.queueOffset = args.offset;
  t.header.maxMsgNums = args.maxNums;
  t.header.sysFlag =
      found->slave ? remoting::PullSysFlag::clearCommitOffset(args.sysFlag) : args.sysFlag;
  t.header.commitOffset = args.commitOffset;
  t.header.suspendTimeoutMillis = args.brokerSuspendMaxTime.count();
  t.header.subscription = sub.subString;
  // Java's pull consumers send subVersion 0 for tag expressions; its push
  // consumer sends the subscription's version.
  t.header.subVersion =
      args.sendSubVersion || sub.expressionType != remoting::kExpressionTypeTag ? sub.subVersion
                                                                                : 0;
  t.header.expressionType = sub.expressionType;
  return t;
}

PullResult PullAPIWrapper::processPullResult(const MessageQueue& mq, PullResultExt raw,
                                             const remoting::SubscriptionData& subscription) {
  updatePullFromWhichNode(mq, raw.suggestWhichBrokerId);
  PullResult& result = raw.result;
  if (result.getPullStatus() != PullStatus::FOUND) return std::move(result);
  auto& msgs = result.mutableMsgFoundList();
  if (!subscription.tagsSet.empty() && !subscription.classFilterMode) {
    const auto& tags = subscription.tagsSet;
    std::erase_if(msgs, [&](const MessageExt& msg) {
      const std::string tag = msg.getTags();
      return tag.empty() || std::find(tags.begin(), tags.end(), tag) == tags.end();
    });
  }
  if (msgs.empty()) {
    result.setPullStatus(PullStatus::NO_MATCHED_MSG);
    return std::move(result);
  }
  const std::string min = std::to_string(result.getMinOffset());
  const std::string max = std::to_string(result.getMaxOffset());
  for (auto& msg : msgs) {
    msg.putProperty("MIN_OFFSET", min);
    msg.putProperty("MAX_OFFSET", max);
  }
  return std::move(result);
}

Result<PullResult> PullAPIWrapper::pullSync(const PullArgs& args) {
  auto target = prepare(args);
  if (!target.ok()) return target.status();
  auto raw =
      instance_.getMQClientAPIImpl().pullMessageSync(target->addr, target->header, args.timeout);
  if (!raw.ok()) return raw.status();
  return processPullResult(args.mq, std::move(raw).value(), *args.subscription);
}

void PullAPIWrapper::pullAsync(const PullArgs& args,
                               std::function<void(Result<PullResult>)> callback) {
  auto target = prepare(args);
  if (!target.ok()) {
    callback(target.status());
    return;
  }
  instance_.getMQClientAPIImpl().pullMessageAsync(
      target->addr, target->header, args.timeout,
      [self = shared_from_this(), mq = args.mq, sub = args.subscription,
       cb = std::move(callback)](Result<PullResultExt> raw) {
        if (!raw.ok()) {
          cb(raw.status());
          return;
        }
        cb(self->processPullResult(mq, std::move(raw).value(), *sub));
      });
}

}  // namespace apogee::client
