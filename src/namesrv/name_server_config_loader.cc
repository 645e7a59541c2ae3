#include "namesrv/name_server_config_loader.h"

namespace apogee::namesrv {

PropertyBinder nameServerConfigBinder(NameServerConfig& c) {
  PropertyBinder b;
  b.bind("listenHost", c.listen_host);
  b.bind("listenPort", c.listen_port);
  b.bind("serverSelectorThreads", c.io_threads, 1, 256);
  b.bind("serverWorkerThreads", c.processor_threads, 1, 1024);
  b.add("serverChannelMaxIdleTimeSeconds", [&c](std::string_view value) -> Status {
    auto n = parseIntegerValue(value, 1, 365 * 24 * 3600);
    if (!n.ok()) return Status::InvalidArgument(n.status().message() + " (seconds)");
    c.idle_timeout = std::chrono::seconds(*n);
    return Status::OK();
  });
  b.bind("kvConfigPath", c.kv_config_path);
  b.bind("orderMessageEnable", c.order_message_enable);
  b.bind("scanNotActiveBrokerInterval", c.scan_interval);
  b.bind("brokerChannelExpiredTime", c.broker_expiry);
  return b;
}

}  // namespace apogee::namesrv
