// The built pqa program with --backend xrt: it must fail with a clear message
// and a non-zero exit status -- never a crash, a hang or records -- when XRT
// is not set up or no card is present, and when only XRT's no-op shim is
// there (its runs compute nothing: records would be zeros).
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/xrt/noop_shim_testing.h"

namespace pqa::xrt {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Outcome {
  int exit_code = -1;  // -1: killed by a signal
  std::string output;  // stdout and stderr
};

// `env` is prefixed to the command (an env(1) invocation); timeout(1) turns
// a hang into exit code 124.
Outcome RunPqa(const std::string& env, const std::string& args) {
  const std::string command = env + " timeout 60 " + std::string(PQA_BINARY) + " " + args + " 2>&1";
  Outcome o;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return o;
  char buffer[4096];
  while (std::fgets(buffer, sizeof(buffer), pipe) != nullptr) o.output += buffer;
  const int status = pclose(pipe);
  if (WIFEXITED(status)) o.exit_code = WEXITSTATUS(status);
  return o;
}

class PqaReplayXrt : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/pqa_replay_xrt";
    std::filesystem::create_directories(dir_);
    recording_ = dir_ + "/in.cfg";
    records_ = dir_ + "/records.jsonl";
    std::filesystem::remove(records_);
    const Outcome synth = RunPqa("env", "synth " + recording_ + " --duration 2s --quiet");
    ASSERT_EQ(synth.exit_code, 0) << synth.output;
  }
  std::string Replay(const std::string& xclbin) const {
    return "replay " + recording_ + " --backend xrt --xclbin " + xclbin + " --records " + records_ +
           " --quiet";
  }
  // Exit status 1 or 2 (bad input, usage): not 0, not a signal, not timeout's 124.
  static void ExpectCleanFailure(const Outcome& o) {
    EXPECT_NE(o.exit_code, 0) << o.output;
    EXPECT_NE(o.exit_code, -1) << "killed by a signal: " << o.output;
    EXPECT_NE(o.exit_code, 124) << "hung: " << o.output;
    EXPECT_THAT(o.output, Not(HasSubstr("terminate called")));
  }
  bool NoRecords() const {
    return !std::filesystem::exists(records_) || std::filesystem::file_size(records_) == 0;
  }

  std::string dir_, recording_, records_;
};

TEST_F(PqaReplayXrt, WithoutXrtSetUpFailsSayingSo) {
  const Outcome o =
      RunPqa("env -u XCL_EMULATION_MODE -u XILINX_XRT", Replay(testing::TestXclbin("pqa_noop")));
  ExpectCleanFailure(o);
  EXPECT_THAT(o.output, HasSubstr("--backend xrt"));
  EXPECT_THAT(o.output, HasSubstr("XILINX_XRT is unset"));
  EXPECT_TRUE(NoRecords());
}

TEST_F(PqaReplayXrt, WithoutACardFailsSayingSo) {
  // Hardware mode with an XRT tree that holds no hardware shim: what a
  // machine without the card's runtime sees.
  const Outcome o = RunPqa(std::string("env -u XCL_EMULATION_MODE XILINX_XRT=") + PQA_XRT_NOOP_ROOT,
                           Replay(testing::TestXclbin("pqa_noop")));
  ExpectCleanFailure(o);
  EXPECT_THAT(o.output, HasSubstr("XRT: counting devices"));
  EXPECT_TRUE(NoRecords());
}

TEST_F(PqaReplayXrt, MissingXclbinFailsNamingIt) {
  const std::string missing = dir_ + "/missing.xclbin";
  const Outcome o = RunPqa("env", Replay(missing));
  ExpectCleanFailure(o);
  EXPECT_THAT(o.output, HasSubstr(missing));
  EXPECT_THAT(o.output, HasSubstr("not found"));
  EXPECT_TRUE(NoRecords());
}

TEST_F(PqaReplayXrt, UnderTheNoopShimRefusesToWriteZeros) {
  const Outcome o =
      RunPqa(std::string("env XCL_EMULATION_MODE=noop XILINX_XRT=") + PQA_XRT_NOOP_ROOT,
             Replay(testing::TestXclbin("pqa_noop")));
  ExpectCleanFailure(o);
  EXPECT_THAT(o.output, HasSubstr("XCL_EMULATION_MODE=noop"));
  EXPECT_THAT(o.output, HasSubstr("zeros"));
  EXPECT_TRUE(NoRecords());
}

}  // namespace
}  // namespace pqa::xrt
