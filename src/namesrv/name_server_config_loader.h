#pragma once

#include "common/properties.h"
#include "namesrv/name_server.h"

namespace apogee::namesrv {

// namesrv.conf: NameServerConfig as RocketMQ-style properties, with
// RocketMQ's key names (NettyServerConfig, NamesrvConfig) where it has the
// setting: listenPort, serverSelectorThreads, serverWorkerThreads,
// serverChannelMaxIdleTimeSeconds (seconds), kvConfigPath,
// orderMessageEnable, scanNotActiveBrokerInterval (ms); and ours: listenHost,
// brokerChannelExpiredTime (ms). docs/configuration.md lists them.

// The binder for `config`'s keys (it refers to `config`, which must outlive
// it). Apply a file with binder.applyFile(path); errors name the file,
// the line and the key.
PropertyBinder nameServerConfigBinder(NameServerConfig& config);

}  // namespace apogee::namesrv
