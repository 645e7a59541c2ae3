#include "remoting/headers/route.h"

#include <gtest/gtest.h>

#include "header_test_util.h"

namespace apogee::remoting {
namespace {

using header_testing::expectHeaderContract;

TEST(RouteHeaders, GetRouteInfo) {
  GetRouteInfoRequestHeader h;
  h.topic = "TBW102";
  h.acceptStandardJsonOnly = true;
  expectHeaderContract(h);
  h.acceptStandardJsonOnly.reset();
  EXPECT_EQ(toExtFields(h), (ExtFields{{"topic", "TBW102"}}));
}

RegisterBrokerRequestHeader sampleRegister() {
  RegisterBrokerRequestHeader h;
  h.brokerName = "broker-a";
  h.brokerAddr = "127.0.0.1:20911";
  h.clusterName = "DefaultCluster";
  h.haServerAddr = "127.0.0.1:20912";
  h.brokerId = 1;
  h.heartbeatTimeoutMillis = 120000;
  h.enableActingMaster = true;
  h.compressed = true;
  h.bodyCrc32 = 2049654356;
  return h;
}

TEST(RouteHeaders, RegisterBroker) {
  expectHeaderContract(sampleRegister());
  RegisterBrokerResponseHeader resp;
  resp.haServerAddr = "127.0.0.1:20912";
  resp.masterAddr = "127.0.0.1:20911";
  expectHeaderContract(resp);
}

TEST(RouteHeaders, RegisterBrokerResponseMayBeEmpty) {
  auto decoded = decodeHeader<RegisterBrokerResponseHeader>(ExtFields{});
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, RegisterBrokerResponseHeader{});
}

TEST(RouteHeaders, RegisterBrokerAlwaysWritesCompressedAndCrc) {
  // Java's primitive `compressed` and its Integer bodyCrc32 (initialised to 0)
  // are never null, so a 4.9.8 broker always sends both.
  RegisterBrokerRequestHeader h = sampleRegister();
  h.heartbeatTimeoutMillis.reset();
  h.enableActingMaster.reset();
  h.compressed = false;
  h.bodyCrc32 = 0;
  const ExtFields wire = toExtFields(h);
  EXPECT_EQ(wire.get("compressed"), "false");
  EXPECT_EQ(wire.get("bodyCrc32"), "0");
  EXPECT_EQ(wire.size(), 7u);
}

TEST(RouteHeaders, UnregisterAndDataVersion) {
  UnregisterBrokerRequestHeader unreg;
  unreg.brokerName = "broker-a";
  unreg.brokerAddr = "127.0.0.1:20911";
  unreg.clusterName = "DefaultCluster";
  unreg.brokerId = 0;
  expectHeaderContract(unreg);

  QueryDataVersionRequestHeader query;
  query.brokerName = "broker-a";
  query.brokerAddr = "127.0.0.1:20911";
  query.clusterName = "DefaultCluster";
  query.brokerId = 2;
  expectHeaderContract(query);

  QueryDataVersionResponseHeader changed;
  changed.changed = true;
  expectHeaderContract(changed);
}

TEST(RouteHeaders, DeleteTopicFromNamesrv) {
  DeleteTopicFromNamesrvRequestHeader h;
  h.topic = "CorpusT";
  h.clusterName = "DefaultCluster";
  expectHeaderContract(h);
}

TEST(RouteHeaders, KvConfigUsesTheNamespaceKey) {
  PutKVConfigRequestHeader put;
  put.namespace_ = "ORDER_TOPIC_CONFIG";
  put.key = "CorpusT";
  put.value = "broker-a:8";
  expectHeaderContract(put);
  EXPECT_EQ(toExtFields(put),
            (ExtFields{
                {"namespace", "ORDER_TOPIC_CONFIG"}, {"key", "CorpusT"}, {"value", "broker-a:8"}}));

  GetKVConfigRequestHeader get;
  get.namespace_ = "ORDER_TOPIC_CONFIG";
  get.key = "CorpusT";
  expectHeaderContract(get);
  GetKVConfigResponseHeader got;
  got.value = "broker-a:8";
  expectHeaderContract(got);

  DeleteKVConfigRequestHeader del;
  del.namespace_ = "ORDER_TOPIC_CONFIG";
  del.key = "CorpusT";
  expectHeaderContract(del);

  GetKVListByNamespaceRequestHeader list;
  list.namespace_ = "ORDER_TOPIC_CONFIG";
  expectHeaderContract(list);
}

TEST(RouteHeaders, TopicsByCluster) {
  GetTopicsByClusterRequestHeader h;
  h.cluster = "DefaultCluster";
  expectHeaderContract(h);
}

}  // namespace
}  // namespace apogee::remoting
