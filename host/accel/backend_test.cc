#include "host/accel/backend.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/accel/accelerator.h"
#include "host/io/sample_source.h"

namespace pqa::accel {
namespace {

TEST(ParseBackend, AcceptsTheFourNamesAndRejectsOthersNamingThem) {
  for (const Backend b : {Backend::kCpu, Backend::kHls, Backend::kSim, Backend::kXrt}) {
    EXPECT_EQ(*ParseBackend(BackendName(b)), b);
  }
  EXPECT_EQ(BackendName(Backend::kXrt), "xrt");
  const absl::StatusOr<Backend> bad = ParseBackend("fpga");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), ::testing::HasSubstr("'fpga'"));
  EXPECT_THAT(bad.status().message(), ::testing::HasSubstr("'cpu', 'hls', 'sim' or 'xrt'"));
}

TEST(ConfigureEngine, CpuLeavesTheGoldenAnalysisAndHlsInstallsTheKernels) {
  measure::EngineConfig engine;
  flicker::FlickerConfig fc;
  ASSERT_TRUE(ConfigureEngine(Backend::kHls, engine).ok());
  ASSERT_TRUE(ConfigureFlicker(Backend::kHls, fc).ok());
  EXPECT_TRUE(static_cast<bool>(engine.window_analysis));
  EXPECT_TRUE(static_cast<bool>(fc.pinst_engine));
  ASSERT_TRUE(ConfigureEngine(Backend::kCpu, engine).ok());
  ASSERT_TRUE(ConfigureFlicker(Backend::kCpu, fc).ok());
  EXPECT_FALSE(static_cast<bool>(engine.window_analysis));
  EXPECT_FALSE(static_cast<bool>(fc.pinst_engine));
}

TEST(HlsWindowAnalysis, RejectsWhatTheKernelCannotTakeNamingTheField) {
  measure::EngineConfig config;
  ASSERT_TRUE(ConfigureEngine(Backend::kHls, config).ok());
  config.points_per_window = 8192;
  auto engine = measure::MeasurementEngine::Create(config, {});
  ASSERT_FALSE(engine.ok());
  EXPECT_THAT(engine.status().message(), ::testing::HasSubstr("points_per_window 8192"));
}

TEST(HlsWindowAnalysis, TooHighASampleRateIsABlockErrorNamingTheLimit) {
  measure::EngineConfig config;
  ASSERT_TRUE(ConfigureEngine(Backend::kHls, config).ok());
  auto engine = measure::MeasurementEngine::Create(config, {});
  ASSERT_TRUE(engine.ok()) << engine.status();
  io::SampleBlock block;
  block.sample_rate_hz = 200000;  // 12 cycles at 54 Hz: 44,000 samples > 16,384
  block.channels = 3;
  block.frames = 100;
  block.samples.assign(300, 0.0);
  const absl::Status s = (*engine)->Process(block);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.message(), ::testing::HasSubstr("sample rate 200000 Hz"));
  EXPECT_THAT(s.message(), ::testing::HasSubstr("holds 16384"));
}

}  // namespace
}  // namespace pqa::accel
