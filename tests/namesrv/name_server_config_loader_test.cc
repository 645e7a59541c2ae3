#include "namesrv/name_server_config_loader.h"

#include <gtest/gtest.h>

#include <chrono>

namespace apogee::namesrv {
namespace {

TEST(NameServerConfigLoaderTest, MapsRocketMQKeys) {
  NameServerConfig c;
  auto p = parseProperties(
      "listenPort=9877\n"
      "listenHost=127.0.0.1\n"
      "serverSelectorThreads=3\n"
      "serverWorkerThreads=16\n"
      "serverChannelMaxIdleTimeSeconds=60\n"
      "kvConfigPath=/tmp/kv.json\n"
      "orderMessageEnable=true\n"
      "scanNotActiveBrokerInterval=2000\n"
      "brokerChannelExpiredTime=30000\n");
  ASSERT_TRUE(p.ok());
  Status s = nameServerConfigBinder(c).apply(*p, "namesrv.conf");
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(c.listen_port, 9877);
  EXPECT_EQ(c.listen_host, "127.0.0.1");
  EXPECT_EQ(c.io_threads, 3u);
  EXPECT_EQ(c.processor_threads, 16u);
  EXPECT_EQ(c.idle_timeout, std::chrono::seconds(60));
  EXPECT_EQ(c.kv_config_path, "/tmp/kv.json");
  EXPECT_TRUE(c.order_message_enable);
  EXPECT_EQ(c.scan_interval, std::chrono::milliseconds(2000));
  EXPECT_EQ(c.broker_expiry, std::chrono::milliseconds(30000));
}

TEST(NameServerConfigLoaderTest, ErrorsNameLineAndKey) {
  NameServerConfig c;
  EXPECT_EQ(nameServerConfigBinder(c).apply({{"listenPort", "-1", 2}}, "namesrv.conf").message(),
            "namesrv.conf:2: key 'listenPort': '-1' is out of range 0..65535");
  EXPECT_EQ(nameServerConfigBinder(c).apply({{"brokerName", "a", 5}}, "namesrv.conf").message(),
            "namesrv.conf:5: unknown key 'brokerName'");
}

}  // namespace
}  // namespace apogee::namesrv
