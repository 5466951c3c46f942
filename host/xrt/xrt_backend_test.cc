// The analyzer's whole path through the XRT backend under the no-op shim:
// the factories ConfigureXrtBackend installs build the window analysis and
// one flicker engine per phase on the card's buffers, and a replay drives
// every window and every flicker block through a kernel run. The shim
// computes nothing, so the records' values are not looked at; what is
// checked is that each window and each block became exactly one completed
// run and that nothing failed.
#include "host/xrt/xrt_backend.h"

#include <cstddef>
#include <cstdlib>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/analyzer/backend_registry.h"
#include "host/common/time.h"
#include "host/replay/replay.h"
#include "host/synth/synth_source.h"
#include "host/xrt/noop_shim_testing.h"
#include "host/xrt/xrt_pinst_engine.h"
#include "tests/replay/replay_fixture.h"

namespace pqa::xrt {
namespace {

using ::testing::HasSubstr;

// threads = 2 puts the measurement engine (window runs) on a second thread
// beside the flicker engines (flicker runs): both share one device.
class XrtBackendReplay : public ::testing::TestWithParam<int> {};

TEST_P(XrtBackendReplay, RunsEveryWindowAndFlickerBlockOnTheCard) {
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
  options.analyzer.threads = GetParam();
  InstallXrtBackend(*program, options.analyzer);
  auto summary = replay::ReplaySource(source, options, {});
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_TRUE((*program)->fault().ok()) << (*program)->fault();

  // 2 s at 60 Hz hold ten 12-cycle windows (IEC 61000-4-30 5.2); the engine
  // hands each block's windows to the card in one run (n_jobs), and both
  // replay blocks complete windows: two runs.
  EXPECT_EQ((*program)->window_runs(), 2);
  // 30,720 samples per phase in replay blocks of 16,384 and 14,336 frames,
  // cut into runs of 4,096 samples: 4 + 4 runs per phase, three phases.
  const std::size_t per_phase =
      (16384 + XrtPinstEngine::kDefaultBlockSamples - 1) / XrtPinstEngine::kDefaultBlockSamples +
      (14336 + XrtPinstEngine::kDefaultBlockSamples - 1) / XrtPinstEngine::kDefaultBlockSamples;
  ASSERT_EQ(per_phase, 8u);
  EXPECT_EQ((*program)->flicker_runs(), 3 * 8);
}

INSTANTIATE_TEST_SUITE_P(Threads, XrtBackendReplay, ::testing::Values(1, 2));

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

// What only a card proves: the kernels compute on it. Skipped unless
// PQA_XRT_CARD_XCLBIN names a v++-built xclbin (PQA_XRT_CARD_DEVICE: the
// device index, default 0) and the no-op shim is not in use, i.e. run it on
// its own: xrt_backend_test --gtest_filter=XrtBackend.OnACard*
// The same recording through the native kernels (--backend hls) and the
// card gives records within a fiftieth of the class A / class I tolerances
// and Pst within 1 %, the acceptance of the native kernels against the
// golden engine (tests/replay/replay_backends_test.cc).
TEST(XrtBackend, OnACardRecordsMatchTheNativeKernels) {
  const char* xclbin = std::getenv("PQA_XRT_CARD_XCLBIN");
  if (xclbin == nullptr) GTEST_SKIP() << "no card: set PQA_XRT_CARD_XCLBIN to run on one";
  const char* mode = std::getenv("XCL_EMULATION_MODE");
  if (mode != nullptr && std::string(mode) == "noop") {
    GTEST_SKIP() << "the no-op shim is loaded in this process: run this test on its own";
  }
  const char* device = std::getenv("PQA_XRT_CARD_DEVICE");
  XrtProgramOptions o;
  o.xclbin = xclbin;
  o.device = device == nullptr ? 0 : std::atoi(device);
  auto program = XrtProgram::Open(o);
  ASSERT_TRUE(program.ok()) << program.status();

  constexpr double kNominalV = 127;
  synth::WaveformSpec spec;
  spec.sample_rate_hz = 7680;
  // Two minutes of flicker settling, then one whole 10-minute interval.
  spec.start = 2833334 * kTenMinutesNs - 2 * kNsPerMinute;
  spec.duration_s = 14 * 60;
  spec.frequency_hz = 59.82;
  spec.magnitude_pu = {1.0, 0.97, 1.02};
  spec.harmonics = {{3, 0.02, 0}, {5, 0.05, 30}, {7, 0.008, 0}, {13, 0.012, 0}};
  spec.modulation = {synth::ModulationShape::kRectangular, 110.0 / 120, 0.8};
  auto replay = [&](bool on_card) {
    synth::SynthSource source(spec);
    replay::ReplayOptions options;
    options.analyzer.engine.nominal_voltage_v = kNominalV;
    options.analyzer.intervals = {"10min", "150cycle"};
    options.analyzer.backend = accel::Backend::kHls;
    if (on_card) InstallXrtBackend(*program, options.analyzer);
    std::vector<pqa::v1::Record> records;
    auto summary = replay::ReplaySource(source, options, [&](const pqa::v1::Record& r) {
      records.push_back(r);
      return absl::OkStatus();
    });
    EXPECT_TRUE(summary.ok()) << summary.status();
    return records;
  };
  const std::vector<pqa::v1::Record> hls = replay(false);
  const std::vector<pqa::v1::Record> card = replay(true);
  ASSERT_TRUE((*program)->fault().ok()) << (*program)->fault();
  ASSERT_EQ(hls.size(), card.size());
  ASSERT_GT(hls.size(), 200u);
  EXPECT_EQ(pqa::testing::ExpectRecordsAgree(hls, card, kNominalV).pst, 3);
}

}  // namespace
}  // namespace pqa::xrt
