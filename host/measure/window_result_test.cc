#include "host/measure/window_result.h"

#include <cstddef>
#include <limits>

#include "gtest/gtest.h"

namespace pqa::measure {
namespace {

WindowResult Window() {
  WindowResult w;
  for (PhaseWindow& p : w.phases) {
    p.rms_v = 127;
    p.fundamental = {127, 0};
    p.subgroups.fill(1.5);
    p.i_subgroups.fill(2.5);
  }
  return w;
}

TEST(FlagUnrepresentableWindow, KeepsAWindowUpToTheFullScale) {
  WindowResult w = Window();
  w.phases[2].subgroups[7] = kWindowFullScaleV;  // the limit itself fits
  w.phases[1].i_subgroups[50] = -kWindowFullScaleA;
  EXPECT_TRUE(FlagUnrepresentableWindow(w));
  EXPECT_TRUE(w.valid);
  EXPECT_EQ(w.phases[2].subgroups[7], kWindowFullScaleV);
}

// Every subgroup index, voltage and current, in the four-at-a-time part
// (0..47) and the tail (48..50): beyond the full scale, infinite or NaN.
// A phasor's magnitude, not its parts, against the full scale: parts of 0.7
// and 0.8 of it give magnitudes 0.99 (fits) and 1.13 (does not); a NaN or
// infinite part never fits.
TEST(FlagUnrepresentableWindow, JudgesPhasorsByTheirMagnitude) {
  const double fs = kWindowFullScaleV;
  WindowResult w = Window();
  w.phases[1].fundamental = {0.7 * fs, -0.7 * fs};
  EXPECT_TRUE(FlagUnrepresentableWindow(w));
  w.phases[1].fundamental = {0.8 * fs, -0.8 * fs};
  EXPECT_FALSE(FlagUnrepresentableWindow(w));
  for (const double bad :
       {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    w = Window();
    w.sequence.negative = {1, bad};
    EXPECT_FALSE(FlagUnrepresentableWindow(w)) << bad;
    w = Window();
    w.phases[2].i_fundamental = {bad, 0};
    EXPECT_FALSE(FlagUnrepresentableWindow(w)) << bad;
  }
  w = Window();
  w.phases[0].i_fundamental = {0.5 * kWindowFullScaleA, 0.9 * kWindowFullScaleA};
  EXPECT_FALSE(FlagUnrepresentableWindow(w));
}

TEST(FlagUnrepresentableWindow, FlagsAnySubgroupBeyondTheFullScaleOrNotFinite) {
  const double bad[] = {2 * kWindowFullScaleV, -std::numeric_limits<double>::infinity(),
                        std::numeric_limits<double>::quiet_NaN()};
  for (double value : bad) {
    for (std::size_t h = 0; h <= kMaxHarmonicOrder; ++h) {
      for (bool current : {false, true}) {
        WindowResult w = Window();
        (current ? w.phases[1].i_subgroups : w.phases[1].subgroups)[h] = value;
        SCOPED_TRACE(testing::Message() << value << " at " << h << (current ? " (current)" : ""));
        EXPECT_FALSE(FlagUnrepresentableWindow(w));
        EXPECT_FALSE(w.valid);
        EXPECT_EQ(w.phases[1].rms_v, 0);  // zeroed, nothing garbage left
      }
    }
  }
}

}  // namespace
}  // namespace pqa::measure
