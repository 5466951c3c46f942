#include "host/measure/window_rms.h"

#include <cmath>
#include <numbers>
#include <utility>
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

TEST(WindowPower, SinusoidsGiveVoltageCurrentAndActivePower) {
  // 12 cycles of 127 V and 80 A lagging 30 degrees at 64.37 samples per
  // cycle, the ends between samples: P = V I cos(30 degrees).
  const double period = 64.37, begin = 10.31, lag = std::numbers::pi / 6;
  std::vector<double> v(1000), i(1000);
  for (std::size_t n = 0; n < v.size(); ++n) {
    const double th = 2 * std::numbers::pi * (static_cast<double>(n) - begin) / period;
    v[n] = 127 * std::sqrt(2.0) * std::sin(th);
    i[n] = 80 * std::sqrt(2.0) * std::sin(th - lag);
  }
  const WindowPowerMeans m = WindowPower(v.data(), i.data(), begin, begin + 12 * period);
  EXPECT_NEAR(m.v_rms, 127, 0.01);
  EXPECT_NEAR(m.i_rms, 80, 0.01);
  EXPECT_NEAR(m.p, 127 * 80 * std::cos(lag), 127 * 80 * 1e-4);
}

TEST(WindowPower, IsTheSingleQuantitiesBitForBit) {
  // One pass for three means must not change a bit of any of them: short
  // and long spans, spans inside one cell, ends on cell borders.
  std::vector<double> v(5000), i(5000);
  for (std::size_t n = 0; n < v.size(); ++n) {
    v[n] = 180 * std::sin(0.0123 * static_cast<double>(n * n % 977)) +
           0.1 * static_cast<double>(n % 13);
    i[n] = 90 * std::cos(0.031 * static_cast<double>(n)) - 0.3 * static_cast<double>(n % 7);
  }
  const std::pair<double, double> spans[] = {{3.2, 3.4},    {3.2, 4.7},     {10.5, 11.5},
                                             {7.25, 19.75}, {0.6, 3413.3},  {100.37, 4500.9},
                                             {5, 5},        {12.01, 4999.2}};
  for (const auto& [begin, end] : spans) {
    SCOPED_TRACE(testing::Message() << begin << ".." << end);
    const WindowPowerMeans m = WindowPower(v.data(), i.data(), begin, end);
    EXPECT_EQ(m.v_rms, WindowRms(v.data(), begin, end));
    EXPECT_EQ(m.i_rms, WindowRms(i.data(), begin, end));
    EXPECT_EQ(m.p, WindowMeanProduct(v.data(), i.data(), begin, end));
  }
}

}  // namespace
}  // namespace pqa::measure
