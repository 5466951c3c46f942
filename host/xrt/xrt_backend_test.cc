// The analyzer's whole path through the XRT backend under the no-op shim:
// the factories ConfigureXrtBackend installs build the window analysis and
// one flicker engine per phase on the card's buffers, and a replay drives
// every window and every flicker block through a kernel run. The shim
// computes nothing, so the records' values are not looked at; what is
// checked is that each window and each block became exactly one completed
// run and that nothing failed.
#include "host/xrt/xrt_backend.h"

#include <cstddef>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/analyzer/backend_registry.h"
#include "host/replay/replay.h"
#include "host/synth/synth_source.h"
#include "host/xrt/noop_shim_testing.h"
#include "host/xrt/xrt_pinst_engine.h"

namespace pqa::xrt {
namespace {

using ::testing::HasSubstr;

TEST(XrtBackend, ReplayRunsEveryWindowAndFlickerBlockOnTheCard) {
  testing::UseNoopShim();
  XrtProgramOptions o;
  o.xclbin = testing::TestXclbin("pqa_noop_3cu");
  auto program = XrtProgram::Open(o);
  ASSERT_TRUE(program.ok()) << program.status();

  synth::WaveformSpec spec;
  spec.sample_rate_hz = 15360;
  spec.duration_s = 2;
  spec.frequency_hz = 60;
  synth::SynthSource source(spec);
  replay::ReplayOptions options;
  options.frames_per_block = 16384;
  options.analyzer.intervals = {"150cycle"};
  options.analyzer.events = false;
  InstallXrtBackend(*program, options.analyzer);
  auto summary = replay::ReplaySource(source, options, {});
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_TRUE((*program)->fault().ok()) << (*program)->fault();

  // 2 s at 60 Hz hold ten 12-cycle windows (IEC 61000-4-30 5.2); the engine
  // places them from the first fundamental period it has measured.
  EXPECT_GE((*program)->window_runs(), 8);
  EXPECT_LE((*program)->window_runs(), 10);
  // 30,720 samples per phase in replay blocks of 16,384 and 14,336 frames,
  // cut into runs of 4,096 samples: 4 + 4 runs per phase, three phases.
  const std::size_t per_phase =
      (16384 + XrtPinstEngine::kDefaultBlockSamples - 1) / XrtPinstEngine::kDefaultBlockSamples +
      (14336 + XrtPinstEngine::kDefaultBlockSamples - 1) / XrtPinstEngine::kDefaultBlockSamples;
  ASSERT_EQ(per_phase, 8u);
  EXPECT_EQ((*program)->flicker_runs(), 3 * 8);
}

TEST(XrtBackend, ConfigureRefusesTheNoopShim) {
  testing::UseNoopShim();
  accel::BackendOptions options;
  options.backend = accel::Backend::kXrt;
  options.xclbin = testing::TestXclbin("pqa_noop");
  analyzer::AnalyzerConfig config;
  const absl::Status st = ConfigureXrtBackend(options, config);
  EXPECT_EQ(st.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(st.message(), HasSubstr("XCL_EMULATION_MODE=noop"));
  EXPECT_FALSE(config.window_analysis);
  EXPECT_FALSE(config.pinst_engine);
}

TEST(XrtBackend, RegistersWithTheAnalyzer) {
  testing::UseNoopShim();
  RegisterXrtBackend();
  accel::BackendOptions options;
  options.backend = accel::Backend::kXrt;
  options.xclbin = testing::TestXclbin("pqa_noop");
  analyzer::AnalyzerConfig config;
  // Found (not "not built into this program"), and it is the XRT configurer.
  EXPECT_THAT(analyzer::ConfigureBackend(options, config).message(),
              HasSubstr("XCL_EMULATION_MODE=noop"));
}

}  // namespace
}  // namespace pqa::xrt
