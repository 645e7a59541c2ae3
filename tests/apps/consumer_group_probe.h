#pragma once

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "apps/apps_test_util.h"
#include "remoting/body/consumer_running_info.h"
#include "remoting/headers/heartbeat.h"
#include "support/wait.h"

// What the broker and the members of one consumer group say about the
// group: its client ids and the queues of one topic each member holds. The
// SIGKILL tests of `apogee consume` child processes wait on these.
namespace apogee::testing {

// Starts `apogee dev` (small store files) and creates `topic` with `queues`
// queues; true once the name server routes it, so that consumers started
// next see every queue.
inline bool startDevWithTopic(const TempDir& tmp, TestClient& client, DevServer& dev,
                              const std::string& topic, int queues) {
  const auto conf = tmp.path() / "broker.conf";
  std::ofstream(conf) << kSmallStoreConf;
  dev = startDev(tmp, tmp.path() / "data", {"-c", conf.string()});
  if (!dev.process || client.createTopic(dev.broker, topic, queues) != rc::kSuccess) return false;
  return waitUntil([&] {
    auto route = client.route(dev.namesrv, topic);
    return route && !route->queueDatas.empty() && route->queueDatas[0].writeQueueNums == queues;
  });
}

class ConsumerGroupProbe {
 public:
  ConsumerGroupProbe(TestClient& client, std::string broker, std::string group, std::string topic,
                     int queues)
      : client_(client),
        broker_(std::move(broker)),
        group_(std::move(group)),
        topic_(std::move(topic)),
        queues_(queues) {}

  // GET_CONSUMER_LIST_BY_GROUP: the client ids the broker has.
  std::vector<std::string> consumerIds() {
    remoting::GetConsumerListByGroupRequestHeader h;
    h.consumerGroup = group_;
    auto r = client_.call(broker_, RemotingCommand::createRequest(code::kGetConsumerListByGroup,
                                                                  remoting::toExtFields(h)));
    if (r.code() != rc::kSuccess) return {};
    auto ids = remoting::ConsumerIdList::fromJson(r.body().flatten());
    return ids.ok() ? ids->consumerIdList : std::vector<std::string>{};
  }

  // The topic's queues client `id` holds, by GET_CONSUMER_RUNNING_INFO (307)
  // relayed by the broker, as mqadmin consumerStatus asks; nullopt if it
  // did not answer.
  std::optional<std::set<int>> heldQueues(const std::string& id) {
    remoting::GetConsumerRunningInfoRequestHeader h;
    h.consumerGroup = group_;
    h.clientId = id;
    auto r = client_.remoting().invokeSync(
        broker_,
        RemotingCommand::createRequest(code::kGetConsumerRunningInfo, remoting::toExtFields(h)),
        std::chrono::seconds(5));
    if (!r.ok() || r->code() != rc::kSuccess) return std::nullopt;
    auto info = remoting::ConsumerRunningInfo::fromJson(r->body().flatten());
    if (!info.ok()) return std::nullopt;
    std::set<int> out;
    for (const auto& [mq, q] : info->mqTable) {
      if (mq.topic == topic_ && !q.droped) out.insert(mq.queueId);
    }
    return out;
  }

  // Whether `consumers` members hold every queue exactly once, split as
  // AllocateMessageQueueAveragely does (sizes differ by at most one); `out`
  // gets each member's queues.
  bool queuesSplitAmong(std::size_t consumers, std::map<std::string, std::set<int>>* out) {
    const auto ids = consumerIds();
    if (ids.size() != consumers) return false;
    std::map<std::string, std::set<int>> held;
    std::multiset<int> all;
    for (const auto& id : ids) {
      auto q = heldQueues(id);
      if (!q) return false;
      held[id] = *q;
      all.insert(q->begin(), q->end());
    }
    std::size_t smallest = static_cast<std::size_t>(queues_), largest = 0;
    for (const auto& [id, q] : held) {
      smallest = std::min(smallest, q.size());
      largest = std::max(largest, q.size());
    }
    const auto n = static_cast<std::size_t>(queues_);
    if (all.size() != n || std::set<int>(all.begin(), all.end()).size() != n ||
        largest - smallest > 1) {
      return false;
    }
    if (out) *out = std::move(held);
    return true;
  }

  // The id of the member running in process `pid` ("ip@pid#..."), or "".
  static std::string idOfPid(const std::map<std::string, std::set<int>>& held, int pid) {
    const std::string mark = "@" + std::to_string(pid) + "#";
    for (const auto& [id, q] : held) {
      if (id.find(mark) != std::string::npos) return id;
    }
    return "";
  }

 private:
  TestClient& client_;
  std::string broker_;
  std::string group_;
  std::string topic_;
  int queues_;
};

}  // namespace apogee::testing
