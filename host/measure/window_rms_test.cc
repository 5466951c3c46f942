#include "host/measure/window_rms.h"

#include <cmath>
#include <numbers>
#include <vector>

#include "gtest/gtest.h"

namespace pqa::measure {
namespace {

TEST(WindowRms, WholeCyclesBetweenSamplesGiveTheSineRms) {
  // 12 cycles of a 100 V RMS sine at 64.37 samples per cycle, starting 0.31
  // samples into the record: the ends fall between samples.
  const double period = 64.37, begin = 10.31;
  std::vector<double> x(1000);
  for (std::size_t n = 0; n < x.size(); ++n) {
    x[n] = 100 * std::sqrt(2.0) *
           std::sin(2 * std::numbers::pi * (static_cast<double>(n) - begin) / period + 0.4);
  }
  // IEC 61000-4-30 class A: 0.1 % of the declared voltage; the edge weighting
  // must do much better than that to leave room for everything else.
  EXPECT_NEAR(WindowRms(x.data(), begin, begin + 12 * period), 100, 0.01);
}

TEST(WindowRms, ConstantSignalIsItsOwnRms) {
  std::vector<double> x(50, -2.5);
  EXPECT_NEAR(WindowRms(x.data(), 3.7, 41.2), 2.5, 1e-12);
  EXPECT_EQ(WindowRms(x.data(), 5, 5), 0);
}

}  // namespace
}  // namespace pqa::measure
