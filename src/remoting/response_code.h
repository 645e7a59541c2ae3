#pragma once

#include <string_view>

// RocketMQ response codes: the `code` of a response frame (docs:
// rocketmq-protocol.md section 2.2). Values are RocketMQ's and must never
// change. "5.x" marks codes a 4.9.x peer does not send.
//
// CODE CLASH, 209-211: 4.9.x (and 5.x up to 5.3.2) use these numbers for ACL
// 1.0 admin failures; 5.x reuses them for POP long polling and a missing
// broker. Both names are declared below. Read them by the request they answer
// (ACL admin requests 50-53 versus POP_MESSAGE/NOTIFICATION) and by the peer's
// version, never by number alone.
//
// Left out on purpose: the 5.x controller family (2000-2016) and ACL 2.0
// (3001-3002).
namespace apogee::remoting::ResponseCode {

// ---- generic (Java's RemotingSysResponseCode) ------------------------------
inline constexpr int kSuccess = 0;                  // done
inline constexpr int kSystemError = 1;              // failure; the remark says why
inline constexpr int kSystemBusy = 2;               // flow control: try later or elsewhere
inline constexpr int kRequestCodeNotSupported = 3;  // no processor for the request code
inline constexpr int kTransactionFailed = 4;        // transaction could not be applied

// ---- send, store, permissions ----------------------------------------------
inline constexpr int kFlushDiskTimeout = 10;     // stored, but the sync flush timed out
inline constexpr int kSlaveNotAvailable = 11;    // stored, but no slave to replicate to
inline constexpr int kFlushSlaveTimeout = 12;    // stored, but slave replication timed out
inline constexpr int kMessageIllegal = 13;       // message too large or malformed
inline constexpr int kServiceNotAvailable = 14;  // broker is shutting down or a slave
inline constexpr int kVersionNotSupported = 15;  // request needs a newer peer
inline constexpr int kNoPermission = 16;         // topic or broker not writable/readable
inline constexpr int kTopicNotExist = 17;        // no such topic (or no route for it)
inline constexpr int kTopicExistAlready = 18;    // topic already created
inline constexpr int kInvalidParameter = 29;     // 5.x bad argument (queue id, topic name)

// ---- pull and query --------------------------------------------------------
inline constexpr int kPullNotFound = 19;             // no new message (caught up)
inline constexpr int kPullRetryImmediately = 20;     // all filtered out; pull again at once
inline constexpr int kPullOffsetMoved = 21;          // requested offset is out of range
inline constexpr int kQueryNotFound = 22;            // no offset or message matched
inline constexpr int kSubscriptionParseFailed = 23;  // filter expression does not parse
inline constexpr int kSubscriptionNotExist = 24;     // group has no subscription to the topic
inline constexpr int kSubscriptionNotLatest = 25;  // broker's subscription is older than the pull's
inline constexpr int kSubscriptionGroupNotExist = 26;  // unknown consumer group
inline constexpr int kFilterDataNotExist = 27;         // no class-filter data for the subscription
inline constexpr int kFilterDataNotLatest = 28;        // class-filter data is out of date

// ---- transactions, consumers, flow control ---------------------------------
inline constexpr int kTransactionShouldCommit = 200;    // check answer: commit
inline constexpr int kTransactionShouldRollback = 201;  // check answer: roll back
inline constexpr int kTransactionStateUnknow = 202;  // check answer: unknown (RocketMQ's spelling)
inline constexpr int kTransactionStateGroupWrong = 203;  // check went to the wrong producer group
inline constexpr int kNoBuyerId = 204;                   // unit routing: no buyer id
inline constexpr int kNotInCurrentUnit = 205;            // unit routing: not in this unit
inline constexpr int kConsumerNotOnline = 206;           // no live client in the consumer group
inline constexpr int kConsumeMsgTimeout = 207;           // direct consumption timed out
inline constexpr int kNoMessage = 208;    // message not found (direct consume, reply)
inline constexpr int kFlowControl = 215;  // pull throttled; retry after 20 ms

// 209-211: see the clash note at the top of this file.
inline constexpr int kUpdateAndCreateAclConfigFailed = 209;      // 4.9.x ACL: account not saved
inline constexpr int kPollingFull = 209;                         // 5.x POP: too many held polls
inline constexpr int kDeleteAclConfigFailed = 210;               // 4.9.x ACL: account not deleted
inline constexpr int kPollingTimeout = 210;                      // 5.x POP: poll expired empty
inline constexpr int kUpdateGlobalWhiteAddrsConfigFailed = 211;  // 4.9.x ACL: white list not saved
inline constexpr int kBrokerNotExist = 211;                      // 5.x no such broker

// ---- 5.x only --------------------------------------------------------------
inline constexpr int kBrokerDispatchNotComplete = 212;  // 5.x reput not caught up yet
inline constexpr int kBroadcastConsumption = 213;       // 5.x not allowed in broadcast mode
inline constexpr int kNotLeaderForQueue = 501;          // 5.x static topic: queue lives elsewhere
inline constexpr int kIllegalOperation = 604;           // 5.x operation refused
inline constexpr int kGoAway = 1500;                    // 5.2+ server is going away; reconnect

// ---- client-local (never on the wire) --------------------------------------
inline constexpr int kRpcUnknown = -1000;              // client-side failure of unknown cause
inline constexpr int kRpcAddrIsNull = -1002;           // no address to send to
inline constexpr int kRpcSendToChannelFailed = -1004;  // write to the connection failed
inline constexpr int kRpcTimeOut = -1006;              // no response in time

}  // namespace apogee::remoting::ResponseCode

namespace apogee::remoting {

// RocketMQ's constant name of a response code ("PULL_NOT_FOUND"), "UNKNOWN"
// for codes not listed in ResponseCode. The clashing codes 209-211 give both
// names, 4.9.x first: "UPDATE_AND_CREATE_ACL_CONFIG_FAILED|POLLING_FULL".
std::string_view responseCodeName(int code);

}  // namespace apogee::remoting
