#include "host/xrt/xrt_program.h"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "experimental/xrt_xclbin.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/xrt/kernel_signatures.h"
#include "host/xrt/noop_shim_testing.h"

namespace pqa::xrt {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::TestXclbin;
using testing::UseNoopShim;

absl::StatusOr<std::shared_ptr<XrtProgram>> OpenTest(const std::string& path, int device = 0) {
  UseNoopShim();
  XrtProgramOptions o;
  o.xclbin = path;
  o.device = device;
  return XrtProgram::Open(o);
}

std::string TempPath(const std::string& name) { return ::testing::TempDir() + "/" + name; }

TEST(XrtProgram, LoadsTheXclbinAndFindsBothKernelsAndTheirUnits) {
  auto program = OpenTest(TestXclbin("pqa_noop"));
  ASSERT_TRUE(program.ok()) << program.status();
  EXPECT_EQ((*program)->emulation_mode(), "noop");
  EXPECT_THAT((*program)->window_units(), ElementsAre("window_1"));
  EXPECT_THAT((*program)->flicker_units(), ElementsAre("flicker_1"));
  auto window = (*program)->OpenWindowKernel();
  ASSERT_TRUE(window.ok()) << window.status();
  auto flicker = (*program)->OpenFlickerKernel();
  ASSERT_TRUE(flicker.ok()) << flicker.status();
  // Every buffer argument resolves to the one bank the test xclbin declares.
  for (int i :
       {window_arg::kSamples, window_arg::kJobs, window_arg::kCoefficients, window_arg::kOut}) {
    EXPECT_EQ(window->group_id(i), 0) << "window argument " << i;
  }
  for (int i : {flicker_arg::kSamples, flicker_arg::kCoefficients, flicker_arg::kState,
                flicker_arg::kPinst, flicker_arg::kHistogram}) {
    EXPECT_EQ(flicker->group_id(i), 0) << "flicker argument " << i;
  }
}

// The index constants the host sets arguments with, against the parameter
// names of the C signatures in hls/kernels/window_kernel.h and
// flicker_kernel.h as the xclbin carries them.
TEST(XrtProgram, ArgumentIndicesMatchTheKernelSignatures) {
  UseNoopShim();
  const ::xrt::xclbin xclbin(TestXclbin("pqa_noop"));
  auto names = [&](const std::string& kernel) {
    std::vector<std::string> n;
    for (const auto& a : xclbin.get_kernel(kernel).get_args()) n.push_back(a.get_name());
    return n;
  };
  const std::vector<std::string> window = names("pqa_window_kernel");
  ASSERT_EQ(window.size(), 7u);
  EXPECT_EQ(window[window_arg::kSamples], "samples");
  EXPECT_EQ(window[window_arg::kJobs], "jobs");
  EXPECT_EQ(window[window_arg::kCoefficients], "coefficients");
  EXPECT_EQ(window[window_arg::kOut], "out");
  EXPECT_EQ(window[window_arg::kNJobs], "n_jobs");
  EXPECT_EQ(window[window_arg::kTaps], "taps");
  EXPECT_EQ(window[window_arg::kPhases], "phases");
  const std::vector<std::string> flicker = names("pqa_flicker_kernel");
  ASSERT_EQ(flicker.size(), 7u);
  EXPECT_EQ(flicker[flicker_arg::kSamples], "samples");
  EXPECT_EQ(flicker[flicker_arg::kN], "n");
  EXPECT_EQ(flicker[flicker_arg::kCoefficients], "coefficients");
  EXPECT_EQ(flicker[flicker_arg::kState], "state");
  EXPECT_EQ(flicker[flicker_arg::kPinst], "pinst");
  EXPECT_EQ(flicker[flicker_arg::kHistogram], "histogram");
  EXPECT_EQ(flicker[flicker_arg::kClassifyFrom], "classify_from");
}

TEST(XrtProgram, HandsTheFlickerUnitsOutInTurn) {
  auto program = OpenTest(TestXclbin("pqa_noop_3cu"));
  ASSERT_TRUE(program.ok()) << program.status();
  EXPECT_THAT((*program)->flicker_units(), ElementsAre("flicker_1", "flicker_2", "flicker_3"));
  for (int phase = 0; phase < 4; ++phase) {
    auto kernel = (*program)->OpenFlickerKernel();
    EXPECT_TRUE(kernel.ok()) << "phase " << phase << ": " << kernel.status();
  }
}

TEST(XrtProgram, MissingXclbinNamesTheFileAndHowToBuildIt) {
  const std::string path = TempPath("no_such.xclbin");
  auto program = OpenTest(path);
  ASSERT_EQ(program.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(program.status().message(), HasSubstr(path));
  EXPECT_THAT(program.status().message(), HasSubstr("v++"));
}

TEST(XrtProgram, NoXclbinGivenAsksForTheOption) {
  auto program = OpenTest("");
  ASSERT_EQ(program.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(program.status().message(), HasSubstr("--xclbin"));
}

TEST(XrtProgram, CorruptXclbinIsRefusedByName) {
  const std::string garbage = TempPath("garbage.xclbin");
  {
    std::ofstream f(garbage, std::ios::binary);
    for (int i = 0; i < 4096; ++i) f.put(static_cast<char>((i * 131 + 7) & 0xFF));
  }
  auto program = OpenTest(garbage);
  ASSERT_EQ(program.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(program.status().message(), HasSubstr(garbage));
  EXPECT_THAT(program.status().message(), HasSubstr("not an xclbin"));

  // A real xclbin cut short: the header promises more than the file holds.
  std::ifstream in(TestXclbin("pqa_noop"), std::ios::binary);
  const std::vector<char> whole((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
  ASSERT_GT(whole.size(), 1000u);
  const std::string cut = TempPath("cut.xclbin");
  {
    std::ofstream f(cut, std::ios::binary);
    f.write(whole.data(), 1000);
  }
  program = OpenTest(cut);
  ASSERT_EQ(program.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(program.status().message(), HasSubstr(cut));
  EXPECT_THAT(program.status().message(), HasSubstr("truncated"));
}

TEST(XrtProgram, DeviceIndexOutOfRangeNamesTheIndexAndTheRange) {
  // The no-op shim stands for one device: index 0 only.
  auto program = OpenTest(TestXclbin("pqa_noop"), 1);
  ASSERT_EQ(program.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(program.status().message(), HasSubstr("device index 1"));
  EXPECT_THAT(program.status().message(), HasSubstr("0..0"));
  EXPECT_THAT(program.status().message(), HasSubstr("xbutil examine"));

  program = OpenTest(TestXclbin("pqa_noop"), -1);
  EXPECT_EQ(program.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(XrtProgram, XclbinWithoutTheFlickerKernelIsRefused) {
  auto program = OpenTest(TestXclbin("pqa_no_flicker"));
  ASSERT_EQ(program.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(program.status().message(), HasSubstr("no kernel pqa_flicker_kernel"));
}

TEST(XrtProgram, XclbinFromOtherKernelSourcesIsRefused) {
  auto program = OpenTest(TestXclbin("pqa_renamed_arg"));
  ASSERT_EQ(program.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(program.status().message(),
              HasSubstr("argument 2 of kernel pqa_window_kernel is 'table'"));
  EXPECT_THAT(program.status().message(), HasSubstr("'coefficients'"));
}

}  // namespace
}  // namespace pqa::xrt
