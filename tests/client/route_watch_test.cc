#include <gtest/gtest.h>

#include <chrono>

#include "client/topic_route_table.h"

// RouteWatchList: which topics the instance asks the name server for every
// second during a broker outage, and when it stops.
namespace apogee::client {
namespace {

using namespace std::chrono_literals;
using Clock = RouteWatchList::Clock;

remoting::TopicRouteData routeWith(std::initializer_list<const char*> brokers) {
  remoting::TopicRouteData route;
  for (const char* b : brokers) {
    remoting::QueueData qd;
    qd.brokerName = b;
    qd.readQueueNums = 4;
    qd.writeQueueNums = 4;
    qd.perm = 6;
    route.queueDatas.push_back(qd);
  }
  return route;
}

TEST(RouteWatchListTest, AWatchEndsWhenEveryExpectedBrokerIsBack) {
  RouteWatchList list;
  const auto t0 = Clock::now();
  list.watch("T", {"broker-a", "broker-b"}, true, t0);
  EXPECT_EQ(list.due(t0, 30min), std::vector<std::string>{"T"});
  // broker-a still missing: stays watched.
  EXPECT_FALSE(list.settle("T", routeWith({"broker-b"})));
  EXPECT_TRUE(list.watching("T"));
  // No route at all is not complete either.
  EXPECT_FALSE(list.settle("T", routeWith({})));
  EXPECT_TRUE(list.watching("T"));
  // Both back: the watch ends and reports that brokers came back.
  EXPECT_TRUE(list.settle("T", routeWith({"broker-a", "broker-b"})));
  EXPECT_FALSE(list.watching("T"));
  EXPECT_TRUE(list.due(t0, 30min).empty());
}

TEST(RouteWatchListTest, AnUnreachableBrokerWhoseRouteIsCompleteIsNotAReturn) {
  RouteWatchList list;
  const auto t0 = Clock::now();
  // Reported by a failed pull: the route may well be complete.
  list.watch("T", {"broker-a"}, false, t0);
  EXPECT_FALSE(list.settle("T", routeWith({"broker-a"})));
  EXPECT_FALSE(list.watching("T"));
  // A topic not watched is left alone.
  EXPECT_FALSE(list.settle("T", routeWith({"broker-a"})));
}

TEST(RouteWatchListTest, WatchingAgainWidensTheExpectationAndKeepsTheStart) {
  RouteWatchList list;
  const auto t0 = Clock::now();
  list.watch("T", {"broker-a"}, false, t0);
  list.watch("T", {"broker-b"}, true, t0 + 20min);
  EXPECT_FALSE(list.settle("T", routeWith({"broker-a"})));
  // Started at t0, so it expires 30 min after t0, not after the second watch.
  EXPECT_EQ(list.due(t0 + 29min, 30min).size(), 1u);
  EXPECT_TRUE(list.due(t0 + 31min, 30min).empty());
  EXPECT_FALSE(list.watching("T"));
}

TEST(RouteWatchListTest, ForgetAndBrokersOf) {
  RouteWatchList list;
  list.watch("T", {}, true, Clock::now());
  list.forget("T");
  EXPECT_FALSE(list.watching("T"));
  EXPECT_EQ(RouteWatchList::brokersOf(routeWith({"b", "a", "b"})),
            (std::set<std::string>{"a", "b"}));
}

TEST(RouteWatchListTest, AnEmptyExpectationIsMetByAnyRoute) {
  RouteWatchList list;
  list.watch("T", {}, true, Clock::now());
  EXPECT_TRUE(list.settle("T", routeWith({"broker-c"})));
}

}  // namespace
}  // namespace apogee::client
