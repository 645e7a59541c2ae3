// Regression guard: the transport and the body module share the namespace
// apogee::remoting, and once both defined a class `Connection` (the transport
// channel and RocketMQ's body type). The linker merged their inline members,
// an ODR violation that ASan caught as stack corruption in a body test. This
// file includes every transport header together with every body header, so a
// class defined twice is a compile error here instead of a silent runtime bug.
#include "remoting/body/admin_bodies.h"
#include "remoting/body/consumer_running_info.h"
#include "remoting/body/heartbeat.h"
#include "remoting/body/java_compat.h"
#include "remoting/body/json_reader.h"
#include "remoting/body/json_writer.h"
#include "remoting/body/message_queue_json.h"
#include "remoting/body/offset_bodies.h"
#include "remoting/body/register_broker_body.h"
#include "remoting/body/route.h"
#include "remoting/body/topic_config.h"
#include "remoting/transport/connection.h"
#include "remoting/transport/connection_event.h"
#include "remoting/transport/connector.h"
#include "remoting/transport/dispatcher.h"
#include "remoting/transport/endpoint_context.h"
#include "remoting/transport/io_context_pool.h"
#include "remoting/transport/processor.h"
#include "remoting/transport/processor_registry.h"
#include "remoting/transport/remoting_client.h"
#include "remoting/transport/remoting_server.h"
#include "remoting/transport/response_table.h"
#include "remoting/transport/transport_config.h"

#include <gtest/gtest.h>

namespace apogee::remoting {
namespace {

TEST(TransportNames, CoexistWithTheBodyTypesInOneTranslationUnit) {
  ConnectionInfo body_entry;  // RocketMQ's body type: one client of a consumer group
  body_entry.clientId = "127.0.0.1@4711";
  ConsumerConnection consumers;
  consumers.connectionSet.push_back(body_entry);
  ChannelPtr channel;  // the transport's connection handle
  EXPECT_EQ(channel, nullptr);
  EXPECT_EQ(consumers.connectionSet.front().clientId, "127.0.0.1@4711");
  EXPECT_EQ(consumers.connectionSet.front(), body_entry);
}

}  // namespace
}  // namespace apogee::remoting
