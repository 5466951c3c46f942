#include "host/accel/backend.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/accel/accelerator.h"

namespace pqa::accel {
namespace {

TEST(ParseBackend, AcceptsTheTwoNamesAndRejectsOthersNamingThem) {
  EXPECT_EQ(*ParseBackend("cpu"), Backend::kCpu);
  EXPECT_EQ(*ParseBackend("hls"), Backend::kHls);
  const absl::StatusOr<Backend> bad = ParseBackend("fpga");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), ::testing::HasSubstr("'fpga'"));
  EXPECT_THAT(bad.status().message(), ::testing::HasSubstr("'cpu' or 'hls'"));
  EXPECT_EQ(BackendName(Backend::kHls), "hls");
  EXPECT_EQ(BackendName(Backend::kCpu), "cpu");
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

}  // namespace
}  // namespace pqa::accel
