#include "host/measure/ten_second_frequency.h"

#include <vector>

#include "gtest/gtest.h"

namespace pqa::measure {
namespace {

constexpr TimeNs kT0 = 1'700'000'000 * kNsPerSecond;  // a multiple of 10 s

TEST(TenSecondFrequencyMeter, CountsWholeCyclesInsideTheClockInterval) {
  TenSecondFrequencyMeter meter;
  // Cycles of 1/59.9 s starting 3 ms after the tick; the one that straddles
  // the next tick is discarded (IEC 61000-4-30 5.1.2).
  const double period = 1 / 59.9;
  TimeNs t = kT0 + 3'000'000;
  int inside = 0;
  while (t < kT0 + 2 * kTenSecondsNs) {
    meter.AddCycle(t, period);
    if (t + static_cast<TimeNs>(period * 1e9) <= kT0 + kTenSecondsNs) ++inside;
    t += static_cast<TimeNs>(period * 1e9);
  }
  const auto values = meter.Take();
  ASSERT_EQ(values.size(), 1u);
  EXPECT_EQ(values[0].start, kT0);
  EXPECT_EQ(values[0].cycles, inside);
  EXPECT_EQ(inside, 598);  // floor((10 - 0.003) * 59.9)
  EXPECT_NEAR(values[0].frequency_hz, 59.9, 1e-9);
}

TEST(TenSecondFrequencyMeter, AdvanceAndFlushCloseIntervals) {
  TenSecondFrequencyMeter meter;
  meter.AddCycle(kT0 + kNsPerSecond, 0.02);
  meter.AddCycle(kT0 + kNsPerSecond + 20'000'000, 0.02);
  meter.AdvanceTo(kT0 + 5 * kNsPerSecond);  // still inside: nothing closes
  EXPECT_TRUE(meter.Take().empty());
  meter.AdvanceTo(kT0 + kTenSecondsNs);
  auto values = meter.Take();
  ASSERT_EQ(values.size(), 1u);
  EXPECT_EQ(values[0].cycles, 2);
  EXPECT_NEAR(values[0].frequency_hz, 50, 1e-12);
  meter.AddCycle(kT0 + 3 * kTenSecondsNs, 0.025);
  meter.Flush();
  values = meter.Take();
  ASSERT_EQ(values.size(), 1u);
  EXPECT_EQ(values[0].start, kT0 + 3 * kTenSecondsNs);
  EXPECT_NEAR(values[0].frequency_hz, 40, 1e-12);
  EXPECT_EQ(FrequencyFromCycles(0, 1), 0);
}

}  // namespace
}  // namespace pqa::measure
