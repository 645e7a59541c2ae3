#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "apogee/client_config.h"
#include "apogee/message_ext.h"
#include "apogee/message_queue.h"
#include "apogee/pull_result.h"
#include "apogee/send_result.h"
#include "common/result.h"
#include "remoting/body/heartbeat.h"
#include "remoting/body/message_queue_json.h"
#include "remoting/body/route.h"
#include "remoting/headers/offset.h"
#include "remoting/headers/pull.h"
#include "remoting/headers/send.h"
#include "remoting/payload.h"
#include "remoting/transport/remoting_client.h"

namespace apogee::client {

// A PullResult plus the broker's suggestion of where to pull next.
struct PullResultExt {
  PullResult result;
  std::int64_t suggestWhichBrokerId = 0;
};

using SendCallback = std::function<void(Result<SendResult>)>;
using PullCallback = std::function<void(Result<PullResultExt>)>;

// What one send request carries besides the header: the body, the result's
// msgId (UNIQ_KEY, comma-joined for a batch) and where it goes.
struct SendRequest {
  std::string brokerAddr;
  std::string brokerName;
  int requestCode = 0;  // SEND_MESSAGE_V2 or SEND_BATCH_MESSAGE
  remoting::SendMessageRequestHeaderV2 header;
  remoting::Payload body;
  std::string msgId;
};

// The typed client API over one RemotingClient (RocketMQ's MQClientAPIImpl):
// every request a producer or consumer makes to a name server or broker,
// with its header and body encoded and its answer decoded. Errors are Status
// values: transport errors as the transport reports them, error answers
// through remoteError() (client_error.h) with the ResponseCode.
//
// Thread-safe. Async callbacks run on the remoting client's callback pool.
// Lifetime: owned by an MQClientInstance; shutdown() fails pending requests.
class MQClientAPIImpl {
 public:
  explicit MQClientAPIImpl(const ClientConfig& config);
  ~MQClientAPIImpl();
  MQClientAPIImpl(const MQClientAPIImpl&) = delete;
  MQClientAPIImpl& operator=(const MQClientAPIImpl&) = delete;

  // Registers broker->client processors on remotingClient() before this.
  Status start();
  void shutdown();
  remoting::RemotingClient& remotingClient() { return *remoting_; }

  // ---- name servers --------------------------------------------------------
  // Replaces the name server list ("a:9876;b:9876").
  void updateNameServerAddressList(const std::string& addrs);
  std::vector<std::string> getNameServerAddressList() const;

  // The route of `topic`. Tries the name servers in turn, starting with the
  // last one that answered; an unreachable one is skipped. TOPIC_NOT_EXIST
  // is NotFound "No topic route info in name server for the topic: X".
  Result<remoting::TopicRouteData> getTopicRouteInfoFromNameServer(
      const std::string& topic, std::chrono::milliseconds timeout);

  // ---- producer ------------------------------------------------------------
  Result<SendResult> sendMessageSync(SendRequest request, std::chrono::milliseconds timeout);
  // `callback` runs exactly once.
  void sendMessageAsync(SendRequest request, std::chrono::milliseconds timeout,
                        SendCallback callback);
  Status sendMessageOneway(SendRequest request, std::chrono::milliseconds timeout);

  // ---- consumer ------------------------------------------------------------
  Result<PullResultExt> pullMessageSync(const std::string& addr,
                                        const remoting::PullMessageRequestHeader& header,
                                        std::chrono::milliseconds timeout);
  void pullMessageAsync(const std::string& addr, const remoting::PullMessageRequestHeader& header,
                        std::chrono::milliseconds timeout, PullCallback callback);

  // QUERY_NOT_FOUND is NotFound with that response code.
  Result<std::int64_t> queryConsumerOffset(const std::string& addr,
                                           const remoting::QueryConsumerOffsetRequestHeader& header,
                                           std::chrono::milliseconds timeout);
  Status updateConsumerOffset(const std::string& addr,
                              const remoting::UpdateConsumerOffsetRequestHeader& header,
                              std::chrono::milliseconds timeout);
  Status updateConsumerOffsetOneway(const std::string& addr,
                                    const remoting::UpdateConsumerOffsetRequestHeader& header,
                                    std::chrono::milliseconds timeout);

  Result<std::int64_t> getMaxOffset(const std::string& addr, const std::string& topic,
                                    std::int32_t queueId, std::chrono::milliseconds timeout);
  Result<std::int64_t> getMinOffset(const std::string& addr, const std::string& topic,
                                    std::int32_t queueId, std::chrono::milliseconds timeout);
  Result<std::int64_t> searchOffset(const std::string& addr, const std::string& topic,
                                    std::int32_t queueId, std::int64_t timestamp,
                                    std::chrono::milliseconds timeout);
  Result<std::int64_t> getEarliestMsgStoretime(const std::string& addr, const std::string& topic,
                                               std::int32_t queueId,
                                               std::chrono::milliseconds timeout);

  Result<std::vector<std::string>> getConsumerIdListByGroup(const std::string& addr,
                                                            const std::string& group,
                                                            std::chrono::milliseconds timeout);

  // The broker's version (the response's version field).
  Result<int> sendHeartbeat(const std::string& addr, const remoting::HeartbeatData& data,
                            std::chrono::milliseconds timeout);
  Status unregisterClient(const std::string& addr, const std::string& clientId,
                          const std::string& producerGroup, const std::string& consumerGroup,
                          std::chrono::milliseconds timeout);

  // CONSUMER_SEND_MSG_BACK for a message whose consumption failed.
  Status consumerSendMessageBack(const std::string& addr, const MessageExt& msg,
                                 const std::string& group, std::int32_t delayLevel,
                                 std::int32_t maxReconsumeTimes, std::chrono::milliseconds timeout);

  // The queues the broker locked for the caller.
  Result<std::set<MessageQueue>> lockBatchMQ(const std::string& addr,
                                             const remoting::LockBatchRequestBody& body,
                                             std::chrono::milliseconds timeout);
  Status unlockBatchMQ(const std::string& addr, const remoting::LockBatchRequestBody& body,
                       std::chrono::milliseconds timeout, bool oneway);

  // VIEW_MESSAGE_BY_ID: the record at commit-log `phyoffset` on `addr`.
  Result<MessageExt> viewMessage(const std::string& addr, std::int64_t phyoffset,
                                 std::chrono::milliseconds timeout);

  // Plain request helpers (admin-style calls built elsewhere).
  Result<remoting::RemotingCommand> invokeSync(const std::string& addr,
                                               remoting::RemotingCommand request,
                                               std::chrono::milliseconds timeout);

 private:
  remoting::RemotingCommand makeRequest(int code, remoting::ExtFields fields) const;
  // A request whose answer is one int64 response-header field.
  template <typename ResponseHeader>
  Result<std::int64_t> offsetCall(const std::string& addr, int code, remoting::ExtFields fields,
                                  std::int64_t ResponseHeader::*field,
                                  std::chrono::milliseconds timeout);

  std::unique_ptr<remoting::RemotingClient> remoting_;
  remoting::LanguageCode language_;
  mutable std::mutex namesrv_mutex_;
  std::vector<std::string> namesrv_addrs_;  // guarded by namesrv_mutex_
  std::atomic<std::size_t> namesrv_index_{0};
};

// Decoding of answers, shared by the sync and async paths (and by tests).
Result<SendResult> processSendResponse(const std::string& brokerName, const std::string& topic,
                                       const std::string& msgId,
                                       const remoting::RemotingCommand& response);
Result<PullResultExt> processPullResponse(const remoting::RemotingCommand& response);

}  // namespace apogee::client
