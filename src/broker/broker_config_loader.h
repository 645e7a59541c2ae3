#pragma once

#include "broker/broker_config.h"
#include "common/properties.h"

namespace apogee::broker {

// broker.conf: BrokerConfig and its MessageStoreConfig as RocketMQ-style
// properties. Keys are the field names (RocketMQ's, where RocketMQ has the
// setting), plus RocketMQ's spelling where ours differs
// (sendMessageThreadPoolNums, shortPollingTimeMills, ...). Units are
// RocketMQ's: milliseconds, except fileReservedTime (hours); flushDiskType
// is SYNC_FLUSH or ASYNC_FLUSH. docs/configuration.md lists every key.

// The binder for `config`'s keys (it refers to `config`, which must outlive
// it). Apply a file with binder.applyFile(path); errors name the file,
// the line and the key ("broker.conf:7: key 'listenPort': 'x' is not an
// integer").
PropertyBinder brokerConfigBinder(BrokerConfig& config);

}  // namespace apogee::broker
