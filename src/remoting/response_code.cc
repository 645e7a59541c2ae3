#include "remoting/response_code.h"

#include <algorithm>
#include <array>

namespace apogee::remoting {
namespace {

struct CodeName {
  int code;
  std::string_view name;
};

// Sorted by code, for binary search; one entry per number.
constexpr auto kResponseCodeNames = std::to_array<CodeName>({
    {ResponseCode::kRpcTimeOut, "RPC_TIME_OUT"},
    {ResponseCode::kRpcSendToChannelFailed, "RPC_SEND_TO_CHANNEL_FAILED"},
    {ResponseCode::kRpcAddrIsNull, "RPC_ADDR_IS_NULL"},
    {ResponseCode::kRpcUnknown, "RPC_UNKNOWN"},
    {ResponseCode::kSuccess, "SUCCESS"},
    {ResponseCode::kSystemError, "SYSTEM_ERROR"},
    {ResponseCode::kSystemBusy, "SYSTEM_BUSY"},
    {ResponseCode::kRequestCodeNotSupported, "REQUEST_CODE_NOT_SUPPORTED"},
    {ResponseCode::kTransactionFailed, "TRANSACTION_FAILED"},
    {ResponseCode::kFlushDiskTimeout, "FLUSH_DISK_TIMEOUT"},
    {ResponseCode::kSlaveNotAvailable, "SLAVE_NOT_AVAILABLE"},
    {ResponseCode::kFlushSlaveTimeout, "FLUSH_SLAVE_TIMEOUT"},
    {ResponseCode::kMessageIllegal, "MESSAGE_ILLEGAL"},
    {ResponseCode::kServiceNotAvailable, "SERVICE_NOT_AVAILABLE"},
    {ResponseCode::kVersionNotSupported, "VERSION_NOT_SUPPORTED"},
    {ResponseCode::kNoPermission, "NO_PERMISSION"},
    {ResponseCode::kTopicNotExist, "TOPIC_NOT_EXIST"},
    {ResponseCode::kTopicExistAlready, "TOPIC_EXIST_ALREADY"},
    {ResponseCode::kPullNotFound, "PULL_NOT_FOUND"},
    {ResponseCode::kPullRetryImmediately, "PULL_RETRY_IMMEDIATELY"},
    {ResponseCode::kPullOffsetMoved, "PULL_OFFSET_MOVED"},
    {ResponseCode::kQueryNotFound, "QUERY_NOT_FOUND"},
    {ResponseCode::kSubscriptionParseFailed, "SUBSCRIPTION_PARSE_FAILED"},
    {ResponseCode::kSubscriptionNotExist, "SUBSCRIPTION_NOT_EXIST"},
    {ResponseCode::kSubscriptionNotLatest, "SUBSCRIPTION_NOT_LATEST"},
    {ResponseCode::kSubscriptionGroupNotExist, "SUBSCRIPTION_GROUP_NOT_EXIST"},
    {ResponseCode::kFilterDataNotExist, "FILTER_DATA_NOT_EXIST"},
    {ResponseCode::kFilterDataNotLatest, "FILTER_DATA_NOT_LATEST"},
    {ResponseCode::kInvalidParameter, "INVALID_PARAMETER"},
    {ResponseCode::kTransactionShouldCommit, "TRANSACTION_SHOULD_COMMIT"},
    {ResponseCode::kTransactionShouldRollback, "TRANSACTION_SHOULD_ROLLBACK"},
    {ResponseCode::kTransactionStateUnknow, "TRANSACTION_STATE_UNKNOW"},
    {ResponseCode::kTransactionStateGroupWrong, "TRANSACTION_STATE_GROUP_WRONG"},
    {ResponseCode::kNoBuyerId, "NO_BUYER_ID"},
    {ResponseCode::kNotInCurrentUnit, "NOT_IN_CURRENT_UNIT"},
    {ResponseCode::kConsumerNotOnline, "CONSUMER_NOT_ONLINE"},
    {ResponseCode::kConsumeMsgTimeout, "CONSUME_MSG_TIMEOUT"},
    {ResponseCode::kNoMessage, "NO_MESSAGE"},
    {ResponseCode::kPollingFull, "UPDATE_AND_CREATE_ACL_CONFIG_FAILED|POLLING_FULL"},
    {ResponseCode::kPollingTimeout, "DELETE_ACL_CONFIG_FAILED|POLLING_TIMEOUT"},
    {ResponseCode::kBrokerNotExist, "UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED|BROKER_NOT_EXIST"},
    {ResponseCode::kBrokerDispatchNotComplete, "BROKER_DISPATCH_NOT_COMPLETE"},
    {ResponseCode::kBroadcastConsumption, "BROADCAST_CONSUMPTION"},
    {ResponseCode::kFlowControl, "FLOW_CONTROL"},
    {ResponseCode::kNotLeaderForQueue, "NOT_LEADER_FOR_QUEUE"},
    {ResponseCode::kIllegalOperation, "ILLEGAL_OPERATION"},
    {ResponseCode::kGoAway, "GO_AWAY"},
});

static_assert(std::is_sorted(kResponseCodeNames.begin(), kResponseCodeNames.end(),
                             [](const CodeName& a, const CodeName& b) { return a.code < b.code; }),
              "kResponseCodeNames must stay sorted by code");

}  // namespace

std::string_view responseCodeName(int code) {
  const auto* it = std::lower_bound(kResponseCodeNames.begin(), kResponseCodeNames.end(), code,
                                    [](const CodeName& entry, int c) { return entry.code < c; });
  if (it == kResponseCodeNames.end() || it->code != code) return "UNKNOWN";
  return it->name;
}

}  // namespace apogee::remoting
