// deploy/pqa-analyze@.service: the analyzer's unit grants the raw socket's
// capability and nothing else, runs `pqa analyze` on the instance's
// interface, and is a unit systemd accepts (systemd-analyze verify, where
// installed, with ExecStart pointed at the built program).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "tests/replay/replay_fixture.h"
#include "tests/sv/sv_netns.h"

namespace pqa::testing {
namespace {

std::string UnitText() {
  const char* root = std::getenv("PQA_SOURCE_DIR");
  return Slurp(absl::StrCat(root ? root : ".", "/deploy/pqa-analyze@.service"));
}

TEST(SvDeploy, TheAnalyzerUnitGrantsCapNetRawAndNothingElse) {
  const std::string text = UnitText();
  ASSERT_FALSE(text.empty()) << "deploy/pqa-analyze@.service not found (PQA_SOURCE_DIR?)";
  std::map<std::string, std::string> settings;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line[0] == '[') continue;
    const std::size_t eq = line.find('=');
    if (eq != std::string::npos) settings[line.substr(0, eq)] = line.substr(eq + 1);
  }
  EXPECT_EQ(settings["CapabilityBoundingSet"], "CAP_NET_RAW");
  EXPECT_EQ(settings["AmbientCapabilities"], "CAP_NET_RAW");
  EXPECT_EQ(settings["NoNewPrivileges"], "yes");
  EXPECT_EQ(settings["KillSignal"], "SIGTERM");
  EXPECT_NE(settings["ExecStart"].find("pqa analyze --sv %i"), std::string::npos);
  EXPECT_NE(settings["RestrictAddressFamilies"].find("AF_PACKET"), std::string::npos);
  EXPECT_EQ(settings.count("User"), 0u);  // DynamicUser: no root
  EXPECT_EQ(settings["DynamicUser"], "yes");
}

TEST(SvDeploy, SystemdAcceptsTheUnit) {
  std::string out;
  if (RunShell("command -v systemd-analyze", &out) != 0) {
    GTEST_SKIP() << "systemd-analyze is not installed";
  }
  TempDir dir;
  const std::string unit = dir.Path("pqa-analyze@eth0.service");
  std::ofstream(unit) << absl::StrReplaceAll(UnitText(), {{"/usr/local/bin/pqa", PQA_BINARY}});
  EXPECT_EQ(RunShell("systemd-analyze verify " + unit, &out), 0) << out;
  EXPECT_EQ(out.find("Unknown"), std::string::npos) << out;
}

}  // namespace
}  // namespace pqa::testing
