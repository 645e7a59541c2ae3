#include <gtest/gtest.h>

#include <map>
#include <stdexcept>

#include "apogee/allocate_message_queue_strategy.h"
#include "client/consumer/md5.h"

// Allocation results must equal RocketMQ's for the same sorted inputs. The
// consistent-hash table was produced by a Java program using
// MessageDigest("MD5") and TreeMap.ceilingKey exactly as
// ConsistentHashRouter does.
namespace apogee {
namespace {

std::vector<MessageQueue> queues(int n, const std::string& broker = "broker-a") {
  std::vector<MessageQueue> out;
  for (int i = 0; i < n; ++i) out.emplace_back("T", broker, i);
  return out;
}

std::vector<int> ids(const std::vector<MessageQueue>& mqs) {
  std::vector<int> out;
  for (const auto& mq : mqs) out.push_back(mq.getQueueId());
  return out;
}

std::vector<std::string> cids(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back("cid" + std::to_string(i));
  return out;
}

TEST(Md5Test, Rfc1321Vectors) {
  auto hex = [](std::string_view s) {
    std::string out;
    for (auto b : client::md5(s)) {
      static const char* d = "0123456789abcdef";
      out += d[b >> 4];
      out += d[b & 15];
    }
    return out;
  };
  EXPECT_EQ(hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(hex("message digest"), "f96b697d7cb7938d525a2f31aaf161d0");
  EXPECT_EQ(hex("12345678901234567890123456789012345678901234567890123456789012345678901234567890"),
            "57edf4a22be3c955ac49da2e2107b67a");
  EXPECT_EQ(AllocateMessageQueueConsistentHash::md5Hash("abc"), 2416005272);
  EXPECT_EQ(AllocateMessageQueueConsistentHash::md5Hash("c1-0"), 3886541579);
}

struct AvgCase {
  int queues;
  int consumers;
  std::vector<std::vector<int>> expected;  // per consumer index
};

TEST(AllocateAveragelyTest, MatchesRocketMQTable) {
  const std::vector<AvgCase> cases = {
      {8, 3, {{0, 1, 2}, {3, 4, 5}, {6, 7}}},
      {8, 2, {{0, 1, 2, 3}, {4, 5, 6, 7}}},
      {5, 3, {{0, 1}, {2, 3}, {4}}},
      {4, 4, {{0}, {1}, {2}, {3}}},
      {2, 4, {{0}, {1}, {}, {}}},  // more consumers than queues
      {1, 3, {{0}, {}, {}}},
      {7, 1, {{0, 1, 2, 3, 4, 5, 6}}},
  };
  AllocateMessageQueueAveragely avg;
  EXPECT_EQ(avg.getName(), "AVG");
  for (const auto& c : cases) {
    const auto all = cids(c.consumers);
    for (int i = 0; i < c.consumers; ++i) {
      EXPECT_EQ(ids(avg.allocate("G", all[static_cast<std::size_t>(i)], queues(c.queues), all)),
                c.expected[static_cast<std::size_t>(i)])
          << c.queues << " queues, " << c.consumers << " consumers, index " << i;
    }
  }
}

TEST(AllocateAveragelyByCircleTest, MatchesRocketMQTable) {
  AllocateMessageQueueAveragelyByCircle circle;
  EXPECT_EQ(circle.getName(), "AVG_BY_CIRCLE");
  const auto all = cids(3);
  EXPECT_EQ(ids(circle.allocate("G", "cid0", queues(8), all)), (std::vector<int>{0, 3, 6}));
  EXPECT_EQ(ids(circle.allocate("G", "cid1", queues(8), all)), (std::vector<int>{1, 4, 7}));
  EXPECT_EQ(ids(circle.allocate("G", "cid2", queues(8), all)), (std::vector<int>{2, 5}));
  EXPECT_TRUE(circle.allocate("G", "cid2", queues(2), all).empty());
}

TEST(AllocateStrategyTest, ClientNotInListGetsNothingAndBadInputsThrow) {
  AllocateMessageQueueAveragely avg;
  AllocateMessageQueueAveragelyByCircle circle;
  AllocateMessageQueueConsistentHash hash;
  AllocateMessageQueueByMachineRoom room;
  room.setConsumeridcs({"room1"});
  for (const AllocateMessageQueueStrategy* s :
       std::vector<const AllocateMessageQueueStrategy*>{&avg, &circle, &hash, &room}) {
    EXPECT_TRUE(s->allocate("G", "stranger", queues(4), cids(2)).empty()) << s->getName();
    EXPECT_THROW(s->allocate("G", "", queues(4), cids(2)), std::invalid_argument);
    EXPECT_THROW(s->allocate("G", "cid0", {}, cids(2)), std::invalid_argument);
    EXPECT_THROW(s->allocate("G", "cid0", queues(4), {}), std::invalid_argument);
  }
  EXPECT_THROW(AllocateMessageQueueConsistentHash(-1), std::invalid_argument);
}

// Owner of each queue for one (cids, vnodes, queue count) set, from Java.
struct HashCase {
  std::vector<std::string> cids;
  int vnodes;
  int queues;
  std::vector<std::string> owners;
};

TEST(AllocateConsistentHashTest, MatchesJavaRing) {
  const std::vector<HashCase> cases = {
      {{"c1", "c2", "c3"}, 10, 8, {"c1", "c1", "c2", "c3", "c2", "c2", "c3", "c1"}},
      {{"10.0.0.1@a", "10.0.0.2@b"},
       10,
       5,
       {"10.0.0.2@b", "10.0.0.2@b", "10.0.0.1@a", "10.0.0.1@a", "10.0.0.2@b"}},
      {{"x"}, 10, 4, {"x", "x", "x", "x"}},
      {{"a", "b", "c", "d", "e"},
       3,
       16,
       {"c", "a", "a", "b", "d", "d", "e", "a", "c", "a", "d", "d", "a", "b", "d", "e"}},
  };
  for (const auto& c : cases) {
    // Queue q: broker-a for even q, broker-b for odd, queue id q / 2.
    std::vector<MessageQueue> mqs;
    for (int q = 0; q < c.queues; ++q)
      mqs.emplace_back("T", q % 2 == 0 ? "broker-a" : "broker-b", q / 2);
    AllocateMessageQueueConsistentHash strategy(c.vnodes);
    std::map<MessageQueue, std::string> owner;
    for (const auto& cid : c.cids) {
      for (const auto& mq : strategy.allocate("G", cid, mqs, c.cids)) {
        EXPECT_TRUE(owner.emplace(mq, cid).second) << "queue given twice: " << mq.toString();
      }
    }
    ASSERT_EQ(owner.size(), mqs.size());
    for (std::size_t q = 0; q < mqs.size(); ++q) EXPECT_EQ(owner[mqs[q]], c.owners[q]) << q;
  }
}

TEST(AllocateConsistentHashTest, CustomHashFunction) {
  // Every key hashes to 0: the single ring position belongs to the last
  // node put there (TreeMap.put replaces).
  AllocateMessageQueueConsistentHash strategy(2, [](std::string_view) { return 0; });
  const std::vector<std::string> all{"a", "b"};
  EXPECT_TRUE(strategy.allocate("G", "a", queues(3), all).empty());
  EXPECT_EQ(strategy.allocate("G", "b", queues(3), all).size(), 3u);
}

TEST(AllocateByConfigTest, ReturnsConfiguredQueues) {
  AllocateMessageQueueByConfig config;
  config.setMessageQueueList({MessageQueue("T", "b", 3)});
  EXPECT_EQ(config.getName(), "CONFIG");
  EXPECT_EQ(ids(config.allocate("G", "anyone", queues(8), cids(2))), (std::vector<int>{3}));
}

TEST(AllocateByMachineRoomTest, MatchesRocketMQTable) {
  AllocateMessageQueueByMachineRoom room;
  room.setConsumeridcs({"room1", "room2"});
  EXPECT_EQ(room.getName(), "MACHINE_ROOM");
  std::vector<MessageQueue> mqs;
  for (const char* broker :
       {"room1@broker-a", "room2@broker-b", "room3@broker-c", "broker-d", "room1@x@y"}) {
    for (int i = 0; i < 3; ++i) mqs.emplace_back("T", broker, i);
  }
  // Candidates: the 6 queues of room1@broker-a and room2@broker-b. With 4
  // consumers: blocks of 1, remainder 2 to the first two (indexes 4 and 5).
  const auto all = cids(4);
  auto names = [](const std::vector<MessageQueue>& v) {
    std::vector<std::string> out;
    for (const auto& mq : v)
      out.push_back(mq.getBrokerName() + "/" + std::to_string(mq.getQueueId()));
    return out;
  };
  EXPECT_EQ(names(room.allocate("G", "cid0", mqs, all)),
            (std::vector<std::string>{"room1@broker-a/0", "room2@broker-b/1"}));
  EXPECT_EQ(names(room.allocate("G", "cid1", mqs, all)),
            (std::vector<std::string>{"room1@broker-a/1", "room2@broker-b/2"}));
  EXPECT_EQ(names(room.allocate("G", "cid2", mqs, all)),
            (std::vector<std::string>{"room1@broker-a/2"}));
  EXPECT_EQ(names(room.allocate("G", "cid3", mqs, all)),
            (std::vector<std::string>{"room2@broker-b/0"}));
  // Java's split drops trailing empty parts: "room1@b@" is still two parts.
  std::vector<MessageQueue> trailing{MessageQueue("T", "room1@b@", 0)};
  EXPECT_EQ(room.allocate("G", "cid0", trailing, {"cid0"}).size(), 1u);
}

TEST(AllocateStrategyTest, FromFunction) {
  auto s = allocateMessageQueueStrategy(
      "FIRST",
      [](const std::string&, const std::string&, const std::vector<MessageQueue>& all,
         const std::vector<std::string>&) { return std::vector<MessageQueue>{all.front()}; });
  EXPECT_EQ(s->getName(), "FIRST");
  EXPECT_EQ(ids(s->allocate("G", "c", queues(3), {"c"})), (std::vector<int>{0}));
}

}  // namespace
}  // namespace apogee
