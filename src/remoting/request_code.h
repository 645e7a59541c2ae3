#pragma once

#include <string_view>

// RocketMQ request codes: the `code` of a request frame (docs: rocketmq-protocol.md
// section 2.1). Values are RocketMQ's and must never change. Directions:
// C client, B broker, N name server, A admin tool. "5.x" marks codes a 4.9.x
// peer does not know; "4.9.x" marks codes 5.x dropped.
//
// Left out on purpose: the 5.x controller family (1001-1018), the cold-data
// flow-control family (2001-2004) and ACL 2.0 (3001-3010).
namespace apogee::remoting::RequestCode {

// ---- messages: send, pull, query -------------------------------------------
inline constexpr int kSendMessage = 10;           // C->B send one message, header V1 (long names)
inline constexpr int kPullMessage = 11;           // C->B read messages from one queue
inline constexpr int kQueryMessage = 12;          // C/A->B find messages by key or unique key
inline constexpr int kQueryBrokerOffset = 13;     // unused by RocketMQ
inline constexpr int kQueryConsumerOffset = 14;   // C->B a group's committed offset of one queue
inline constexpr int kUpdateConsumerOffset = 15;  // C->B commit a group's offset (often oneway)
inline constexpr int kSearchOffsetByTimestamp = 29;  // C->B queue offset for a store time
inline constexpr int kGetMaxOffset = 30;             // C->B next offset to be written in a queue
inline constexpr int kGetMinOffset = 31;             // C->B first offset still stored in a queue
inline constexpr int kGetEarliestMsgStoretime = 32;  // C->B store time of a queue's first message
inline constexpr int kViewMessageById = 33;          // C/A->B one message by commit-log offset
inline constexpr int kSendMessageV2 = 310;           // C->B send one message, header V2 (a..n)
inline constexpr int kSendBatchMessage = 320;        // C->B send a batch, header V2
inline constexpr int kSendReplyMessage = 324;    // C->B request-reply: send the reply, header V1
inline constexpr int kSendReplyMessageV2 = 325;  // C->B request-reply: send the reply, header V2
inline constexpr int kPushReplyMessageToClient = 326;  // B->C request-reply: deliver the reply
inline constexpr int kLitePullMessage = 361;           // C->B 5.x lite-pull consumer's pull
inline constexpr int kRecallMessage = 370;             // C->B 5.3+ recall a delayed message

// ---- topics and broker configuration ---------------------------------------
inline constexpr int kUpdateAndCreateTopic = 17;         // A->B create or update one topic
inline constexpr int kUpdateAndCreateTopicList = 18;     // A->B 5.x create or update many topics
inline constexpr int kGetAllTopicConfig = 21;            // B/A->B every topic config of a broker
inline constexpr int kGetTopicConfigList = 22;           // topic configs (rarely used)
inline constexpr int kGetTopicNameList = 23;             // topic names (rarely used)
inline constexpr int kUpdateBrokerConfig = 25;           // A->B change broker properties
inline constexpr int kGetBrokerConfig = 26;              // A->B read broker properties
inline constexpr int kTriggerDeleteFiles = 27;           // A->B run the file cleaner now
inline constexpr int kGetBrokerRuntimeInfo = 28;         // A->B runtime statistics table
inline constexpr int kGetTimerCheckPoint = 60;           // 5.x timer-wheel checkpoint
inline constexpr int kGetTimerMetrics = 61;              // 5.x timer-wheel metrics
inline constexpr int kDeleteTopicInBroker = 215;         // A->B delete a topic on one broker
inline constexpr int kGetTopicConfig = 351;              // 5.x A->B one topic config
inline constexpr int kUpdateAndCreateStaticTopic = 513;  // 5.x A->B static (logical-queue) topic

// ---- clients, groups, transactions -----------------------------------------
inline constexpr int kHeartBeat = 34;            // C->B producer/consumer groups and subscriptions
inline constexpr int kUnregisterClient = 35;     // C->B a client leaves its groups
inline constexpr int kConsumerSendMsgBack = 36;  // C->B consumption failed: retry or dead-letter
inline constexpr int kEndTransaction = 37;       // C->B commit or roll back a half message (oneway)
inline constexpr int kGetConsumerListByGroup = 38;     // C->B client ids of a consumer group
inline constexpr int kCheckTransactionState = 39;      // B->C ask about a half message (oneway)
inline constexpr int kNotifyConsumerIdsChanged = 40;   // B->C group membership changed (oneway)
inline constexpr int kLockBatchMq = 41;                // C->B orderly consumer locks queues
inline constexpr int kUnlockBatchMq = 42;              // C->B orderly consumer unlocks queues
inline constexpr int kCheckClientConfig = 46;          // C->B validate a SQL92 subscription
inline constexpr int kGetClientConfig = 47;            // 5.x client configuration
inline constexpr int kResumeCheckHalfMessage = 323;    // A->B re-check a half message
inline constexpr int kQueryAssignment = 400;           // 5.x C->B server-side queue assignment
inline constexpr int kSetMessageRequestMode = 401;     // 5.x A->B pull or pop per group
inline constexpr int kGetAllMessageRequestMode = 402;  // 5.x B->B request modes

// ---- broker to broker (slave sync) -----------------------------------------
inline constexpr int kGetAllConsumerOffset = 43;  // B->B slave copies consumer offsets
inline constexpr int kGetAllDelayOffset = 45;     // B->B slave copies delay-queue offsets

// ---- ACL 1.0 (4.9.x through 5.3.2) -----------------------------------------
inline constexpr int kUpdateAndCreateAclConfig = 50;      // A->B 4.9.x add or change an account
inline constexpr int kDeleteAclConfig = 51;               // A->B 4.9.x remove an account
inline constexpr int kGetBrokerClusterAclInfo = 52;       // A->B 4.9.x ACL version info
inline constexpr int kUpdateGlobalWhiteAddrsConfig = 53;  // A->B 4.9.x global white list

// ---- name server -----------------------------------------------------------
inline constexpr int kPutKvConfig = 100;            // A->N store a namespaced key/value
inline constexpr int kGetKvConfig = 101;            // A->N read a namespaced key/value
inline constexpr int kDeleteKvConfig = 102;         // A->N delete a namespaced key/value
inline constexpr int kRegisterBroker = 103;         // B->N broker registration (every 30 s)
inline constexpr int kUnregisterBroker = 104;       // B->N broker shutdown
inline constexpr int kGetRouteInfoByTopic = 105;    // C->N route data of a topic
inline constexpr int kGetBrokerClusterInfo = 106;   // C/A->N clusters and brokers
inline constexpr int kWipeWritePermOfBroker = 205;  // A->N take write permission from a broker
inline constexpr int kGetAllTopicListFromNameserver = 206;  // C/A->N every topic name
inline constexpr int kDeleteTopicInNamesrv = 216;           // A->N drop a topic's routes
inline constexpr int kRegisterTopicInNamesrv = 217;         // 5.x B->N register one topic's route
inline constexpr int kGetKvListByNamespace = 219;           // A->N every key/value of a namespace
inline constexpr int kGetTopicsByCluster = 224;             // A->N topics served by a cluster
inline constexpr int kGetSystemTopicListFromNs = 304;       // C/A->N system topic names
inline constexpr int kGetUnitTopicList = 311;               // A->N unit topics
inline constexpr int kGetHasUnitSubTopicList = 312;         // A->N topics with unit subscriptions
inline constexpr int kGetHasUnitSubUnunitTopicList = 313;   // A->N non-unit topics with unit subs
inline constexpr int kUpdateNamesrvConfig = 318;            // A->N change name-server properties
inline constexpr int kGetNamesrvConfig = 319;               // A->N read name-server properties
inline constexpr int kQueryDataVersion = 322;               // B->N has my registration changed?
inline constexpr int kAddWritePermOfBroker = 327;           // A->N give write permission back

// ---- admin: subscription groups, statistics, consumers ---------------------
inline constexpr int kUpdateAndCreateSubscriptionGroup = 200;  // A->B create or update a group
inline constexpr int kGetAllSubscriptionGroupConfig = 201;     // B/A->B every group config
inline constexpr int kGetTopicStatsInfo = 202;                 // A->B per-queue offsets of a topic
inline constexpr int kGetConsumerConnectionList = 203;      // A->B a consumer group's connections
inline constexpr int kGetProducerConnectionList = 204;      // A->B a producer group's connections
inline constexpr int kDeleteSubscriptionGroup = 207;        // A->B delete a group
inline constexpr int kGetConsumeStats = 208;                // A->B a group's progress per queue
inline constexpr int kSuspendConsumer = 209;                // unused by RocketMQ
inline constexpr int kResumeConsumer = 210;                 // unused by RocketMQ
inline constexpr int kResetConsumerOffsetInConsumer = 211;  // unused by RocketMQ
inline constexpr int kResetConsumerOffsetInBroker = 212;    // unused by RocketMQ
inline constexpr int kAdjustConsumerThreadPool = 213;       // unused by RocketMQ
inline constexpr int kWhoConsumeTheMessage = 214;           // unused by RocketMQ
inline constexpr int kResetConsumerClientOffset = 220;    // B->C move a consumer's offsets (oneway)
inline constexpr int kGetConsumerStatusFromClient = 221;  // B->C a consumer's offsets
inline constexpr int kInvokeBrokerToResetOffset = 222;    // A->B reset a group's offsets by time
inline constexpr int kInvokeBrokerToGetConsumerStatus = 223;       // A->B relay 221 to the group
inline constexpr int kUpdateAndCreateSubscriptionGroupList = 225;  // 5.x A->B many groups
inline constexpr int kQueryTopicConsumeByWho = 300;                // A->B groups consuming a topic
inline constexpr int kRegisterFilterServer = 301;                  // obsolete filter server
inline constexpr int kRegisterMessageFilterClass = 302;            // obsolete filter server
inline constexpr int kQueryConsumeTimeSpan = 303;                  // A->B store-time span per queue
inline constexpr int kGetSystemTopicListFromBroker = 305;          // A->B system topic names
inline constexpr int kCleanExpiredConsumeQueue = 306;     // A->B drop expired consume queues
inline constexpr int kGetConsumerRunningInfo = 307;       // A->B->C a consumer's running state
inline constexpr int kQueryCorrectionOffset = 308;        // A->B minimum offset across groups
inline constexpr int kConsumeMessageDirectly = 309;       // A->B->C consume one message now
inline constexpr int kCloneGroupOffset = 314;             // A->B copy offsets between groups
inline constexpr int kViewBrokerStatsData = 315;          // A->B one statistics item
inline constexpr int kCleanUnusedTopic = 316;             // A->B delete topics without config
inline constexpr int kGetBrokerConsumeStats = 317;        // A->B consume stats of every group
inline constexpr int kQueryConsumeQueue = 321;            // A->B raw consume-queue entries
inline constexpr int kGetAllProducerInfo = 328;           // A->B every producer connection
inline constexpr int kDeleteExpiredCommitLog = 329;       // A->B delete expired commit-log files
inline constexpr int kQueryTopicsByConsumer = 343;        // 5.x A->B topics of a group
inline constexpr int kQuerySubscriptionByConsumer = 345;  // 5.x A->B a group's subscription
inline constexpr int kGetSubscriptionGroupConfig = 352;   // 5.x A->B one group config
inline constexpr int kUpdateAndGetGroupForbidden = 353;   // 5.x A->B forbid a group a topic
inline constexpr int kCheckRocksDbCqWriteProgress = 354;  // 5.3+ RocksDB consume-queue check
inline constexpr int kExportRocksDbConfigToJson = 355;    // 5.3+ export RocksDB-held configs

// ---- 5.x broker container and master/slave HA ------------------------------
inline constexpr int kGetBrokerMemberGroup = 901;     // 5.x B->N brokers of one broker name
inline constexpr int kAddBroker = 902;                // 5.x A->container start a broker
inline constexpr int kRemoveBroker = 903;             // 5.x A->container stop a broker
inline constexpr int kBrokerHeartbeat = 904;          // 5.x B->N liveness in acting-master mode
inline constexpr int kNotifyMinBrokerIdChange = 905;  // 5.x N->B the lowest live broker id changed
inline constexpr int kExchangeBrokerHaInfo = 906;     // 5.x B->B HA addresses and offsets
inline constexpr int kGetBrokerHaStatus = 907;        // 5.x A->B HA status
inline constexpr int kResetMasterFlushOffset = 908;   // 5.x A->B reset the master's flush offset

// ---- 5.x POP consumption (codes above int16: JSON headers only) -------------
inline constexpr int kPopMessage = 200050;                  // C->B pop messages with invisibility
inline constexpr int kAckMessage = 200051;                  // C->B acknowledge a popped message
inline constexpr int kPeekMessage = 200052;                 // C->B read without popping
inline constexpr int kChangeMessageInvisibleTime = 200053;  // C->B extend invisibility
inline constexpr int kNotification = 200054;                // C->B long-poll for pop readiness
inline constexpr int kPollingInfo = 200055;                 // C->B pop long-poll statistics
inline constexpr int kPopRollback = 200056;                 // C->B roll back a pop
inline constexpr int kBatchAckMessage = 200151;             // C->B acknowledge many popped messages

}  // namespace apogee::remoting::RequestCode

namespace apogee::remoting {

// RocketMQ's constant name of a request code ("PULL_MESSAGE"), "UNKNOWN" for
// codes not listed in RequestCode. For logs.
std::string_view requestCodeName(int code);

}  // namespace apogee::remoting
