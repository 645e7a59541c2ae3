#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "apps/apps_test_util.h"

// A test suite of client commands against one real `apogee dev` (small
// store, free ports) shared by its tests, and running `apogee <args>`.
namespace apogee::testing {

// What one `apogee` run printed and how it exited.
struct CmdRun {
  int code = -1;
  std::string out;
  std::string err;
};

// `text` split into lines, without their newlines.
inline std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

class DevSuiteTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new TempDir();
    const auto conf = tmp_->path() / "broker.conf";
    std::ofstream(conf) << kSmallStoreConf;
    dev_ = new DevServer(startDev(*tmp_, tmp_->path() / "data", {"-c", conf.string()}));
  }
  static void TearDownTestSuite() {
    delete dev_;
    dev_ = nullptr;
    delete tmp_;
    tmp_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(dev_->process) << "apogee dev did not start"; }

  // Runs `apogee <args> -n <namesrv>` to its end.
  static CmdRun run(std::vector<std::string> args, bool with_namesrv = true) {
    if (with_namesrv) {
      args.push_back("-n");
      args.push_back(dev_->namesrv);
    }
    static int counter = 0;
    auto p = ApogeeProcess::start(args, tmp_->path() / ("cmd-" + std::to_string(counter++)));
    CmdRun r;
    if (!p) return r;
    while (auto line = p->readLine(kExitTimeout)) r.out += *line + "\n";
    r.code = p->waitExit(kExitTimeout).value_or(-1);
    r.err = p->stderrText();
    return r;
  }

  inline static TempDir* tmp_ = nullptr;
  inline static DevServer* dev_ = nullptr;
};

}  // namespace apogee::testing
