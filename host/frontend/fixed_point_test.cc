#include "host/frontend/fixed_point.h"

#include <cmath>

#include "gtest/gtest.h"

namespace pqa::frontend {
namespace {

TEST(AdcScale, FullScalePeakMapsToLargestCode) {
  auto scale = MakeAdcScale(400.0, 16);
  ASSERT_TRUE(scale.ok());
  EXPECT_EQ(VoltsToCode(*scale, 400.0), 32767);
  EXPECT_EQ(VoltsToCode(*scale, -400.0), -32767);
  EXPECT_EQ(VoltsToCode(*scale, 0.0), 0);
  // An ADC clips: beyond full scale the code saturates at the range ends.
  EXPECT_EQ(VoltsToCode(*scale, 1000.0), 32767);
  EXPECT_EQ(VoltsToCode(*scale, -1000.0), -32768);
  // Round to nearest: half an LSB above 100 LSB.
  EXPECT_EQ(VoltsToCode(*scale, 100.4 * scale->volts_per_code), 100);
  EXPECT_EQ(VoltsToCode(*scale, 100.6 * scale->volts_per_code), 101);
}

TEST(AdcScale, RejectsUnsupportedWidthsAndScales) {
  EXPECT_FALSE(MakeAdcScale(400.0, 7).ok());
  EXPECT_FALSE(MakeAdcScale(400.0, 33).ok());
  EXPECT_FALSE(MakeAdcScale(0.0, 16).ok());
  EXPECT_FALSE(MakeAdcScale(NAN, 16).ok());
}

TEST(AdcScale, MeanSquareRoundTripsThroughRmsVolts) {
  auto scale = MakeAdcScale(400.0, 16);
  ASSERT_TRUE(scale.ok());
  // 230 V RMS is 230 / (400 / 32767) = 18841.03 LSB; squared 354,984,3xx.
  const uint64_t ms = RmsVoltsToMeanSquare(*scale, 230.0);
  const double lsb = 230.0 / scale->volts_per_code;
  EXPECT_EQ(ms, static_cast<uint64_t>(std::llround(lsb * lsb)));
  EXPECT_NEAR(MeanSquareToRmsVolts(*scale, ms), 230.0, 1e-6);
}

TEST(PuToQ15, IecThresholdsHaveTheRegisterResetValues) {
  EXPECT_EQ(*PuToQ15(0.9), 29491);
  EXPECT_EQ(*PuToQ15(1.1), 36045);
  EXPECT_EQ(*PuToQ15(0.1), 3277);
  EXPECT_EQ(*PuToQ15(0.02), 655);
  EXPECT_DOUBLE_EQ(Q15ToPu(32768), 1.0);
  EXPECT_FALSE(PuToQ15(2.0).ok());
  EXPECT_FALSE(PuToQ15(-0.1).ok());
}

}  // namespace
}  // namespace pqa::frontend
