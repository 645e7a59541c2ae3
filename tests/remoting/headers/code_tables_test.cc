#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "remoting/request_code.h"
#include "remoting/response_code.h"
#include "support/test_data.h"

namespace apogee::remoting {
namespace {

TEST(RequestCodeTable, NumbersAreRocketMQs) {
  static_assert(RequestCode::kSendMessage == 10);
  static_assert(RequestCode::kPullMessage == 11);
  static_assert(RequestCode::kQueryConsumerOffset == 14);
  static_assert(RequestCode::kUpdateConsumerOffset == 15);
  static_assert(RequestCode::kHeartBeat == 34);
  static_assert(RequestCode::kRegisterBroker == 103);
  static_assert(RequestCode::kGetRouteInfoByTopic == 105);
  static_assert(RequestCode::kInvokeBrokerToResetOffset == 222);
  static_assert(RequestCode::kSendMessageV2 == 310);
  static_assert(RequestCode::kSendBatchMessage == 320);
  static_assert(RequestCode::kLitePullMessage == 361);
  static_assert(RequestCode::kPopMessage == 200050);
  static_assert(RequestCode::kBatchAckMessage == 200151);
  SUCCEED();
}

TEST(RequestCodeTable, Names) {
  EXPECT_EQ(requestCodeName(RequestCode::kPullMessage), "PULL_MESSAGE");
  EXPECT_EQ(requestCodeName(10), "SEND_MESSAGE");
  EXPECT_EQ(requestCodeName(105), "GET_ROUTEINFO_BY_TOPIC");
  EXPECT_EQ(requestCodeName(310), "SEND_MESSAGE_V2");
  EXPECT_EQ(requestCodeName(200151), "BATCH_ACK_MESSAGE");
  EXPECT_EQ(requestCodeName(908), "RESET_MASTER_FLUSH_OFFSET");
  for (int unknown : {0, 9, 16, 44, 218, 999, 1001, 3001, -1, 200057}) {
    EXPECT_EQ(requestCodeName(unknown), "UNKNOWN") << unknown;
  }
}

TEST(ResponseCodeTable, Names) {
  EXPECT_EQ(responseCodeName(ResponseCode::kSuccess), "SUCCESS");
  EXPECT_EQ(responseCodeName(19), "PULL_NOT_FOUND");
  EXPECT_EQ(responseCodeName(25), "SUBSCRIPTION_NOT_LATEST");
  EXPECT_EQ(responseCodeName(206), "CONSUMER_NOT_ONLINE");
  EXPECT_EQ(responseCodeName(1500), "GO_AWAY");
  EXPECT_EQ(responseCodeName(-1006), "RPC_TIME_OUT");
  for (int unknown : {5, 9, 30, 199, 214, 216, 2000, 3001, -1, -1001}) {
    EXPECT_EQ(responseCodeName(unknown), "UNKNOWN") << unknown;
  }
}

TEST(ResponseCodeTable, ClashingCodesNameBothMeanings) {
  static_assert(ResponseCode::kPollingFull == ResponseCode::kUpdateAndCreateAclConfigFailed);
  static_assert(ResponseCode::kPollingTimeout == ResponseCode::kDeleteAclConfigFailed);
  static_assert(ResponseCode::kBrokerNotExist == ResponseCode::kUpdateGlobalWhiteAddrsConfigFailed);
  EXPECT_EQ(responseCodeName(209), "UPDATE_AND_CREATE_ACL_CONFIG_FAILED|POLLING_FULL");
  EXPECT_EQ(responseCodeName(210), "DELETE_ACL_CONFIG_FAILED|POLLING_TIMEOUT");
  EXPECT_EQ(responseCodeName(211), "UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED|BROKER_NOT_EXIST");
}

// ---- every constant has its name ------------------------------------------
// Reads the constants out of the header text, so a code added without a name
// (or with a name that does not match its constant) fails here.

struct Constant {
  std::string identifier;  // "kPullMessage"
  int value;
};

std::vector<Constant> constantsIn(const std::string& relative_path) {
  const std::string text = testing::readFile(testing::testDataDir() / ".." / ".." / relative_path);
  static const std::regex kDecl(R"(inline constexpr int (k\w+) = (-?\d+);)");
  std::vector<Constant> out;
  for (std::sregex_iterator it(text.begin(), text.end(), kDecl), end; it != end; ++it) {
    out.push_back({(*it)[1].str(), std::stoi((*it)[2].str())});
  }
  return out;
}

// "kGetRouteInfoByTopic" and "GET_ROUTEINFO_BY_TOPIC" both become "getrouteinfobytopic".
std::string fold(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == '_') continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

bool nameMatches(std::string_view table_name, std::string_view identifier) {
  const std::string want = fold(identifier.substr(1));  // drop the leading 'k'
  std::size_t start = 0;
  while (start <= table_name.size()) {
    std::size_t bar = table_name.find('|', start);
    if (bar == std::string_view::npos) bar = table_name.size();
    if (fold(table_name.substr(start, bar - start)) == want) return true;
    start = bar + 1;
  }
  return false;
}

TEST(RequestCodeTable, EveryConstantHasItsName) {
  const auto constants = constantsIn("src/remoting/request_code.h");
  ASSERT_GE(constants.size(), 120u);
  std::set<int> values;
  for (const auto& c : constants) {
    EXPECT_TRUE(nameMatches(requestCodeName(c.value), c.identifier))
        << c.identifier << " = " << c.value << " is named " << requestCodeName(c.value);
    EXPECT_TRUE(values.insert(c.value).second) << "request code " << c.value << " declared twice";
  }
}

TEST(ResponseCodeTable, EveryConstantHasItsName) {
  const auto constants = constantsIn("src/remoting/response_code.h");
  ASSERT_GE(constants.size(), 50u);
  std::map<int, int> uses;
  for (const auto& c : constants) {
    EXPECT_TRUE(nameMatches(responseCodeName(c.value), c.identifier))
        << c.identifier << " = " << c.value << " is named " << responseCodeName(c.value);
    ++uses[c.value];
  }
  // Only the documented 4.9.x / 5.x clash shares numbers.
  for (const auto& [value, count] : uses) {
    if (value >= 209 && value <= 211) {
      EXPECT_EQ(count, 2) << value;
    } else {
      EXPECT_EQ(count, 1) << "response code " << value << " declared twice";
    }
  }
}

}  // namespace
}  // namespace apogee::remoting
